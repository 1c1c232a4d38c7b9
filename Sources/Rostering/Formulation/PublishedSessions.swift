import LinearProgramming

extension RosterFormulation {
    /// Re-rostering with activities: every published session (agent a, activity k, start τ) not
    /// kept — the agent attends no session of k at τ — pays the activity-change weight w:
    ///
    /// `w·(1 − Σ_s y[k,a,s,τ])`, i.e. a constant w and `−w` on each y of that agent, activity
    /// and start
    ///
    /// (at most one y of them is 1: one shift a day holds it). A published session of an activity
    /// the scenario no longer has, or of an agent it no longer has, is not counted. Exact; no rows.
    mutating func addPublishedSessionChanges() {
        let weight = problem.activityChangeWeight
        guard weight > 0, let published = problem.published, problem.hasActivities else { return }
        let activityIndex = Dictionary(problem.activities.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let agentIndex = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var variables: [SessionKey: [Variable]] = [:]
        for entry in activitySessions { variables[SessionKey(activity: entry.activity, agent: entry.agent, start: entry.start), default: []].append(entry.variable) }
        for assignment in published.assignments {
            guard let agent = agentIndex[assignment.agentID] else { continue }
            for session in assignment.activities {
                guard let activity = activityIndex[session.name], problem.activities[activity].attendees.contains(assignment.agentID) else { continue }
                model.objective.constant += weight
                for variable in variables[SessionKey(activity: activity, agent: agent, start: session.start)] ?? [] { model.addObjectiveTerm(variable, -weight) }
            }
        }
    }

    private struct SessionKey: Hashable {
        let activity: Int
        let agent: Int
        let start: Instant
    }
}
