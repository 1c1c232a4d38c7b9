import LinearProgramming

extension RosterFormulation {
    /// At most one shift per agent per day (the local date on which the shift starts):
    /// `Σ_{s starts on d} x[a,s] ≤ 1`. In the compact form this is the upper bound of the day's
    /// total (``addDayChains()``) and adds no row.
    mutating func addOneShiftPerDay() {
        guard !isCompact else { return }
        for (agentIndex, agent) in problem.agents.enumerated() {
            for (day, entries) in shiftsByDay(agent: agentIndex).sorted(by: { $0.key < $1.key }) where entries.count > 1 {
                model.addConstraint(
                    "oneShift(\(Self.label(agent.id)),\(label(day: day)))",
                    LinearExpression(entries.map { LinearTerm($0.variable, 1) }), .lessOrEqual(1))
            }
        }
    }

    /// Compact form: per agent a and day d, with τ_1 < … < τ_m the distinct ends of a's shifts
    /// starting on d, the running sums `E[a,d,i] = Σ_{s on d, end(s) ≥ τ_i} x[a,s]`, written as
    /// a chain so that each `x` has one entry:
    /// `E[a,d,i] − E[a,d,i+1] − Σ_{s on d, end(s) = τ_i} x[a,s] = 0` (with `E[a,d,m+1] = 0`),
    /// and `0 ≤ E ≤ 1`. `E[a,d,1]` is the day's total: its bound is the one-shift-a-day rule,
    /// and ``work(agent:day:)`` returns it; rest uses the others
    /// (``addRestBetweenShifts()``). A last link of a single shift is that shift's `x` itself.
    ///
    /// A substitution of defined variables: the integer points and the LP relaxation are those
    /// of the per-agent form. Size: one continuous variable and one row per agent, day and
    /// distinct end, one entry per `x`.
    mutating func addDayChains() {
        dayChains = problem.agents.indices.map { _ in [:] }
        for (agentIndex, agent) in problem.agents.enumerated() {
            for (day, entries) in shiftsByDay(agent: agentIndex).sorted(by: { $0.key < $1.key }) {
                let byEnd = Dictionary(grouping: entries) { problem.shifts[$0.shift].end }
                var chain: [(end: Instant, variable: Variable)] = []
                var next: Variable?
                for end in byEnd.keys.sorted(by: >) {
                    let group = byEnd[end]!
                    if next == nil, group.count == 1 {
                        next = group[0].variable
                        chain.append((end, group[0].variable))
                        continue
                    }
                    let name = "ends(\(Self.label(agent.id)),\(label(day: day)),\(label(instant: end).suffix(4)))"
                    let sum = model.addVariable(name, kind: .continuous, lowerBound: 0, upperBound: 1)
                    var row = LinearExpression(group.map { LinearTerm($0.variable, -1) })
                    row.add(sum, 1)
                    if let next { row.add(next, -1) }
                    model.addConstraint(name, row, .equal(0))
                    chain.append((end, sum))
                    next = sum
                }
                dayChains[agentIndex][day] = chain.reversed()
            }
        }
    }
}
