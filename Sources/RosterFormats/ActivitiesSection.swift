import Foundation
import Rostering

/// The scenario's `activities:` section: training, coaching and meetings the optimizer places
/// inside shifts. docs/file-formats.md documents every key.
enum ActivitiesSection {
    /// Most attendees one activity may name (agents and team members together).
    static let mostAttendees = 5_000

    /// The activities the section gives, or an empty list after recording every problem with its
    /// key and line. Names teams against `agents`' `team` column; the grid, the horizon and the
    /// shifts are checked against the problem (``apply(_:to:document:)``).
    static func read(_ entries: [ScenarioFile.ActivityEntry]?, agents: [Agent], horizon: PlanningHorizon?, document: YAMLDocument, errors: inout [InputError]) -> [Activity] {
        guard let entries, let horizon else { return [] }
        let before = errors.count
        func fail(_ path: [YAMLDocument.PathComponent], _ field: String, _ message: String) {
            errors.append(InputError(file: document.file, line: document.line(of: [.key("activities")] + path), field: "activities\(field)", message: message))
        }
        if entries.count > Activity.mostActivities { fail([], "", "\(entries.count) activities; at most \(Activity.mostActivities) are allowed") }
        let known = Set(agents.map(\.id))
        var names = Set<String>()
        var activities: [Activity] = []
        for (index, entry) in entries.prefix(Activity.mostActivities).enumerated() {
            func entryFail(_ key: String, _ message: String) {
                fail([.index(index)] + (key.isEmpty ? [] : [.key(key)]), "[\(index)]" + (key.isEmpty ? "" : ".\(key)"), message)
            }
            let count = errors.count
            let name = entry.name.trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.count > 60 || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                entryFail("name", "must be 1 to 60 characters without control characters")
            } else if !names.insert(name).inserted {
                entryFail("name", "'\(name)' names two activities; give each its own name")
            }
            let attendees = attendees(entry, agents: agents, known: known, fail: entryFail)
            let attendance = attendance(entry, fail: entryFail)
            let window = window(entry, horizon: horizon, fail: entryFail)
            if let sessions = entry.sessions, !(1...7 * horizon.days).contains(sessions) {
                entryFail("sessions", "must be a whole number from 1 to \(7 * horizon.days), not \(sessions)")
            }
            if !(1...1_440).contains(entry.minutes) { entryFail("minutes", "must be a whole number of minutes from 1 to 1,440, not \(entry.minutes)") }
            if let penalty = entry.penaltyPerAgentHour, !(penalty.isFinite && (0...1e6).contains(penalty)) {
                entryFail("penalty_per_agent_hour", "must be a number from 0 to 1,000,000")
            }
            guard errors.count == count, let attendance, let window else { continue }
            activities.append(Activity(
                name: name, attendees: attendees, minutes: entry.minutes, sessions: entry.sessions ?? 1, firstDate: window.first, lastDate: window.last,
                earliestStartMinute: window.from, latestEndMinute: window.to, stepMinutes: entry.stepMinutes ?? horizon.intervalMinutes,
                fixedStarts: window.fixed, attendance: attendance, hard: entry.hard ?? true,
                penaltyPerAgentHour: entry.penaltyPerAgentHour ?? Activity.defaultPenaltyPerAgentHour))
        }
        return errors.count == before ? activities : []
    }

    /// The agents an entry names and the members of the teams it names, in agents.csv order.
    private static func attendees(_ entry: ScenarioFile.ActivityEntry, agents: [Agent], known: Set<String>, fail: (String, String) -> Void) -> [String] {
        var wanted = Set<String>()
        for id in entry.agents ?? [] {
            if known.contains(id) { wanted.insert(id) } else { fail("agents", "'\(id.prefix(64))' is not an agent of agents.csv") }
        }
        for team in entry.teams ?? [] {
            let members = agents.filter { $0.teams.contains(team) }
            if members.isEmpty { fail("teams", "no agent of agents.csv is in team '\(team.prefix(40))' (column team)") }
            wanted.formUnion(members.map(\.id))
        }
        if (entry.agents ?? []).isEmpty && (entry.teams ?? []).isEmpty { fail("", "name its attendees with agents, teams or both") }
        if wanted.count > mostAttendees { fail("", "\(wanted.count) attendees; at most \(mostAttendees)") }
        return agents.map(\.id).filter { wanted.contains($0) }
    }

    private static func attendance(_ entry: ScenarioFile.ActivityEntry, fail: (String, String) -> Void) -> Activity.Attendance? {
        switch entry.attend ?? (entry.minShare != nil ? "together" : "individual") {
        case "individual":
            if entry.minShare != nil { fail("min_share", "applies to attend: together only") }
            if let atOnce = entry.atOnce, !(1...mostAttendees).contains(atOnce) {
                fail("at_once", "must be a whole number from 1 to \(mostAttendees), not \(atOnce)")
                return nil
            }
            return .individual(atOnce: entry.atOnce)
        case "together":
            if entry.atOnce != nil { fail("at_once", "applies to attend: individual only") }
            let share = entry.minShare ?? 1
            guard share.isFinite, share > 0, share <= 1 else {
                fail("min_share", "must be above 0 and at most 1 (the share of attendees each session needs), not \(share)")
                return nil
            }
            return .together(minShare: share)
        case let other:
            fail("attend", "'\(other.prefix(20))' is neither individual nor together")
            return nil
        }
    }

    /// The dates and times of day an entry's sessions may take, or its fixed starts.
    private static func window(
        _ entry: ScenarioFile.ActivityEntry, horizon: PlanningHorizon, fail: (String, String) -> Void
    ) -> (first: LocalDate, last: LocalDate, from: Int, to: Int, fixed: [LocalDateTime])? {
        let lastDay = horizon.startDate.adding(days: horizon.days - 1)
        if let at = entry.at {
            if entry.dates != nil || entry.between != nil || entry.sessions != nil || entry.stepMinutes != nil {
                fail("at", "gives the sessions' times; leave out dates, between, sessions and step_minutes")
                return nil
            }
            guard !at.isEmpty, at.count <= 7 * horizon.days else {
                fail("at", "must list from 1 to \(7 * horizon.days) start times")
                return nil
            }
            var fixed: [LocalDateTime] = []
            for text in at {
                let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
                guard parts.count == 2, let date = LocalDate(iso: parts[0]), let time = TimeOfDay(text: parts[1]) else {
                    fail("at", "'\(text.prefix(30))' is not a local start time like 2026-11-25T10:00")
                    return nil
                }
                fixed.append(LocalDateTime(date: date, minuteOfDay: time.minutes))
            }
            return (horizon.startDate, lastDay, 0, 1_440, fixed)
        }
        var first = horizon.startDate, last = lastDay
        if let dates = entry.dates {
            let parsed = dates.map { LocalDate(iso: $0) }
            guard (1...2).contains(dates.count), let from = parsed.first ?? nil, let to = parsed.last ?? nil else {
                fail("dates", "must be [first, last] or [date], each YYYY-MM-DD")
                return nil
            }
            (first, last) = (from, to)
        }
        var from = 0, to = 1_440
        if let between = entry.between {
            let times = between.map { $0 == "24:00" ? 1_440 : TimeOfDay(text: $0)?.minutes }
            guard between.count == 2, let start = times[0], let end = times[1], start < end, start < 1_440 else {
                fail("between", "must be [earliest start, latest end] as HH:MM (the end may be 24:00), the start first")
                return nil
            }
            (from, to) = (start, end)
        }
        if let step = entry.stepMinutes, !(1...1_440).contains(step) {
            fail("step_minutes", "must be a whole number of minutes from 1 to 1,440, not \(step)")
            return nil
        }
        return (first, last, from, to, [])
    }

    /// The problem with the activities, or each activity's problem with the horizon, the grid,
    /// the shifts or its attendees' contracts, naming its key and line.
    static func apply(_ activities: [Activity], to problem: RosterProblem, document: YAMLDocument) throws(InputErrors) -> RosterProblem {
        guard !activities.isEmpty else { return problem }
        var errors: [InputError] = []
        for (index, activity) in activities.enumerated() {
            do { _ = try problem.with(activities: [activity]) } catch {
                errors.append(InputError(file: document.file, line: document.line(of: [.key("activities"), .index(index)]), field: "activities[\(index)]", message: error.description))
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        do { return try problem.with(activities: activities) } catch {
            throw InputErrors([InputError(file: document.file, line: document.line(of: [.key("activities")]), field: "activities", message: error.description)])
        }
    }
}
