import LinearProgramming

extension RosterFormulation {
    /// Rest (hard): an agent's next shift starts at least `minRest` after the previous one ends,
    /// across midnight too; overlapping shifts on different days are excluded the same way.
    ///
    /// Written as clique rows rather than one row per conflicting pair: for an agent, an earlier
    /// day `d`, a later day `e` and a threshold `τ` (an end time of a shift on `d`),
    /// `Σ_{s on d, end(s) ≥ τ} x[a,s] + Σ_{s' on e, start(s') < τ + rest} x[a,s'] ≤ 1`.
    /// Every pair in such a row conflicts (two shifts of one day, or an end ≥ τ followed by a
    /// start < τ + rest), so the row is valid; together they exclude every conflicting pair.
    /// Only thresholds that add a later-day shift are kept: the others are dominated.
    mutating func addRestBetweenShifts() {
        for (agentIndex, agent) in problem.agents.enumerated() {
            let rest = agent.minRestMinutes
            let byDay = shiftsByDay(agent: agentIndex)
            let days = byDay.keys.sorted()
            for earlierDay in days {
                let earlier = byDay[earlierDay]!
                let latestEnd = earlier.map { problem.shifts[$0.shift].end }.max()!
                for laterDay in days where laterDay > earlierDay {
                    let later = byDay[laterDay]!
                    // Later-day shifts that conflict with at least one earlier-day shift.
                    guard later.contains(where: { problem.shifts[$0.shift].start < latestEnd + rest }) else { continue }
                    addRestCliques(agent: agent, earlierDay: earlierDay, earlier: earlier, laterDay: laterDay, later: later, rest: rest)
                }
            }
        }
    }

    private mutating func addRestCliques(
        agent: Agent, earlierDay: Int, earlier: [AssignmentVariable], laterDay: Int, later: [AssignmentVariable], rest: Int
    ) {
        let shifts = problem.shifts
        let thresholds = Set(earlier.map { shifts[$0.shift].end }).sorted()
        var previousLaterCount = -1
        for threshold in thresholds {
            let laterInRow = later.filter { shifts[$0.shift].start < threshold + rest }
            // As τ grows the earlier set shrinks and the later set grows: a row whose later set
            // equals the previous row's is dominated by it.
            guard laterInRow.count > previousLaterCount, !laterInRow.isEmpty else { continue }
            previousLaterCount = laterInRow.count
            let earlierInRow = earlier.filter { shifts[$0.shift].end >= threshold }
            let terms = (earlierInRow + laterInRow).map { LinearTerm($0.variable, 1) }
            let name = "rest(\(Self.label(agent.id)),\(label(day: earlierDay))_end\(label(instant: threshold).suffix(4)),\(label(day: laterDay)))"
            model.addConstraint(name, LinearExpression(terms), .lessOrEqual(1))
        }
    }
}
