import Foundation
import Rostering

/// Rows of a CSV file that belong to shifts of a roster (breaks.csv, activities.csv): columns 0,
/// 3 and 4 name the agent and the shift's start and end, columns 6 and 7 the row's own start and
/// end, column 8 its minutes.
enum ShiftAttachedRows {
    struct Key: Hashable {
        let agent: String
        let start: Instant
        let end: Instant
    }

    /// Each shift's items, `item(fields, start, end, fail)` making one from a row whose times
    /// read, whose shift is in `roster` and whose minutes match; every problem is collected
    /// (`what` names the row's thing in messages).
    static func read<Item>(
        text: String, file: String, columns: [String], roster: Roster, problem: RosterProblem, what: String,
        item: ([String], Instant, Instant, (String, String) -> Void) -> Item?
    ) throws(InputErrors) -> [Key: [Item]] {
        let table = try CSVTable(text: text, file: file, columns: columns)
        let zone = problem.horizon.timeZone
        var items: [Key: [Item]] = [:]
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
            guard times[3] > times[2] else { fail("end", "the \(what) ends before it starts"); continue }
            if Int(fields[8]) != times[3] - times[2] { fail("minutes", "'\(fields[8])' differs from the \(what)'s \(times[3] - times[2]) minutes") }
            if let made = item(fields, times[2], times[3], fail) { items[key, default: []].append(made) }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return items
    }
}
