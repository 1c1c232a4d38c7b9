import LinearProgramming

extension RosterFormulation {
    /// Changes to a published roster (soft, or hard with lock), counted per agent and day: on a day
    /// with a published shift `p`, `change = 1 − x[a,p]` (removed or moved); on a day without,
    /// `change = Σ_{s on d} x[a,s]` (added). The objective pays `change weight × Σ change`.
    /// With lock, `x[a,p] = 1` for every published shift the agent may still work.
    mutating func addPublishedChanges() {
        guard let published = problem.published else { return }
        let weight = problem.changeWeight
        let publishedByAgent = Dictionary(grouping: published.assignments, by: \.agentID)
        for (agentIndex, agent) in problem.agents.enumerated() {
            let mine = publishedByAgent[agent.id] ?? []
            let byDay = shiftsByDay(agent: agentIndex)
            let publishedDays = Dictionary(mine.compactMap { assignment -> (Int, Roster.Assignment)? in
                guard let day = problem.horizon.dayIndex(of: problem.horizon.timeZone.local(assignment.start).date) else { return nil }
                return (day, assignment)
            }, uniquingKeysWith: { first, _ in first })
            for day in 0..<problem.horizon.days {
                let entries = byDay[day] ?? []
                if let kept = publishedDays[day] {
                    let variable = entries.first { problem.shifts[$0.shift].start == kept.start && problem.shifts[$0.shift].end == kept.end }?.variable
                    // Removed or moved: 1 − x[a,p] (a constant 1 when the shift is no longer possible).
                    model.objective.constant += weight
                    if let variable {
                        model.addObjectiveTerm(variable, -weight)
                        if problem.lockPublished { model.setBounds(variable, lower: 1, upper: 1) }
                    }
                } else {
                    for entry in entries { model.addObjectiveTerm(entry.variable, weight) }
                }
            }
        }
    }
}
