import Foundation
import Rostering

/// Reads a `roster.csv` written by `roster solve` (or edited by a planner) back into a ``Roster``.
public enum RosterCSV {
    public static let columns = ["agent_id", "agent_name", "date", "start", "end", "paid_minutes"]

    /// Parses the roster against a scenario's agents and time zone, collecting every problem.
    public static func read(text: String, file: String, problem: RosterProblem) throws(InputErrors) -> Roster {
        let table = try CSVTable(text: text, file: file, columns: columns)
        let zone = problem.horizon.timeZone
        let agents = Set(problem.agents.map(\.id))
        var assignments: [Roster.Assignment] = []
        var errors: [InputError] = []
        for record in table.records {
            func fail(_ field: String, _ message: String) {
                errors.append(InputError(file: file, line: record.line, field: field, message: message))
            }
            if let error = table.widthError(record, file: file) {
                errors.append(error)
                continue
            }
            let id = record.fields[0]
            if !agents.contains(id) { fail("agent_id", "'\(id)' is not an agent of the scenario") }
            var start: Instant?, end: Instant?
            do { start = try zone.parse(record.fields[3]) } catch { fail("start", error.description) }
            do { end = try zone.parse(record.fields[4]) } catch { fail("end", error.description) }
            guard let start, let end, agents.contains(id) else { continue }
            if end <= start { fail("end", "the shift ends before it starts"); continue }
            if record.fields[2] != zone.local(start).date.description {
                fail("date", "'\(record.fields[2])' is not the local date the shift starts on (\(zone.local(start).date))")
            }
            // Unpaid breaks come off the paid minutes: a shift's break rule, by its real length, says how many.
            let unpaid = problem.breakRule(forLength: end - start)?.unpaidMinutes ?? 0
            if Int(record.fields[5]) != end - start - unpaid {
                fail("paid_minutes", "'\(record.fields[5])' differs from the shift's \(end - start - unpaid) paid minutes")
            }
            assignments.append(Roster.Assignment(agentID: id, start: start, end: end))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return Roster(assignments: assignments, timeZone: zone)
    }
}
