import LinearProgramming

extension RosterFormulation {
    /// Breaks, implicitly by shift (exact). A shift s whose length a break rule covers has the
    /// placements P(s) of its rule's breaks (``BreakRule/placements(length:)``); B(s,p) is the set
    /// of intervals placement p takes.
    /// - |P(s)| = 1: the agent on s counts in coverage only outside B(s,p).
    /// - |P(s)| > 1: an integer `b[s,p] ≥ 0` per placement counts the agents on s who take it,
    ///   `Σ_p b[s,p] + Σ_{a,p} w[a,s,p] − Σ_a x[a,s] = 0` (row `breaks(s)`; `Σ_a x[a,s]` is `n[s]`
    ///   in the compact form, ``agentsOnShifts()``; `w` are the own
    ///   placements of agents in an activity session on s, `own`), and coverage of interval t gets
    ///   `− Σ_{s,p: t ∈ B(s,p)} b[s,p]` besides the agents' whole shifts.
    ///
    /// Agents on one shift are interchangeable for breaks (their breaks touch only coverage), so
    /// any roster's counts give each agent a placement without loss (``decode(_:)``), and every
    /// roster with placements per agent has counts: the model is exact. Without interval
    /// staffing breaks change nothing and the counts are left out.
    ///
    /// With queues the counts are kept per shift and skill set (``countKey(shift:agent:)``): the
    /// agents of one set are interchangeable, those of two sets are not.
    ///
    /// Returns, per slot (``slot(_:agent:)``), the terms the counts add to its coverage.
    /// Size: Σ_s |P(s)| integers and one row per shift with several placements that someone may work.
    ///
    /// A restricted model (`placements`) offers only some placements per shift: its optimum is
    /// then an upper bound, as with restricted shifts.
    mutating func addBreakCounts(
        placements: ((Int) -> [Int])? = nil, own: [Int: [Variable]] = [:], onShift: [Int: (terms: [LinearTerm], count: Int)]
    ) -> [[LinearTerm]] {
        var terms = Array(repeating: [LinearTerm](), count: slotCount)
        breakCounts = [:]
        guard problem.hasBreaks, problem.staffsByInterval else { return terms }
        if explicitBreaks { return addExplicitPlacements(placements: placements) }
        let intervals = problem.horizon.intervalCount
        for key in onShift.keys.sorted() {
            let (shiftIndex, group) = split(countKey: key)
            let shift = problem.shifts[shiftIndex], working = onShift[key]!
            let count = problem.breakPlans(of: shift).count
            guard count > 1 else { continue }
            let offered = placements.map { $0(shift.index).filter { $0 >= 0 && $0 < count } } ?? Array(0..<count)
            let name = label(countKey: key)
            var row = LinearExpression(working.terms.map { LinearTerm($0.variable, -$0.coefficient) } + (own[key] ?? []).map { LinearTerm($0, 1) })
            var counts: [(plan: Int, variable: Variable)] = []
            for plan in offered.isEmpty ? [0] : offered {
                let variable = model.addVariable("brk(\(name),\(plan + 1))", kind: .integer, lowerBound: 0, upperBound: Double(working.count))
                counts.append((plan, variable))
                row.add(variable, 1)
                for interval in problem.breakIntervals(shift, plan: plan) { terms[group * intervals + interval].append(LinearTerm(variable, -1)) }
            }
            breakCounts[key] = counts
            model.addConstraint("breaks(\(name))", row, .equal(0))
        }
        return terms
    }

    /// Breaks enumerated per agent (``init(explicitBreaks:)``): on a shift with several
    /// placements, a binary `w[a,s,p]` per agent and placement with `Σ_p w[a,s,p] = x[a,s]` (row
    /// `own(a,s)`), and coverage of t gets `− w[a,s,p]` for t ∈ B(s,p). Exact, like the counts;
    /// as own placements, the decoding, published breaks and break-window wishes read them as they
    /// read an activity agent's. Size: Σ_{a,s} |P(s)| binaries and one row per agent and shift.
    private mutating func addExplicitPlacements(placements: ((Int) -> [Int])?) -> [[LinearTerm]] {
        var terms = Array(repeating: [LinearTerm](), count: slotCount)
        for (agent, entries) in assignmentVariables.enumerated() {
            for entry in entries {
                let shift = problem.shifts[entry.shift]
                let count = problem.breakPlans(of: shift).count
                guard count > 1 else { continue }
                let offered = placements.map { $0(entry.shift).filter { $0 >= 0 && $0 < count } } ?? Array(0..<count)
                let name = "\(Self.label(problem.agents[agent].id)),\(label(shift))"
                var row = LinearExpression([LinearTerm(entry.variable, -1)])
                for plan in offered.isEmpty ? [0] : offered {
                    let w = model.addVariable("own(\(name),\(plan + 1))", kind: .binary)
                    ownPlacements.append(OwnPlacementVariable(agent: agent, shift: entry.shift, plan: plan, variable: w))
                    row.add(w, 1)
                    for interval in problem.breakIntervals(shift, plan: plan) { terms[slot(interval, agent: agent)].append(LinearTerm(w, -1)) }
                }
                model.addConstraint("own(\(name))", row, .equal(0))
            }
        }
        return terms
    }

