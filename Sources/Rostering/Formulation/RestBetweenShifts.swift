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
    /// Only thresholds that add a later-day shift are kept: the others are dominated (as τ grows
    /// the earlier set shrinks and the later set grows).
    ///
    /// Compact form: the same rows, each as two entries, `E[a,d](τ) + S[a,e](τ + rest) ≤ 1`, with
    /// `E` the day's running sums by end (``addDayChains()``) and `S[a,e](u) = Σ_{s' on e,
    /// start(s') < u} x[a,s']` a chain by start over the thresholds u the rows use
    /// (`S(u_k) − S(u_{k−1}) − Σ_{u_{k−1} ≤ start < u_k} x = 0`), one entry per `x`. The per-agent
    /// form holds O(thresholds × shifts a day) entries per pair of days: 15 GB on the 24/7 week.
    mutating func addRestBetweenShifts() {
        for agentIndex in problem.agents.indices {
            if isCompact {
                addCompactRest(agentIndex: agentIndex)
            } else {
                addRestCliques(agentIndex: agentIndex)
            }
        }
    }

    /// Rest in the per-agent form: one clique row per kept threshold.
    private mutating func addRestCliques(agentIndex: Int) {
        let agent = problem.agents[agentIndex]
        let shifts = problem.shifts
        let byDay = shiftsByDay(agent: agentIndex)
        for row in restRows(agentIndex: agentIndex) {
            let earlierInRow = byDay[row.earlierDay]!.filter { shifts[$0.shift].end >= row.threshold }
            let laterInRow = byDay[row.laterDay]!.filter { shifts[$0.shift].start < row.threshold + agent.minRestMinutes }
            let terms = (earlierInRow + laterInRow).map { LinearTerm($0.variable, 1) }
            model.addConstraint(restName(agent, row), LinearExpression(terms), .lessOrEqual(1))
        }
    }

    private func restName(_ agent: Agent, _ row: (earlierDay: Int, threshold: Instant, laterDay: Int)) -> String {
        "rest(\(Self.label(agent.id)),\(label(day: row.earlierDay))_end\(label(instant: row.threshold).suffix(4)),\(label(day: row.laterDay)))"
    }

    /// The kept thresholds of an agent's rest rows: per earlier day d, later day e and end τ of a
    /// shift on d, the later-day shifts starting before `τ + rest` (see ``addRestBetweenShifts()``).
    /// Time O(days² × shifts a day) per agent.
    private func restRows(agentIndex: Int) -> [(earlierDay: Int, threshold: Instant, laterDay: Int)] {
        let shifts = problem.shifts
        let rest = problem.agents[agentIndex].minRestMinutes
        let byDay = shiftsByDay(agent: agentIndex)
        let days = byDay.keys.sorted()
        var rows: [(earlierDay: Int, threshold: Instant, laterDay: Int)] = []
        for earlierDay in days {
            let ends = Set(byDay[earlierDay]!.map { shifts[$0.shift].end }).sorted()
            for laterDay in days where laterDay > earlierDay {
                let starts = byDay[laterDay]!.map { shifts[$0.shift].start }.sorted()
                guard starts[0] < ends.last! + rest else { continue }
                var count = 0
                for threshold in ends {
                    let before = count
                    while count < starts.count, starts[count] < threshold + rest { count += 1 }
                    if count > before { rows.append((earlierDay, threshold, laterDay)) }
                }
            }
        }
        return rows
    }

    /// Rest in the compact form (see ``addRestBetweenShifts()``).
    private mutating func addCompactRest(agentIndex: Int) {
        let agent = problem.agents[agentIndex]
        let rest = agent.minRestMinutes
        let rows = restRows(agentIndex: agentIndex)
        guard !rows.isEmpty else { return }
        let byDay = shiftsByDay(agent: agentIndex)
        var startSums: [Int: [Instant: Variable]] = [:]
        for laterDay in Set(rows.map(\.laterDay)).sorted() {
            let limits = Set(rows.filter { $0.laterDay == laterDay }.map { $0.threshold + rest }).sorted()
            let entries = byDay[laterDay]!.sorted { problem.shifts[$0.shift].start < problem.shifts[$1.shift].start }
            var taken = 0
            var previous: Variable?
            var sums: [Instant: Variable] = [:]
            for limit in limits {
                var row = LinearExpression()
                while taken < entries.count, problem.shifts[entries[taken].shift].start < limit {
                    row.add(entries[taken].variable, -1)
                    taken += 1
                }
                if row.terms.isEmpty, let previous {
                    sums[limit] = previous
                    continue
                }
                let name = "starts(\(Self.label(agent.id)),\(label(day: laterDay)),\(label(instant: limit)))"
                let sum = model.addVariable(name, kind: .continuous, lowerBound: 0, upperBound: 1)
                row.add(sum, 1)
                if let previous { row.add(previous, -1) }
                model.addConstraint(name, row, .equal(0))
                sums[limit] = sum
                previous = sum
            }
            startSums[laterDay] = sums
        }
        for row in rows {
            let earlier = dayChains[agentIndex][row.earlierDay]!.first { $0.end == row.threshold }!.variable
            let later = startSums[row.laterDay]![row.threshold + rest]!
            model.addConstraint(restName(agent, row), LinearExpression([LinearTerm(earlier, 1), LinearTerm(later, 1)]), .lessOrEqual(1))
        }
    }
}
