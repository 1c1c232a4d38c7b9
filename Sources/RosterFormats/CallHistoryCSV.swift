import Foundation
import Rostering

/// Reads the history `roster forecast` learns from, in either of two forms (told apart by the
/// header; docs/file-formats.md):
/// - a **call log**, one row per call, with at least `arrival` (local `YYYY-MM-DDTHH:MM[:SS]`) and
///   `handle_seconds`, and optionally `outcome` (`answered` / `abandoned`), `wait_seconds`,
///   `queue` and `caller`; other columns are ignored (and named in the notes);
/// - **interval counts**, the forecast.csv format: `interval_start,calls[,aht_seconds]`.
public enum CallHistoryCSV {
    public struct Options: Sendable {
        public var intervalMinutes: Int
        /// Only calls of this queue (call logs with a `queue` column).
        public var queue: String?
        /// An abandoned call whose caller calls again within this many minutes is not counted
        /// (its demand is the later call's). Needs a `caller` column.
        public var callbackWindowMinutes: Int?

        public init(intervalMinutes: Int, queue: String? = nil, callbackWindowMinutes: Int? = nil) {
            self.intervalMinutes = intervalMinutes
            self.queue = queue
            self.callbackWindowMinutes = callbackWindowMinutes
        }
    }

    public struct Result: Sendable {
        public var history: CallHistory
        public var errors: [InputError] = []
        /// What the reader did that the planner should know: rows of other queues, callbacks
        /// removed, abandoned calls, columns ignored.
        public var notes: [String] = []
    }

    /// Most errors reported before reading stops.
    static let mostErrors = 50

