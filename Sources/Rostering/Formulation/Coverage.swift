import LinearProgramming

extension RosterFormulation {
    /// Coverage (soft): for every interval t with a requirement or a shift covering it,
    /// `Σ x[a,s]·covers(s,t) − breaks(t) − sessions(t) + under[t] − over[t] = required[t]`, and
    /// the objective pays `under` and `over` at their weights per agent-hour times the interval's
    /// length in hours. `breaks(t)` counts the agents on a break in t (``addBreakCounts()``; a
    /// shift with a single placement of its breaks simply does not cover their intervals), and
    /// `sessions(t)` the agents in an activity session (``addActivities(placements:)``).
    mutating func addCoverage(placements: ((Int) -> [Int])? = nil) {
        let horizon = problem.horizon
        let sessions = addActivities(placements: placements)
        var covering = addBreakCounts(placements: placements, own: sessions.own)
        for (interval, terms) in sessions.terms.enumerated() { covering[interval] += terms }
        for variables in assignmentVariables {
            for entry in variables {
                for interval in countedIntervals(problem.shifts[entry.shift]) {
                    covering[interval].append(LinearTerm(entry.variable, 1))
                }
            }
        }
        let hours = Double(horizon.intervalMinutes) / 60
        underStaffing = Array(repeating: nil, count: horizon.intervalCount)
        overStaffing = Array(repeating: nil, count: horizon.intervalCount)
        guard problem.staffsByInterval else { return }
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
}
