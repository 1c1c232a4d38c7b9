import LinearProgramming

extension RosterFormulation {
    /// Totals over the horizon (hard): `Σ x[a,s]` over shifts of template k ≤ the agent's maximum
    /// for k, and `min ≤ Σ minutes(s)·x[a,s] ≤ max` for the agent's total paid minutes.
    mutating func addHorizonTotals() {
        for (agentIndex, agent) in problem.agents.enumerated() {
            let rules = agent.rules
            let entries = assignmentVariables[agentIndex]
            for (template, most) in rules.maxShiftsPerTemplate.sorted(by: { $0.key < $1.key }) {
                let ofTemplate = entries.filter { problem.shifts[$0.shift].templateName == template }
                guard ofTemplate.count > most else { continue }
                model.addConstraint(
                    "maxShifts(\(Self.label(agent.id)),\(template))",
                    LinearExpression(ofTemplate.map { LinearTerm($0.variable, 1) }), .lessOrEqual(Double(most)))
            }
            guard rules.minTotalMinutes != nil || rules.maxTotalMinutes != nil else { continue }
            let minutes = LinearExpression(entries.map { LinearTerm($0.variable, Double(problem.shifts[$0.shift].paidMinutes)) })
            let bound: ConstraintBound
            switch (rules.minTotalMinutes, rules.maxTotalMinutes) {
            case (let low?, let high?): bound = .range(Double(low), Double(high))
            case (let low?, nil): bound = .greaterOrEqual(Double(low))
            case (nil, let high?): bound = .lessOrEqual(Double(high))
            default: continue
            }
            model.addConstraint("totalMinutes(\(Self.label(agent.id)))", minutes, bound)
        }
    }
}
