import LinearProgramming

extension RosterFormulation {
    /// Activities (training, coaching, meetings), exact. For activity k of length d_k, attendee a,
    /// eligible shift s and start τ of k's starts that fits inside s clear of its breaks
    /// (``RosterProblem/sessionStarts(activity:starts:in:clear:)``): a binary `y[k,a,s,τ]`.
    /// - Coverage of interval t gets `− y` for every t in `[τ, τ + d_k)`.
    /// - One session a shift: `Σ_{k,τ} y[k,a,s,τ] ≤ x[a,s]` (row `session(a,s)`).
    /// - Breaks around it: on a shift with several placements P(s) of its breaks an agent in a
    ///   session takes a placement of their own, `w[a,s,p]` binary: `Σ_p w[a,s,p] = Σ y[·,a,s,·]`
    ///   (row `own(a,s)`), and a placement whose breaks overlap a session excludes it:
    ///   `w[a,s,p] + Σ_{(k,τ) overlapping B(s,p)} y[k,a,s,τ] ≤ x[a,s]`. Coverage gets `− w[a,s,p]`
    ///   on B(s,p), and the shift's break row counts `w` with the counts
    ///   (`Σ_p b[s,p] + Σ_{a,p} w[a,s,p] = Σ_a x[a,s]`, ``addBreakCounts(placements:ownPlacements:)``).
    /// - Individual: `Σ y[k,a,·,·] + u[k,a] = n_k` (n_k sessions; `u` = 0 when hard), objective
    ///   `+ c_k·u` with c_k the penalty per agent-hour times d_k in hours; at most N at once:
    ///   `Σ_{y covering t} y ≤ N` per interval t.
    /// - Together: `z[k,τ]` binary, the session held at τ: `Σ_τ z = n_k` (hard) or `≤ n_k`;
    ///   `Σ_s y[k,a,s,τ] ≤ z[k,τ]` per attendee; `Σ_{a,s} y[k,a,s,τ] ≥ m_k·z[k,τ]` with m_k the
    ///   least attending (``Activity/leastAttending``); objective `c_k·(n_k·|A_k| − Σ y)`, the
    ///   attendee-sessions missed.
    ///
    /// Every roster with sessions kept by the rules has such a point and every point decodes to
    /// one (``decode(_:)``): the model is exact. Size: Σ_k attendees × shifts × starts inside
    /// them binaries, and own placements only on shifts where a session fits.
    ///
    /// Returns, per interval, the terms the sessions and own placements add to its coverage row,
    /// and per shift the own-placement variables its break row counts. A restricted model
    /// (`placements`) offers own placements from the same lists as the counts, and sessions of
    /// activity k on shift s only at `starts(k, s)` when given.
    mutating func addActivities(placements: ((Int) -> [Int])? = nil, starts offered: ((Int, Int) -> Set<Instant>)? = nil) -> (terms: [[LinearTerm]], own: [Int: [Variable]]) {
        var terms = Array(repeating: [LinearTerm](), count: slotCount)
        activitySessions = []
        ownPlacements = []
        guard problem.hasActivities else { return (terms, [:]) }
        let indexOf = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byAgentShift: [AgentShiftKey: [(variable: Variable, start: Instant, minutes: Int)]] = [:]
        for (k, activity) in problem.activities.enumerated() {
            var clear: [Int: Set<Int>] = [:]
            var mine: [(agent: Int, start: Instant, variable: Variable)] = []
            for id in activity.attendees {
                guard let agent = indexOf[id] else { continue }
                for entry in assignmentVariables[agent] {
                    let shift = problem.shifts[entry.shift]
                    let length = shift.end - shift.start
                    if clear[length] == nil { clear[length] = problem.sessionOffsetsClearOfBreaks(length: length, minutes: activity.minutes) }
                    let allowed = offered?(k, entry.shift)
                    for start in problem.sessionStarts(activity: activity, starts: problem.activityStarts[k], in: shift, clear: clear[length]!)
                    where allowed?.contains(start) ?? true {
                        let y = model.addVariable("act(\(k + 1),\(Self.label(id)),\(label(shift)),\(label(instant: start)))", kind: .binary)
                        activitySessions.append(ActivitySessionVariable(activity: k, agent: agent, shift: entry.shift, start: start, variable: y))
                        mine.append((agent, start, y))
                        byAgentShift[AgentShiftKey(agent: agent, shift: entry.shift), default: []].append((y, start, activity.minutes))
                        for interval in problem.sessionIntervals(start: start, minutes: activity.minutes) { terms[slot(interval, agent: agent)].append(LinearTerm(y, -1)) }
                    }
                }
            }
            addAttendance(k, activity, mine.map { ($0.agent, $0.start, $0.variable) }, attendees: activity.attendees.compactMap { indexOf[$0] })
        }
        let own = addSessionShifts(byAgentShift, placements: placements, terms: &terms)
        return (terms, own)
    }

