import LinearProgramming

extension RosterFormulation {
    /// Re-rostering with breaks: kept shifts whose published breaks move
    /// (``RosterProblem/publishedBreakPlan(agent:shift:)``), each paying the break-change weight
    /// w. On a shift s with break counts b[s,p] (per coverage group with queues, ``countKey(shift:agent:)``), let k[s,p] = Σ x[a,s] over the agents published
    /// on s with placement p. Agents on one shift are interchangeable for coverage, so the fewest
    /// moved breaks the counts allow is Σ_p max(0, k[s,p] − b[s,p]) (published agents take their
    /// own placement first, as ``breakPlans(_:)`` decodes):
    ///
    /// `m[s,p] ≥ k[s,p] − b[s,p]`, `m[s,p] ≥ 0`, objective `+ w·Σ m[s,p]`
    ///
    /// (b taken as 0 when a restricted model does not offer p). An agent in an activity session on
    /// s takes a placement of their own, `w[a,s,·]` (``addActivities(placements:)``): k drops them
    /// (`+ Σ_{p'} w[a,s,p']` on the row's right side) and they pay w for any own placement but
    /// their published one. A published placement that no
    /// longer exists (−1) costs `w·x[a,s]`, as does keeping a shift whose single placement differs
    /// from the published one. In the explicit model (``init(explicitBreaks:)``) every agent has
    /// own placements, and pays w on each but the published one. The term is exact and the LP bound stays valid: m is at its
    /// smallest in any optimal solution. Size: one continuous variable and one row per shift and
    /// published placement that someone kept.
    mutating func addPublishedBreakChanges() {
        let weight = problem.breakChangeWeight
        guard weight > 0, problem.published != nil else { return }
        var kept: [Int: [Int: [Variable]]] = [:]
        // Agents in an activity session on a shift take a placement of their own (w), outside the
        // counts: each is moved unless it takes its published one, and drops out of k.
        var own: [AgentShiftKey: [Int: Variable]] = [:]
        for entry in ownPlacements { own[AgentShiftKey(agent: entry.agent, shift: entry.shift), default: [:]][entry.plan] = entry.variable }
        var ownTerms: [Int: [Int: [LinearTerm]]] = [:]
        // Agents with break-window wishes on the shift pay for moves in their own terms, and use
        // the published placement's count before the others.
        let wishing = breakWindowPairs()
        for (key, plans) in wishing.onPlan {
            for (plan, variables) in plans { ownTerms[key, default: [:]][plan, default: []] += variables.map { LinearTerm($0, -1) } }
        }
        for (agentIndex, entries) in assignmentVariables.enumerated() {
            for entry in entries {
                guard let plan = problem.publishedBreakPlan(agent: agentIndex, shift: problem.shifts[entry.shift]) else { continue }
                let key = countKey(shift: entry.shift, agent: agentIndex)
                if plan >= 0, wishing.pairs.contains(AgentShiftKey(agent: agentIndex, shift: entry.shift)) { continue }
                if explicitBreaks, let mine = own[AgentShiftKey(agent: agentIndex, shift: entry.shift)] {
                    // Every agent's own placements: each one but the published moves the breaks.
                    for (ownPlan, variable) in mine where ownPlan != plan { model.addObjectiveTerm(variable, weight) }
                } else if plan < 0 || breakCounts[key] == nil {
                    if plan != 0 { model.addObjectiveTerm(entry.variable, weight) }
                } else {
                    kept[key, default: [:]][plan, default: []].append(entry.variable)
                    for (ownPlan, variable) in own[AgentShiftKey(agent: agentIndex, shift: entry.shift)] ?? [:] {
                        ownTerms[key, default: [:]][plan, default: []].append(LinearTerm(variable, 1))
                        if ownPlan != plan { model.addObjectiveTerm(variable, weight) }
                    }
                }
            }
        }
        for key in kept.keys.sorted() {
            for (plan, workers) in kept[key]!.sorted(by: { $0.key < $1.key }) {
                let moved = model.addVariable("brkmoved(\(label(countKey: key)),\(plan + 1))", lowerBound: 0)
                model.addObjectiveTerm(moved, weight)
                var row = LinearExpression([LinearTerm(moved, 1)] + (ownTerms[key]?[plan] ?? []))
                for worker in workers { row.add(worker, -1) }
                if let count = breakCounts[key]!.first(where: { $0.plan == plan }) { row.add(count.variable, 1) }
                model.addConstraint("brkkept(\(label(countKey: key)),\(plan + 1))", row, .greaterOrEqual(0))
            }
        }
    }
}
