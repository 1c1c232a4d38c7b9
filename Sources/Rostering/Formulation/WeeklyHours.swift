import LinearProgramming

extension RosterFormulation {
    /// Paid hours per agent and calendar week (a shift counts in the week of the day it starts):
    /// `Σ_{s in w} paid(s)·x[a,s] ≤ cap_a` in every week (hard), and `≥ min_a` in every week
    /// that lies fully inside the horizon when the contract sets a minimum (hard).
    mutating func addWeeklyHours() {
        let horizon = problem.horizon
        for (agentIndex, agent) in problem.agents.enumerated() {
            let byWeek = shiftsByWeek(agent: agentIndex)
            for week in 0..<horizon.weekCount {
                let entries = byWeek[week] ?? []
                let expression = LinearExpression(entries.map {
                    LinearTerm($0.variable, Double(problem.shifts[$0.shift].paidMinutes) / 60)
                })
                let name = "\(Self.label(agent.id)),w\(week + 1)"
                let possibleMinutes = entries.map { problem.shifts[$0.shift].paidMinutes }.reduce(0, +)
                if possibleMinutes > agent.maxWeeklyMinutes {
                    model.addConstraint("weeklyHours(\(name))", expression, .lessOrEqual(Double(agent.maxWeeklyMinutes) / 60))
                }
                if agent.minWeeklyMinutes > 0, horizon.isFullWeek(week) {
                    model.addConstraint("minWeeklyHours(\(name))", expression, .greaterOrEqual(Double(agent.minWeeklyMinutes) / 60))
                }
            }
        }
    }
}
