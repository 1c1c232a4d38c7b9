extension RosterValidator {
    /// The roster's activity sessions against the activities' rules, read from the activities
    /// themselves: each session belongs to an activity the agent attends, lasts its length,
    /// starts in its window on its step (or at one of its fixed times) on the interval grid, lies
    /// inside the shift clear of the shift's breaks, and is the shift's only session; an attendee
    /// attends at most the activity's sessions (all of them when it is hard and individual); at most
    /// the limit attend an individual activity at once; a together activity is held at most
    /// (hard: exactly) its sessions' times, each with at least the minimum share attending.
    func checkActivities(_ roster: Roster) -> [Violation] {
        var found: [Violation] = []
        let zone = problem.horizon.timeZone
        let byName = Dictionary(problem.activities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var attended: [String: [(agent: String, session: Roster.Session)]] = [:]
        for assignment in roster.assignments {
            let where_ = "\(assignment.agentID) \(zone.isoText(assignment.start))–\(zone.isoText(assignment.end))"
            if assignment.activities.count > 1 {
                found.append(Violation(rule: "activities", message: "\(where_): \(assignment.activities.count) activity sessions in one shift; a shift holds one"))
            }
            for session in assignment.activities {
                let what = "\(where_): '\(session.name)' at \(zone.isoText(session.start))"
                guard let activity = byName[session.name] else {
                    found.append(Violation(rule: "activities", message: "\(what): no such activity"))
                    continue
                }
                attended[session.name, default: []].append((assignment.agentID, session))
                if !activity.attendees.contains(assignment.agentID) {
                    found.append(Violation(rule: "activities", message: "\(what): \(assignment.agentID) does not attend it"))
                }
                if session.end - session.start != activity.minutes {
                    found.append(Violation(rule: "activities", message: "\(what): lasts \(session.end - session.start) min, not \(activity.minutes)"))
                }
                if session.start < assignment.start || session.end > assignment.end {
                    found.append(Violation(rule: "activities", message: "\(what): outside the shift"))
                }
                if (session.start - problem.horizon.start) % problem.horizon.intervalMinutes != 0 {
                    found.append(Violation(rule: "activities", message: "\(what): off the \(problem.horizon.intervalMinutes)-minute grid"))
                }
                if assignment.breaks.contains(where: { $0.start < session.end && $0.end > session.start }) {
                    found.append(Violation(rule: "activities", message: "\(what): overlaps a break"))
                }
                if !startIsAllowed(session.start, activity) {
                    found.append(Violation(rule: "activities", message: "\(what): not a start its window allows"))
                }
            }
        }
        for activity in problem.activities {
            found += checkAttendance(activity, attended[activity.name] ?? [])
        }
        return found
    }

    /// Whether `activity` allows a session to start at `start`: one of its fixed times, or a date
    /// in its range and a time of day on its step whose session ends by the window's end.
    private func startIsAllowed(_ start: Instant, _ activity: Activity) -> Bool {
        let zone = problem.horizon.timeZone
        let local = zone.local(start)
        if !activity.fixedStarts.isEmpty { return activity.fixedStarts.contains(local) }
        let endLocal = zone.local(start + activity.minutes)
        let endMinute = endLocal.date == local.date ? endLocal.minuteOfDay : endLocal.minuteOfDay + 1_440
        return local.date >= activity.firstDate && local.date <= activity.lastDate
            && local.minuteOfDay >= activity.earliestStartMinute && endMinute <= activity.latestEndMinute
            && (local.minuteOfDay - activity.earliestStartMinute) % activity.stepMinutes == 0
    }

    private func checkAttendance(_ activity: Activity, _ sessions: [(agent: String, session: Roster.Session)]) -> [Violation] {
        var found: [Violation] = []
        let zone = problem.horizon.timeZone
        let what = "activity '\(activity.name)'"
        let perAgent = Dictionary(grouping: sessions, by: \.agent).mapValues(\.count)
        for (agent, count) in perAgent.sorted(by: { $0.key < $1.key }) where count > activity.sessions {
            found.append(Violation(rule: "activities", message: "\(what): \(agent) attends \(count) sessions; it has \(activity.sessions)"))
        }
        switch activity.attendance {
        case .individual(let atOnce):
            if activity.hard {
                for agent in activity.attendees where perAgent[agent, default: 0] < activity.sessions {
                    found.append(Violation(rule: "activities", message: "\(what) is hard: \(agent) attends \(perAgent[agent, default: 0]) of \(activity.sessions) session(s)"))
                }
            }
            if let atOnce {
                for (_, first) in sessions {
                    let together = sessions.filter { $0.session.start <= first.start && $0.session.end > first.start }.count
                    if together > atOnce {
                        found.append(Violation(rule: "activities", message: "\(what): \(together) attendees at \(zone.isoText(first.start)); at most \(atOnce) at once"))
                        break
                    }
                }
            }
        case .together(let share):
            let held = Dictionary(grouping: sessions, by: \.session.start)
            if held.count > activity.sessions || (activity.hard && held.count < activity.sessions) {
                found.append(Violation(rule: "activities", message: "\(what): held at \(held.count) time(s); it has \(activity.sessions) session(s)\(activity.hard ? " and is hard" : "")"))
            }
            var least = 1
            while Double(least) < share * Double(activity.attendees.count) - 1e-9 { least += 1 }
            least = min(least, activity.attendees.count)
            for (start, list) in held.sorted(by: { $0.key < $1.key }) where list.count < least {
                found.append(Violation(rule: "activities", message: "\(what) at \(zone.isoText(start)): \(list.count) of \(activity.attendees.count) attend; it needs \(least)"))
            }
        }
        return found
    }

    /// Re-rostering: published sessions (agent, activity, start) of activities the agent still
    /// attends that the roster does not keep at that time; 0 without a published roster.
    public func movedSessions(_ roster: Roster) -> Int {
        guard let published = problem.published else { return 0 }
        var now = Set<String>()
        for assignment in roster.assignments {
            for session in assignment.activities { now.insert("\(assignment.agentID)|\(session.name)|\(session.start)") }
        }
        var moved = 0
        for assignment in published.assignments {
            for session in assignment.activities
            where problem.activities.contains(where: { $0.name == session.name && $0.attendees.contains(assignment.agentID) })
                && problem.agents.contains(where: { $0.id == assignment.agentID }) && !now.contains("\(assignment.agentID)|\(session.name)|\(session.start)")
            {
                moved += 1
            }
        }
        return moved
    }

    /// Objective penalty of the attendee-sessions the roster misses: for each activity, its
    /// sessions times its attendees less the sessions attended, each at the activity's penalty
    /// per agent-hour for its length.
    func activityPenalty(_ roster: Roster) -> Double {
        var attended: [String: Int] = [:]
        for assignment in roster.assignments {
            for session in assignment.activities { attended[session.name, default: 0] += 1 }
        }
        return problem.activities.reduce(0) { total, activity in
            let missed = max(0, activity.sessions * activity.attendees.count - attended[activity.name, default: 0])
            return total + Double(missed) * activity.penaltyPerAgentHour * Double(activity.minutes) / 60
        }
    }
}
