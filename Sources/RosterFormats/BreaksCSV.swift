import Foundation
import Rostering

/// `breaks.csv`, written beside roster.csv when the scenario has break rules: one row per break,
/// `agent_id,agent_name,date,shift_start,shift_end,break,start,end,minutes,paid`, sorted by
/// start, then agent. Times are local ISO 8601 in the site's zone; `paid` is `yes` or `no`.
public enum BreaksCSV {
    public static let columns = ["agent_id", "agent_name", "date", "shift_start", "shift_end", "break", "start", "end", "minutes", "paid"]

    public static func write(_ roster: Roster, problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        let names = Dictionary(problem.agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: columns)
        let rows = roster.assignments.flatMap { assignment in assignment.breaks.map { (assignment, $0) } }
            .sorted { ($0.1.start, $0.0.agentID) < ($1.1.start, $1.0.agentID) }
        for (shift, taken) in rows {
            writer.appendRow([
                .text(shift.agentID), .text(names[shift.agentID] ?? ""), .text(zone.local(shift.start).date.description),
                .text(zone.isoText(shift.start)), .text(zone.isoText(shift.end)), .text(taken.name),
                .text(zone.isoText(taken.start)), .text(zone.isoText(taken.end)), .integer(taken.end - taken.start), .text(taken.paid ? "yes" : "no"),
            ])
        }
        return writer.text
    }

    /// The roster with the breaks of `text` attached to its shifts (matched by agent and shift
    /// start and end), collecting every problem: an unknown shift, unreadable times, minutes that
    /// differ from the times, `paid` other than yes/no. Whether the breaks keep the rules is the
    /// validator's to say.
    public static func read(text: String, file: String, into roster: Roster, problem: RosterProblem) throws(InputErrors) -> Roster {
        let breaks = try ShiftAttachedRows.read(text: text, file: file, columns: columns, roster: roster, problem: problem, what: "break") { fields, start, end, fail -> Roster.Break? in
            guard fields[9] == "yes" || fields[9] == "no" else {
                fail("paid", "'\(fields[9])' is neither yes nor no")
                return nil
            }
            return Roster.Break(name: fields[5], start: start, end: end, paid: fields[9] == "yes")
        }
        let assignments = roster.assignments.map { shift in
            shift.with(breaks: breaks[ShiftAttachedRows.Key(agent: shift.agentID, start: shift.start, end: shift.end)] ?? [])
        }
        return Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
    }

    /// Reads the roster.csv at `rosterPath`; when the problem has break rules, the breaks.csv
    /// beside it (which must then exist); when it has activities, the activities.csv beside it
    /// if there is one (a roster published before the activities were planned has none).
    public static func readRoster(at rosterPath: String, problem: RosterProblem) throws(InputErrors) -> Roster {
        var roster = try RosterCSV.read(text: try ScenarioLoader.readText(URL(fileURLWithPath: rosterPath), display: rosterPath), file: rosterPath, problem: problem)
        let folder = (rosterPath as NSString).deletingLastPathComponent as NSString
        if !problem.breakRules.isEmpty {
            let breaksPath = folder.appendingPathComponent("breaks.csv")
            guard FileManager.default.fileExists(atPath: breaksPath) else {
                throw InputErrors([InputError(file: breaksPath, message: "the scenario has break rules, so the roster's breaks.csv must be beside its roster.csv")])
            }
            roster = try read(text: try ScenarioLoader.readText(URL(fileURLWithPath: breaksPath), display: breaksPath), file: breaksPath, into: roster, problem: problem)
        }
        let activitiesPath = folder.appendingPathComponent("activities.csv")
        if problem.hasActivities, FileManager.default.fileExists(atPath: activitiesPath) {
            roster = try ActivitiesCSV.read(
                text: try ScenarioLoader.readText(URL(fileURLWithPath: activitiesPath), display: activitiesPath), file: activitiesPath, into: roster, problem: problem)
        }
        return roster
    }
}