    /// The attendance rows of activity `k` (see ``addActivities(placements:)``).
    private mutating func addAttendance(_ k: Int, _ activity: Activity, _ sessions: [(agent: Int, start: Instant, variable: Variable)], attendees: [Int]) {
        let cost = activity.missCost
        switch activity.attendance {
        case .individual(let atOnce):
            let byAgent = Dictionary(grouping: sessions, by: \.agent)
            for agent in attendees {
                var row = LinearExpression((byAgent[agent] ?? []).map { LinearTerm($0.variable, 1) })
                if !activity.hard {
                    let missed = model.addVariable("missed(\(k + 1),\(Self.label(problem.agents[agent].id)))", kind: .continuous, lowerBound: 0, upperBound: Double(activity.sessions))
                    model.addObjectiveTerm(missed, cost)
                    row.add(missed, 1)
                }
                model.addConstraint("attend(\(k + 1),\(Self.label(problem.agents[agent].id)))", row, .equal(Double(activity.sessions)))
            }
            guard let atOnce else { return }
            var covering: [Int: [LinearTerm]] = [:]
            for session in sessions {
                for interval in problem.sessionIntervals(start: session.start, minutes: activity.minutes) { covering[interval, default: []].append(LinearTerm(session.variable, 1)) }
            }
            // Less what agents outside the problem hold there (a search's neighbourhood).
            let elsewhere = k < problem.sessionsElsewhere.count ? problem.sessionsElsewhere[k] : [:]
            for (interval, list) in covering.sorted(by: { $0.key < $1.key }) where list.count > atOnce - elsewhere[interval, default: 0] {
                let left = max(0, atOnce - elsewhere[interval, default: 0])
                model.addConstraint("atonce(\(k + 1),\(label(instant: problem.horizon.intervalStart(interval))))", LinearExpression(list), .lessOrEqual(Double(left)))
            }
        case .together:
            let byStart = Dictionary(grouping: sessions, by: \.start)
            var held = LinearExpression()
            for start in problem.activityStarts[k] {
                guard let list = byStart[start] else { continue }
                let z = model.addVariable("held(\(k + 1),\(label(instant: start)))", kind: .binary)
                held.add(z, 1)
                for (agent, group) in Dictionary(grouping: list, by: \.agent).sorted(by: { $0.key < $1.key }) {
                    var row = LinearExpression(group.map { LinearTerm($0.variable, 1) })
                    row.add(z, -1)
                    model.addConstraint("with(\(k + 1),\(Self.label(problem.agents[agent].id)),\(label(instant: start)))", row, .lessOrEqual(0))
                }
                var share = LinearExpression(list.map { LinearTerm($0.variable, 1) })
                share.add(z, -Double(activity.leastAttending))
                model.addConstraint("share(\(k + 1),\(label(instant: start)))", share, .greaterOrEqual(0))
            }
            model.addConstraint("held(\(k + 1))", held, activity.hard ? .equal(Double(activity.sessions)) : .lessOrEqual(Double(activity.sessions)))
            model.objective.constant += cost * Double(activity.sessions * activity.attendees.count)
            for session in sessions { model.addObjectiveTerm(session.variable, -cost) }
        }
    }

    /// One session a shift, and each agent's own placement of the breaks on a shift where they
    /// have a session (see ``addActivities(placements:)``). Returns the own placements by shift.
    private mutating func addSessionShifts(
        _ byAgentShift: [AgentShiftKey: [(variable: Variable, start: Instant, minutes: Int)]], placements: ((Int) -> [Int])?, terms: inout [[LinearTerm]]
    ) -> [Int: [Variable]] {
        var own: [Int: [Variable]] = [:]
        let working = Dictionary(assignmentVariables.enumerated().flatMap { agent, entries in entries.map { (AgentShiftKey(agent: agent, shift: $0.shift), $0.variable) } }, uniquingKeysWith: { first, _ in first })
        for key in byAgentShift.keys.sorted(by: { ($0.agent, $0.shift) < ($1.agent, $1.shift) }) {
            let sessions = byAgentShift[key]!
            let shift = problem.shifts[key.shift]
            let x = working[key]!
            let name = "\(Self.label(problem.agents[key.agent].id)),\(label(shift))"
            var one = LinearExpression(sessions.map { LinearTerm($0.variable, 1) })
            one.add(x, -1)
            model.addConstraint("session(\(name))", one, .lessOrEqual(0))
            let plans = problem.breakPlans(of: shift)
            guard plans.count > 1, problem.staffsByInterval else { continue }
            let offered = placements.map { $0(key.shift).filter { $0 >= 0 && $0 < plans.count } } ?? Array(plans.indices)
            var choose = LinearExpression(sessions.map { LinearTerm($0.variable, -1) })
            for plan in offered.isEmpty ? [0] : offered {
                let w = model.addVariable("own(\(name),\(plan + 1))", kind: .binary)
                ownPlacements.append(OwnPlacementVariable(agent: key.agent, shift: key.shift, plan: plan, variable: w))
                own[countKey(shift: key.shift, agent: key.agent), default: []].append(w)
                choose.add(w, 1)
                for interval in problem.breakIntervals(shift, plan: plan) { terms[slot(interval, agent: key.agent)].append(LinearTerm(w, -1)) }
                let breaks = problem.breaks(of: shift, plan: plan)
                let clashing = sessions.filter { session in breaks.contains { $0.start < session.start + session.minutes && $0.end > session.start } }
                guard !clashing.isEmpty else { continue }
                var row = LinearExpression(clashing.map { LinearTerm($0.variable, 1) })
                row.add(w, 1)
                row.add(x, -1)
                model.addConstraint("clear(\(name),\(plan + 1))", row, .lessOrEqual(0))
            }
            model.addConstraint("own(\(name))", choose, .equal(0))
        }
        return own
    }

