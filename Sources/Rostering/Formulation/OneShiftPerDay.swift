import LinearProgramming

extension RosterFormulation {
    /// At most one shift per agent per day (the local date on which the shift starts):
    /// `Σ_{s starts on d} x[a,s] ≤ 1`.
    mutating func addOneShiftPerDay() {
        for (agentIndex, agent) in problem.agents.enumerated() {
            for (day, entries) in shiftsByDay(agent: agentIndex).sorted(by: { $0.key < $1.key }) where entries.count > 1 {
                model.addConstraint(
                    "oneShift(\(Self.label(agent.id)),\(label(day: day)))",
                    LinearExpression(entries.map { LinearTerm($0.variable, 1) }), .lessOrEqual(1))
            }
        }
    }
}
