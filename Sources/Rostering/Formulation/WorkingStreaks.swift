import LinearProgramming

extension RosterFormulation {
    /// Streaks of working days and days off (hard), with `w[d] = Σ x[a,s]` over shifts starting
    /// on d:
    /// - at most M working days in a row: `Σ w[t] ≤ M` over every window of M+1 days;
    /// - at least m working days in a row, for streaks inside the horizon: for every length
    ///   ℓ < m and first day f with 1 ≤ f and f+ℓ ≤ H−1, `w[f−1] − Σ_{t=f}^{f+ℓ−1} w[t] + w[f+ℓ] ≥ 1 − ℓ`
    ///   (a streak of exactly ℓ days from f is impossible);
    /// - at least m days off in a row: the same rows with `1 − w` for `w`, i.e.
    ///   `Σ_{t=f}^{f+ℓ−1} w[t] − w[f−1] − w[f+ℓ] ≥ −1`.
    mutating func addWorkingStreaks() {
        let days = problem.horizon.days
        for (agentIndex, agent) in problem.agents.enumerated() {
            let rules = agent.rules
            guard rules.maxConsecutiveWorkingDays != nil || rules.minConsecutiveWorkingDays != nil || rules.minConsecutiveDaysOff != nil else { continue }
            let work = (0..<days).map { self.work(agent: agentIndex, day: $0) }
            let id = Self.label(agent.id)
            if let most = rules.maxConsecutiveWorkingDays, most + 1 <= days {
                for first in 0...(days - most - 1) {
                    var window = LinearExpression()
                    for day in first...(first + most) { window.terms += work[day].terms }
                    guard window.terms.count > most else { continue }
                    model.addConstraint("maxStreak(\(id),\(label(day: first)))", window, .lessOrEqual(Double(most)))
                }
            }
            if let least = rules.minConsecutiveWorkingDays, least > 1 {
                for length in 1..<least {
                    for first in stride(from: 1, through: days - 1 - length, by: 1) {
                        var expression = LinearExpression(work[first - 1].terms + work[first + length].terms)
                        for day in first..<(first + length) { expression.terms += work[day].terms.map { LinearTerm($0.variable, -1) } }
                        if work[first..<(first + length)].allSatisfy(\.terms.isEmpty) { continue }
                        model.addConstraint("minStreak(\(id),\(label(day: first)),\(length))", expression, .greaterOrEqual(Double(1 - length)))
                    }
                }
            }
            if let least = rules.minConsecutiveDaysOff, least > 1 {
                for length in 1..<least {
                    for first in stride(from: 1, through: days - 1 - length, by: 1) {
                        var expression = LinearExpression()
                        for day in first..<(first + length) { expression.terms += work[day].terms }
                        expression.terms += (work[first - 1].terms + work[first + length].terms).map { LinearTerm($0.variable, -1) }
                        if work[first - 1].terms.isEmpty || work[first + length].terms.isEmpty { continue }
                        model.addConstraint("minRest(\(id),\(label(day: first)),\(length))", expression, .greaterOrEqual(-1))
                    }
                }
            }
        }
    }
}
