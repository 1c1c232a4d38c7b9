import LinearProgramming

extension RosterFormulation {
    /// Coverage (soft): for every interval t with a requirement or a shift covering it,
    /// `Σ x[a,s]·covers(s,t) − breaks(t) − sessions(t) + under[t] − over[t] = required[t]`, and
    /// the objective pays `under` and `over` at their weights per agent-hour times the interval's
    /// length in hours. `breaks(t)` counts the agents on a break in t (``addBreakCounts(placements:own:onShift:)``; a
    /// shift with a single placement of its breaks simply does not cover their intervals), and
    /// `sessions(t)` the agents in an activity session (``addActivities(placements:)``). In the
    /// compact form `Σ_a x[a,s]` is the shift's count `n[s]` (``agentsOnShifts()``).
    mutating func addCoverage(placements: ((Int) -> [Int])? = nil, sessionStarts: ((Int, Int) -> Set<Instant>)? = nil) {
        let horizon = problem.horizon
        let sessions = addActivities(placements: placements, starts: sessionStarts)
        let onShift = agentsOnShifts()
        var covering = addBreakCounts(placements: placements, own: sessions.own, onShift: onShift)
        for (slot, terms) in sessions.terms.enumerated() { covering[slot] += terms }
        for (key, agents) in onShift.sorted(by: { $0.key < $1.key }) {
            let (shift, group) = split(countKey: key)
            for interval in countedIntervals(problem.shifts[shift]) { covering[group * horizon.intervalCount + interval] += agents.terms }
        }
        let hours = Double(horizon.intervalMinutes) / 60
        underStaffing = Array(repeating: nil, count: horizon.intervalCount)
        overStaffing = Array(repeating: nil, count: horizon.intervalCount)
        guard problem.staffsByInterval else { return }
        if problem.hasQueues {
            addQueueCoverage(onPhone: covering)
            return
        }
        for interval in 0..<horizon.intervalCount {
            let required = problem.required[interval]
            if covering[interval].isEmpty && required == 0 { continue }
            let name = label(instant: horizon.intervalStart(interval))
            var expression = LinearExpression(covering[interval])
            if required > 0 {
                let under = model.addVariable("under(\(name))", kind: .continuous, lowerBound: 0, upperBound: Double(required))
                expression.add(under, 1)
                model.addObjectiveTerm(under, problem.weights.underStaffingPerAgentHour * hours)
                underStaffing[interval] = under
            }
            if !covering[interval].isEmpty {
                let over = model.addVariable("over(\(name))", kind: .continuous, lowerBound: 0)
                expression.add(over, -1)
                model.addObjectiveTerm(over, problem.weights.overStaffingPerAgentHour * hours)
                overStaffing[interval] = over
            }
            model.addConstraint("cover(\(name))", expression, .equal(Double(required)))
        }
    }

    /// The agents on each shift someone may work (per count key, ``countKey(shift:agent:)``), as terms: the assignment variables `x[a,s]`,
    /// or in the compact form (with interval staffing) the shift's count `n[s]`, continuous,
    /// with `n[s] − Σ_a x[a,s] = 0` (row `count(s)`), so that coverage and the break rows hold
    /// one entry per interval of s instead of one per agent and interval. A substitution of a
    /// defined variable: the same integer points and LP relaxation. Also the number of agents.
    mutating func agentsOnShifts() -> [Int: (terms: [LinearTerm], count: Int)] {
        var working: [Int: [Variable]] = [:]
        for (agent, entries) in assignmentVariables.enumerated() {
            for entry in entries { working[countKey(shift: entry.shift, agent: agent), default: []].append(entry.variable) }
        }
        guard isCompact, problem.staffsByInterval else {
            return working.mapValues { variables in (variables.map { LinearTerm($0, 1) }, variables.count) }
        }
        var counted: [Int: (terms: [LinearTerm], count: Int)] = [:]
        for (shift, variables) in working.sorted(by: { $0.key < $1.key }) {
            guard variables.count > 1 else {
                counted[shift] = ([LinearTerm(variables[0], 1)], 1)
                continue
            }
            let name = "count(\(label(countKey: shift)))"
            let count = model.addVariable(name, kind: .continuous, lowerBound: 0, upperBound: Double(variables.count))
            var row = LinearExpression(variables.map { LinearTerm($0, -1) })
            row.add(count, 1)
            model.addConstraint(name, row, .equal(0))
            counted[shift] = ([LinearTerm(count, 1)], variables.count)
        }
        return counted
    }
}