    public static func read(text: String, file: String, options: Options) -> Result {
        var result = Result(history: CallHistory(intervalMinutes: options.intervalMinutes))
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch {
            result.errors.append(error)
            return result
        }
        if table.header.first == "interval_start" {
            readCounts(table, file: file, options: options, into: &result)
        } else if table.header.contains("arrival") {
            readLog(table, file: file, options: options, into: &result)
        } else {
            result.errors.append(InputError(file: file, line: 1, message: "the header must be a call log's (with arrival and handle_seconds) or interval counts' (interval_start,calls[,aht_seconds])"))
        }
        if table.records.isEmpty, result.errors.isEmpty { result.errors.append(InputError(file: file, line: 1, message: "no calls: the file has only a header")) }
        return result
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` (or a space for the T) as a local date and seconds of the day.
    /// Reads the bytes directly: a year of calls is millions of these. O(length).
    static func parseArrival(_ text: String) -> (date: LocalDate, second: Int)? {
        var bytes = text.utf8.makeIterator()
        var digits: [Int] = []
        digits.reserveCapacity(14)
        var separators: [UInt8] = []
        while let byte = bytes.next() {
            if byte >= 0x30 && byte <= 0x39 { digits.append(Int(byte - 0x30)) } else { separators.append(byte) }
            if digits.count > 14 || separators.count > 5 { return nil }
        }
        let withSeconds = digits.count == 14
        guard digits.count == 12 || withSeconds, separators.count == (withSeconds ? 5 : 4),
            separators[0] == 0x2D, separators[1] == 0x2D, separators[2] == 0x54 || separators[2] == 0x20,
            separators[3] == 0x3A, !withSeconds || separators[4] == 0x3A,
            text.utf8.count == (withSeconds ? 19 : 16)
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { (from..<(from + count)).reduce(0) { $0 * 10 + digits[$1] } }
        guard let date = LocalDate(year: number(0, 4), month: number(4, 2), day: number(6, 2)) else { return nil }
        let hours = number(8, 2), minutes = number(10, 2), seconds = withSeconds ? number(12, 2) : 0
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        return (date, hours * 3600 + minutes * 60 + seconds)
    }

    /// `text` without leading and trailing spaces and tabs (most cells have none: then as it is).
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard blank(first) || blank(last) else { return text }
        return String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    private static func readLog(_ table: CSVTable, file: String, options: Options, into result: inout Result) {
        let known = ["arrival", "handle_seconds", "outcome", "wait_seconds", "queue", "caller"]
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        guard column["handle_seconds"] != nil else {
            result.errors.append(InputError(file: file, line: 1, field: "handle_seconds", message: "a call log needs the column handle_seconds"))
            return
        }
        if options.callbackWindowMinutes != nil, column["caller"] == nil {
            result.errors.append(InputError(file: file, line: 1, field: "caller", message: "removing callbacks needs the column caller"))
            return
        }
        let ignored = table.header.filter { !known.contains($0) }
        if !ignored.isEmpty { result.notes.append("columns ignored: \(ignored.joined(separator: ", "))") }
        var calls: [(date: LocalDate, second: Int, handle: Double?, caller: String)] = []
        var previous: (date: LocalDate, second: Int)?
        var otherQueues = 0, abandoned = 0
        // Rows of the current arrival second: a duplicate call shares its arrival (rows are sorted).
        var sameArrival = Set<[String]>()
        for record in table.records {
            guard result.errors.count < mostErrors else { break }
            func fail(_ field: String, _ message: String) { result.errors.append(InputError(file: file, line: record.line, field: field, message: message)) }
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            func cell(_ name: String) -> String? { column[name].map { trimmed(record.fields[$0]) }.flatMap { $0.isEmpty ? nil : $0 } }
            guard let arrivalText = cell("arrival"), let arrival = parseArrival(arrivalText) else {
                fail("arrival", "'\(cell("arrival") ?? "")' is not a local date-time like 2026-10-05T09:13:22")
                continue
            }
            if let previous, (arrival.date, arrival.second) < (previous.date, previous.second) {
                fail("arrival", "\(arrivalText) comes before the row above it: sort the log by arrival")
                continue
            }
            if let previous, previous != (arrival.date, arrival.second) { sameArrival.removeAll(keepingCapacity: true) }
            previous = (arrival.date, arrival.second)
            if !sameArrival.insert(record.fields).inserted { fail("arrival", "the same call as an earlier row (every field equal): a duplicate"); continue }
            if let queue = options.queue, cell("queue") != queue { otherQueues += 1; continue }
            let handleText = cell("handle_seconds") ?? ""
            guard let handle = Double(handleText), handle.isFinite, (0...86_400).contains(handle) else {
                fail("handle_seconds", "'\(handleText)' is not a number of seconds from 0 to 86,400")
                continue
            }
            if let wait = cell("wait_seconds"), !(Double(wait).map { $0.isFinite && $0 >= 0 && $0 <= 86_400 } ?? false) {
                fail("wait_seconds", "'\(wait)' is not a number of seconds from 0 to 86,400")
                continue
            }
            let outcome = cell("outcome") ?? "answered"
            guard outcome == "answered" || outcome == "abandoned" else { fail("outcome", "'\(outcome)' is neither answered nor abandoned"); continue }
            if outcome == "abandoned" { abandoned += 1 }
            if let wait = cell("wait_seconds").flatMap(Double.init), column["outcome"] != nil {
                result.history.waitedSeconds += wait
                if outcome == "abandoned" { result.history.abandonedCalls += 1 }
            }
            calls.append((arrival.date, arrival.second, outcome == "answered" ? handle : nil, cell("caller") ?? ""))
        }
        guard result.errors.isEmpty else { return }
        let dropped = callbacksToDrop(calls, windowMinutes: options.callbackWindowMinutes)
        for (index, call) in calls.enumerated() where !dropped.contains(index) {
            result.history.add(
                at: LocalDateTime(date: call.date, minuteOfDay: call.second / 60),
                CallHistory.Interval(calls: 1, handledCalls: call.handle == nil ? 0 : 1, handleSeconds: call.handle ?? 0))
        }
        if options.queue != nil { result.notes.append("\(otherQueues) call(s) of other queues left out") }
        if abandoned > 0 { result.notes.append("\(abandoned) abandoned call(s) counted as offered, without a handle time") }
        if let window = options.callbackWindowMinutes { result.notes.append("\(dropped.count) abandoned call(s) followed by the same caller within \(window) min not counted") }
    }

    /// Indices of abandoned calls whose caller calls again within the window. O(calls).
    static func callbacksToDrop(_ calls: [(date: LocalDate, second: Int, handle: Double?, caller: String)], windowMinutes: Int?) -> Set<Int> {
        guard let windowMinutes else { return [] }
        var pending: [String: (index: Int, at: Int)] = [:]
        var dropped = Set<Int>()
        for (index, call) in calls.enumerated() where !call.caller.isEmpty {
            let at = call.date.daysSinceEpoch * 86_400 + call.second
            if let earlier = pending[call.caller], at - earlier.at <= windowMinutes * 60 { dropped.insert(earlier.index) }
            pending[call.caller] = call.handle == nil ? (index, at) : nil
        }
        return dropped
    }

    private static func readCounts(_ table: CSVTable, file: String, options: Options, into result: inout Result) {
        guard table.header == ["interval_start", "calls"] || table.header == ["interval_start", "calls", "aht_seconds"] else {
            result.errors.append(InputError(file: file, line: 1, message: "interval counts need the header interval_start,calls or interval_start,calls,aht_seconds"))
            return
        }
        var previous: LocalDateTime?
        for record in table.records {
            guard result.errors.count < mostErrors else { break }
            func fail(_ field: String, _ message: String) { result.errors.append(InputError(file: file, line: record.line, field: field, message: message)) }
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            let fields = record.fields.map(trimmed)
            guard let start = parseArrival(fields[0]), start.second % 60 == 0, (start.second / 60) % options.intervalMinutes == 0 else {
                fail("interval_start", "'\(fields[0])' is not a local interval start on the \(options.intervalMinutes)-minute grid")
                continue
            }
            let local = LocalDateTime(date: start.date, minuteOfDay: start.second / 60)
            if let previous, local <= previous {
                fail("interval_start", local == previous ? "\(fields[0]) is given twice" : "\(fields[0]) comes before the row above it: sort the file by interval_start")
                continue
            }
            previous = local
            guard let calls = Double(fields[1]), calls.isFinite, (0...1_000_000).contains(calls) else {
                fail("calls", "'\(fields[1])' is not a number of calls from 0 to 1,000,000")
                continue
            }
            var aht: Double?
            if fields.count > 2, !fields[2].isEmpty {
                guard let value = Double(fields[2]), value.isFinite, (1...86_400).contains(value) else {
                    fail("aht_seconds", "'\(fields[2])' is not a number of seconds from 1 to 86,400")
                    continue
                }
                aht = value
            }
            result.history.add(at: local, CallHistory.Interval(calls: calls, handledCalls: aht == nil ? 0 : calls, handleSeconds: (aht ?? 0) * calls))
        }
    }
}
