import LinearProgramming

extension RosterFormulation {
    /// Working days per agent and calendar week: `Σ_{s in w} x[a,s] ≤ maxDays_a` (with at most one
    /// shift a day, shifts and days worked are the same count; in the compact form the days' totals).
    /// Added only where it can bind.
    mutating func addMaxDaysPerWeek() {
        let horizon = problem.horizon
        for (agentIndex, agent) in problem.agents.enumerated() {
            let byWeek = shiftsByWeek(agent: agentIndex)
            for week in 0..<horizon.weekCount {
                let entries = byWeek[week] ?? []
                let daysWithShifts = Set(entries.map { problem.shifts[$0.shift].day }).count
                guard daysWithShifts > agent.maxDaysPerWeek else { continue }
                let days = Set(entries.map { problem.shifts[$0.shift].day }).sorted()
                model.addConstraint(
                    "maxDays(\(Self.label(agent.id)),w\(week + 1))",
                    LinearExpression(days.flatMap { work(agent: agentIndex, day: $0).terms }), .lessOrEqual(Double(agent.maxDaysPerWeek)))
            }
        }
    }
}
