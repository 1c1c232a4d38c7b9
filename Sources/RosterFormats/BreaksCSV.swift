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
        let table = try CSVTable(text: text, file: file, columns: columns)
        let zone = problem.horizon.timeZone
        struct Key: Hashable { let agent: String; let start: Instant; let end: Instant }
        var breaks: [Key: [Roster.Break]] = [:]
        let shifts = Set(roster.assignments.map { Key(agent: $0.agentID, start: $0.start, end: $0.end) })
        var errors: [InputError] = []
        for record in table.records {
            func fail(_ field: String, _ message: String) { errors.append(InputError(file: file, line: record.line, field: field, message: message)) }
            if let error = table.widthError(record, file: file) {
                errors.append(error)
                continue
            }
            let fields = record.fields
            var times: [Instant] = []
            for (index, field) in [(3, "shift_start"), (4, "shift_end"), (6, "start"), (7, "end")] {
                do { times.append(try zone.parse(fields[index])) } catch { fail(field, error.description) }
            }
            guard times.count == 4 else { continue }
            let key = Key(agent: fields[0], start: times[0], end: times[1])
            guard shifts.contains(key) else {
                fail("shift_start", "\(fields[0]) has no shift \(fields[3])–\(fields[4]) in the roster")
                continue
            }
            guard times[3] > times[2] else { fail("end", "the break ends before it starts"); continue }
            if Int(fields[8]) != times[3] - times[2] { fail("minutes", "'\(fields[8])' differs from the break's \(times[3] - times[2]) minutes") }
            guard fields[9] == "yes" || fields[9] == "no" else { fail("paid", "'\(fields[9])' is neither yes nor no"); continue }
            breaks[key, default: []].append(Roster.Break(name: fields[5], start: times[2], end: times[3], paid: fields[9] == "yes"))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        let assignments = roster.assignments.map { shift in
            shift.with(breaks: breaks[Key(agent: shift.agentID, start: shift.start, end: shift.end)] ?? [])
        }
        return Roster(assignments: assignments, timeZone: zone)
    }

    /// Reads the roster.csv at `rosterPath` and, when the problem has break rules, the breaks.csv
    /// beside it (which must then exist).
    public static func readRoster(at rosterPath: String, problem: RosterProblem) throws(InputErrors) -> Roster {
        let roster = try RosterCSV.read(text: try ScenarioLoader.readText(URL(fileURLWithPath: rosterPath), display: rosterPath), file: rosterPath, problem: problem)
        guard !problem.breakRules.isEmpty else { return roster }
        let breaksPath = ((rosterPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("breaks.csv")
        guard FileManager.default.fileExists(atPath: breaksPath) else {
            throw InputErrors([InputError(file: breaksPath, message: "the scenario has break rules, so the roster's breaks.csv must be beside its roster.csv")])
        }
        return try read(text: try ScenarioLoader.readText(URL(fileURLWithPath: breaksPath), display: breaksPath), file: breaksPath, into: roster, problem: problem)
    }
}
