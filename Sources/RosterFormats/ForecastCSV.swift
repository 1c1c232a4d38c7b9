import Foundation
import Rostering

/// Reads `forecast.csv`: `interval_start,calls[,aht_seconds]`, and derives staffing with Erlang C.
///
/// `calls` is the number of calls expected to arrive during the interval (decimals allowed);
/// `aht_seconds`, the average handle time, may be empty or the column absent, and then the
/// default applies. A `queue` column makes it a forecast per queue (one row per queue and
/// interval), each queue staffed on its own.
public enum ForecastCSV {
    /// One forecast row, before it is placed on a horizon.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let startText: String
        public let start: LocalDateTime
        public let offsetMinutes: Int?
        public let calls: Double
        public let ahtSeconds: Double
        /// The row's queue; empty without a `queue` column.
        public var queue = ""
    }

    public struct Result: Sendable {
        public var rows: [Row] = []
        public var errors: [InputError] = []
    }

    /// Parses rows, checking values and the wall-clock interval grid.
    /// `queueAHTSeconds`: a queue's own default handle time (`staffing: queues:`), over `defaultAHTSeconds`.
    public static func read(text: String, file: String, intervalMinutes: Int, defaultAHTSeconds: Double?, queueAHTSeconds: [String: Double] = [:]) -> Result {
        var result = Result()
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch {
            result.errors.append(error)
            return result
        }
        let known: Set<String> = ["interval_start", "calls", "aht_seconds", "queue"]
        guard table.header.first == "interval_start", table.header.contains("calls"), Set(table.header).count == table.header.count,
            table.header.allSatisfy(known.contains)
        else {
            result.errors.append(InputError(file: file, line: 1, message: "the header must be interval_start,calls or interval_start,calls,aht_seconds, optionally with a queue column (found \(table.header.joined(separator: ",")))"))
            return result
        }
        let callsColumn = table.header.firstIndex(of: "calls")!, ahtColumn = table.header.firstIndex(of: "aht_seconds")
        let queueColumn = table.header.firstIndex(of: "queue")
        var seen: [String: Int] = [:]
        for record in table.records {
            func fail(_ field: String, _ message: String) {
                result.errors.append(InputError(file: file, line: record.line, field: field, message: message))
            }
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            let startText = record.fields[0].trimmingCharacters(in: .whitespaces)
            var parsed: (LocalDateTime, offsetMinutes: Int?)?
            do {
                parsed = try LocalDateTime.parseISO(startText)
                if parsed!.0.minuteOfDay % intervalMinutes != 0 {
                    fail("interval_start", "\(startText) is off the \(intervalMinutes)-minute interval grid")
                    parsed = nil
                }
            } catch {
                fail("interval_start", error.description)
            }
            var queue = ""
            if let queueColumn {
                queue = record.fields[queueColumn].trimmingCharacters(in: .whitespaces)
                if let problem = QueueName.problem(queue) {
                    fail("queue", "'\(queue.prefix(20))': \(problem)")
                    continue
                }
            }
            let callsText = record.fields[callsColumn].trimmingCharacters(in: .whitespaces)
            let calls = Double(callsText)
            if calls == nil || StaffingLimits.callsProblem(calls!) != nil {
                fail("calls", "'\(callsText)' is not a number of calls from 0 to 1,000,000")
            }
            var aht = queueAHTSeconds[queue] ?? defaultAHTSeconds
            if let ahtColumn {
                let ahtText = record.fields[ahtColumn].trimmingCharacters(in: .whitespaces)
                if !ahtText.isEmpty {
                    if let value = Double(ahtText), StaffingLimits.handleTimeProblem(value) == nil { aht = value } else {
                        fail("aht_seconds", "'\(ahtText)' is not a number of seconds above 0 and at most 86,400")
                        continue
                    }
                }
            }
            if aht == nil {
                fail("aht_seconds", "no average handle time: fill the column or give a default AHT")
                continue
            }
            guard let parsed, let calls, StaffingLimits.callsProblem(calls) == nil, let aht else { continue }
            let key = parsed.0.description + (parsed.offsetMinutes.map { "\($0)" } ?? "") + "|" + queue
            if let previous = seen[key] {
                fail("interval_start", "\(startText)\(queue.isEmpty ? "" : " for queue \(queue)") is listed twice (first on line \(previous))")
                continue
            }
            seen[key] = record.line
            result.rows.append(Row(
                line: record.line, startText: startText, start: parsed.0, offsetMinutes: parsed.offsetMinutes, calls: calls, ahtSeconds: aht, queue: queue))
        }
        return result
    }

    /// Erlang C staffing for each row; an unreachable target is an error naming the row.
    public static func staffing(_ rows: [Row], policy: StaffingPolicy, intervalMinutes: Int, file: String) -> (staffing: [IntervalStaffing], errors: [InputError]) {
        var staffing: [IntervalStaffing] = []
        var errors: [InputError] = []
        for row in rows {
            do {
                staffing.append(try policy.staffing(calls: row.calls, ahtSeconds: row.ahtSeconds, intervalSeconds: Double(intervalMinutes * 60)))
            } catch {
                errors.append(InputError(file: file, line: row.line, field: "calls", message: error.description))
            }
        }
        return (staffing, errors)
    }

    /// `requirements.csv` as derived from a forecast: its first two columns are the requirements
    /// input format, so the file can be fed back in.
    /// With `queues` (one per row), a `queue` column follows `interval_start`.
    public static func requirementsCSV(_ rows: [(startText: String, staffing: IntervalStaffing)], queues: [String]? = nil) -> String {
        // Erlang A (a patience given) adds the share of calls expected to hang up.
        let abandoning = rows.contains { $0.staffing.abandonment != nil }
        var writer = CSVWriter(
            header: ["interval_start"] + (queues == nil ? [] : ["queue"]) + ["required", "raw_agents", "service_level", "asa_seconds", "occupancy"]
                + (abandoning ? ["abandonment"] : []))
        for (index, row) in rows.enumerated() {
            var cells: [CSVWriter.Cell] = [.text(row.startText)] + (queues.map { [.text($0[index])] } ?? []) + [
                .integer(row.staffing.scheduledAgents), .integer(row.staffing.rawAgents),
                .number(String(format: "%.4f", row.staffing.serviceLevel)),
                .number(String(format: "%.2f", row.staffing.averageSpeedOfAnswer)),
                .number(String(format: "%.4f", row.staffing.occupancy)),
            ]
            if abandoning { cells.append(.number(String(format: "%.4f", row.staffing.abandonment ?? 0))) }
            writer.appendRow(cells)
        }
        return writer.text
    }

    /// Parses a service-level target written as `80/20` (80 % within 20 seconds).
    public static func parseServiceLevel(_ text: String) -> ServiceTarget? {
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let percent = Double(parts[0].replacingOccurrences(of: "%", with: "")), let seconds = Double(parts[1]),
            percent > 0, percent < 100, StaffingLimits.targetSecondsProblem(seconds) == nil
        else { return nil }
        return .serviceLevel(fraction: percent / 100, withinSeconds: seconds)
    }
}
