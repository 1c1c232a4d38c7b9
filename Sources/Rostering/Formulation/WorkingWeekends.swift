import LinearProgramming

extension RosterFormulation {
    /// Working weekends (hard): per agent and weekend k a binary `y[a,k] ≥ w[d]` for its Saturday
    /// and Sunday d, and `Σ_k y[a,k] ≤` the agent's maximum.
    mutating func addWorkingWeekends() {
        let weekends = problem.weekends
        for (agentIndex, agent) in problem.agents.enumerated() {
            guard let most = agent.rules.maxWorkingWeekends else { continue }
            let id = Self.label(agent.id)
            var total = LinearExpression()
            for days in weekends {
                let work = days.map { self.work(agent: agentIndex, day: $0) }
                guard work.contains(where: { !$0.terms.isEmpty }) else { continue }
                let worked = model.addVariable("weekend(\(id),\(label(day: days[0])))", kind: .binary)
                for (day, expression) in zip(days, work) where !expression.terms.isEmpty {
                    var row = expression
                    row.add(worked, -1)
                    model.addConstraint("weekendDay(\(id),\(label(day: day)))", row, .lessOrEqual(0))
                }
                total.add(worked, 1)
            }
            if total.terms.count > most {
                model.addConstraint("maxWeekends(\(id))", total, .lessOrEqual(Double(most)))
            }
        }
    }
}
