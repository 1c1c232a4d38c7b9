import LinearProgramming

extension RosterFormulation {
    /// Working days per agent and calendar week: `Σ_{s in w} x[a,s] ≤ maxDays_a` (with at most one
    /// shift a day, shifts and days worked are the same count). Added only where it can bind.
    mutating func addMaxDaysPerWeek() {
        let horizon = problem.horizon
        for (agentIndex, agent) in problem.agents.enumerated() {
            let byWeek = shiftsByWeek(agent: agentIndex)
            for week in 0..<horizon.weekCount {
                let entries = byWeek[week] ?? []
                let daysWithShifts = Set(entries.map { problem.shifts[$0.shift].day }).count
                guard daysWithShifts > agent.maxDaysPerWeek else { continue }
                model.addConstraint(
                    "maxDays(\(Self.label(agent.id)),w\(week + 1))",
                    LinearExpression(entries.map { LinearTerm($0.variable, 1) }), .lessOrEqual(Double(agent.maxDaysPerWeek)))
            }
        }
    }
}