    /// The variables of the sessions and of the own placements of the breaks around them.
    var sessionDecisionVariables: [Int] { activitySessions.map(\.variable.index) + ownPlacements.map(\.variable.index) }

    /// Sets in `point` (built by ``point(works:)``) the sessions `held(agent, shift)` gives
    /// (activity index and start) on shifts the point works, each with the own placement of the
    /// breaks it works them with, taking the agent off that placement's count. A session or own
    /// placement the model lacks is left out (the point then breaks a row). O(variables).
    func setSessions(in point: inout [Double], works: (Int, Int) -> Int?, held: (Int, Int) -> (activity: Int, start: Instant)?) {
        struct SessionKey: Hashable { let agent, shift, activity: Int; let start: Instant }
        struct OwnKey: Hashable { let agent, shift, plan: Int }
        var sessionVariable: [SessionKey: Int] = [:]
        for entry in activitySessions { sessionVariable[SessionKey(agent: entry.agent, shift: entry.shift, activity: entry.activity, start: entry.start)] = entry.variable.index }
        var ownVariable: [OwnKey: Int] = [:]
        for entry in ownPlacements { ownVariable[OwnKey(agent: entry.agent, shift: entry.shift, plan: entry.plan)] = entry.variable.index }
        for (agent, entries) in assignmentVariables.enumerated() {
            for entry in entries {
                guard let plan = works(agent, entry.shift), let session = held(agent, entry.shift) else { continue }
                if let y = sessionVariable[SessionKey(agent: agent, shift: entry.shift, activity: session.activity, start: session.start)] { point[y] = 1 }
                guard let w = ownVariable[OwnKey(agent: agent, shift: entry.shift, plan: plan)] else { continue }
                point[w] = 1
                if let count = breakCounts[countKey(shift: entry.shift, agent: agent)]?.first(where: { $0.plan == plan }) { point[count.variable.index] -= 1 }
            }
        }
    }

    /// Each agent's sessions per shift from a solution's values, and the own placements of the
    /// breaks of the shifts that hold them.
    func activityValues(_ values: [Double]) -> (sessions: [AgentShiftKey: [Roster.Session]], plans: [AgentShiftKey: Int]) {
        var sessions: [AgentShiftKey: [Roster.Session]] = [:]
        for entry in activitySessions where values[entry.variable.index] > 0.5 {
            let activity = problem.activities[entry.activity]
            sessions[AgentShiftKey(agent: entry.agent, shift: entry.shift), default: []].append(
                Roster.Session(name: activity.name, start: entry.start, end: entry.start + activity.minutes))
        }
        var plans: [AgentShiftKey: Int] = [:]
        for entry in ownPlacements where values[entry.variable.index] > 0.5 { plans[AgentShiftKey(agent: entry.agent, shift: entry.shift)] = entry.plan }
        return (sessions, plans)
    }
}

/// An agent (index into the problem's agents) on a shift (index into its shifts).
struct AgentShiftKey: Hashable, Sendable {
    let agent: Int
    let shift: Int
}

/// `y[k,a,s,τ]`: agent `agent` attends a session of activity `activity` at `start` in `shift`.
public struct ActivitySessionVariable: Sendable, Equatable {
    public let activity: Int
    public let agent: Int
    public let shift: Int
    public let start: Instant
    public let variable: Variable
}

/// `w[a,s,p]`: agent `agent`, in a session on `shift`, takes placement `plan` of its breaks.
public struct OwnPlacementVariable: Sendable, Equatable {
    public let agent: Int
    public let shift: Int
    public let plan: Int
    public let variable: Variable
}
