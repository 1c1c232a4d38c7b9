import Foundation
import Rostering

/// `activities.csv`, written beside roster.csv when the scenario has activities: one row per
/// session attended, `agent_id,agent_name,date,shift_start,shift_end,activity,start,end,minutes`,
/// sorted by start, then agent. Times are local ISO 8601 in the site's zone.
public enum ActivitiesCSV {
    public static let columns = ["agent_id", "agent_name", "date", "shift_start", "shift_end", "activity", "start", "end", "minutes"]

    public static func write(_ roster: Roster, problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        let names = Dictionary(problem.agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: columns)
        let rows = roster.assignments.flatMap { assignment in assignment.activities.map { (assignment, $0) } }
            .sorted { ($0.1.start, $0.0.agentID, $0.1.name) < ($1.1.start, $1.0.agentID, $1.1.name) }
        for (shift, session) in rows {
            writer.appendRow([
                .text(shift.agentID), .text(names[shift.agentID] ?? ""), .text(zone.local(shift.start).date.description),
                .text(zone.isoText(shift.start)), .text(zone.isoText(shift.end)), .text(session.name),
                .text(zone.isoText(session.start)), .text(zone.isoText(session.end)), .integer(session.end - session.start),
            ])
        }
        return writer.text
    }

    /// The roster with the sessions of `text` attached to its shifts (matched by agent and shift
    /// start and end), collecting every problem: an unknown shift, unreadable times, minutes that
    /// differ from the times. Whether the sessions keep the activities' rules is the validator's
    /// to say.
    public static func read(text: String, file: String, into roster: Roster, problem: RosterProblem) throws(InputErrors) -> Roster {
        let sessions = try ShiftAttachedRows.read(text: text, file: file, columns: columns, roster: roster, problem: problem, what: "session") { fields, start, end, _ in
            Roster.Session(name: fields[5], start: start, end: end)
        }
        let assignments = roster.assignments.map { shift in
            Roster.Assignment(
                agentID: shift.agentID, start: shift.start, end: shift.end, breaks: shift.breaks,
                activities: sessions[ShiftAttachedRows.Key(agent: shift.agentID, start: shift.start, end: shift.end)] ?? [])
        }
        return Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
    }
}