    /// Intervals in which an agent working `shift` counts before any break count is taken off:
    /// the whole shift, or, when the shift has a single placement, the shift outside its breaks.
    func countedIntervals(_ shift: Shift) -> [Int] {
        let span = Array(problem.coveredIntervals(shift))
        guard problem.breakPlans(of: shift).count == 1 else { return span }
        let breaks = Set(problem.breakIntervals(shift, plan: 0))
        return breaks.isEmpty ? span : span.filter { !breaks.contains($0) }
    }

    /// The counts of a solution (an LP's may be fractional) per shift with count variables:
    /// placement and value, where positive.
    func breakCountValues(_ values: [Double]) -> [Int: [(plan: Int, value: Double)]] {
        breakCounts.mapValues { counts in counts.map { ($0.plan, values[$0.variable.index]) }.filter { $0.1 > 1e-6 } }
    }

    /// Each agent's placement on each of their shifts, from a solution's counts: an agent in an
    /// activity session on the shift takes their own placement; an agent with a break-window
    /// wish there takes a placement of the class the solution gives them (``addBreakWindowWishes(_:)``);
    /// an agent re-rostered on a shift with published breaks takes their published placement while its
    /// count lasts (``addPublishedBreakChanges()``); then the other agents on the shift, in agent
    /// order, take the placements left in placement order (placement 0 where the counts fall
    /// short, as when they are absent).
    func breakPlans(_ values: [Double]) -> [ShiftKey: Int] {
        var plans: [ShiftKey: Int] = [:]
        var working: [Int: [Int]] = [:]
        for (agentIndex, entries) in assignmentVariables.enumerated() {
            for entry in entries where values[entry.variable.index] > 0.5 { working[countKey(shift: entry.shift, agent: agentIndex), default: []].append(agentIndex) }
        }
        let own = activityValues(values).plans
        var wished: [AgentShiftKey: [Int]] = [:]
        for entry in breakWindowVariables where values[entry.variable.index] > 0.5 { wished[AgentShiftKey(agent: entry.agent, shift: entry.shift)] = entry.plans }
        for (key, agents) in working {
            let shiftIndex = split(countKey: key).shift
            let shift = problem.shifts[shiftIndex]
            var left: [(plan: Int, count: Int)] = (breakCounts[key] ?? []).map { ($0.plan, max(0, Int(values[$0.variable.index].rounded()))) }
            // Agents with break-window wishes first: a placement of their class (its published one first).
            for agentIndex in agents {
                guard let inClass = wished[AgentShiftKey(agent: agentIndex, shift: shiftIndex)] else { continue }
                let published = problem.publishedBreakPlan(agent: agentIndex, shift: shift)
                let slot = left.firstIndex { $0.plan == published && $0.count > 0 && inClass.contains($0.plan) }
                    ?? left.firstIndex { $0.count > 0 && inClass.contains($0.plan) }
                if let slot { left[slot].count -= 1 }
                plans[ShiftKey(agent: problem.agents[agentIndex].id, start: shift.start, end: shift.end)] = slot.map { left[$0].plan } ?? inClass[0]
            }
            var unplaced: [Int] = []
            for agentIndex in agents where wished[AgentShiftKey(agent: agentIndex, shift: shiftIndex)] == nil {
                if let plan = own[AgentShiftKey(agent: agentIndex, shift: shiftIndex)] {
                    plans[ShiftKey(agent: problem.agents[agentIndex].id, start: shift.start, end: shift.end)] = plan
                } else if let own = problem.publishedBreakPlan(agent: agentIndex, shift: shift), let slot = left.firstIndex(where: { $0.plan == own && $0.count > 0 }) {
                    left[slot].count -= 1
                    plans[ShiftKey(agent: problem.agents[agentIndex].id, start: shift.start, end: shift.end)] = own
                } else {
                    unplaced.append(agentIndex)
                }
            }
            let queue = left.flatMap { Array(repeating: $0.plan, count: $0.count) }
            for (position, agentIndex) in unplaced.enumerated() {
                plans[ShiftKey(agent: problem.agents[agentIndex].id, start: shift.start, end: shift.end)] = position < queue.count ? queue[position] : 0
            }
        }
        return plans
    }
}
