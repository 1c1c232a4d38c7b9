import LinearProgramming

extension RosterFormulation {
    /// Forbidden successions (hard): for every agent, day d and template k with followers F(k),
    /// `Σ x[a,s] over shifts of k on d + Σ x[a,s] over shifts of F(k) on d+1 ≤ 1` (one shift a day
    /// makes the aggregated row exact).
    mutating func addForbiddenSuccessions() {
        let followers = Dictionary(grouping: problem.dayLevel.successions, by: \.first).mapValues { Set($0.map(\.next)) }
        guard !followers.isEmpty else { return }
        for (agentIndex, agent) in problem.agents.enumerated() {
            let byDay = shiftsByDay(agent: agentIndex)
            for day in 0..<max(0, problem.horizon.days - 1) {
                for (template, next) in followers.sorted(by: { $0.key < $1.key }) {
                    let first = (byDay[day] ?? []).filter { problem.shifts[$0.shift].templateName == template }
                    let then = (byDay[day + 1] ?? []).filter { next.contains(problem.shifts[$0.shift].templateName) }
                    guard !first.isEmpty, !then.isEmpty else { continue }
                    model.addConstraint(
                        "succession(\(Self.label(agent.id)),\(label(day: day)),\(template))",
                        LinearExpression((first + then).map { LinearTerm($0.variable, 1) }), .lessOrEqual(1))
                }
            }
        }
    }
}
