import Foundation
import Rostering

/// Reads `requirements.csv`: `interval_start,required`.
///
/// `interval_start` is a local ISO 8601 date-time in the scenario's time zone (`2026-11-23T09:30`;
/// a UTC offset is needed only for the repeated hour when clocks go back). Intervals not listed
/// require nobody. Extra columns are allowed (so a derived requirements file can be fed back in).
///
/// Several queues: a `queue` column, one row per queue and interval (long format). Queues are
/// numbered in the order first listed; an interval a queue does not list requires nobody there.
public enum RequirementsCSV {
    public struct Result: Sendable {
        /// Per interval: the requirement, summed over queues when there are several.
        public var required: [Int] = []
        /// With a `queue` column: the queues in the order first listed, and their requirements.
        public var queues: [String] = []
        public var byQueue: [[Int]] = []
        public var errors: [InputError] = []
    }

    /// Most queues a requirements or forecast file may list.
    public static let mostQueues = 100

    public static func read(text: String, file: String, horizon: PlanningHorizon) -> Result {
        var result = Result(required: Array(repeating: 0, count: horizon.intervalCount))
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch {
            result.errors.append(error)
            return result
        }
        let startColumn = table.header.firstIndex(of: "interval_start"), requiredColumn = table.header.firstIndex(of: "required")
        guard let startColumn, let requiredColumn else {
            result.errors.append(InputError(file: file, line: 1, message: "the header must name interval_start and required, e.g. interval_start,required or interval_start,queue,required (found \(table.header.joined(separator: ",")))"))
            return result
        }
        let queueColumn = table.header.firstIndex(of: "queue")
        var seen: [QueueInterval: Int] = [:]
        for record in table.records {
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            let startText = record.fields[startColumn].trimmingCharacters(in: .whitespaces)
            let requiredText = record.fields[requiredColumn].trimmingCharacters(in: .whitespaces)
            var index: Int?
            do {
                let instant = try horizon.timeZone.parse(startText)
                if instant < horizon.start || instant >= horizon.end {
                    result.errors.append(InputError(file: file, line: record.line, field: "interval_start", message: "\(startText) is outside the planning horizon"))
                } else if let found = horizon.intervalIndex(startingAt: instant) {
                    index = found
                } else {
                    result.errors.append(InputError(file: file, line: record.line, field: "interval_start", message: "\(startText) is off the \(horizon.intervalMinutes)-minute interval grid"))
                }
            } catch {
                result.errors.append(InputError(file: file, line: record.line, field: "interval_start", message: error.description))
            }
            guard let value = Int(requiredText), InputLimits.agentsProblem(value) == nil else {
                result.errors.append(InputError(file: file, line: record.line, field: "required", message: "'\(requiredText)' is not a whole number of agents from 0 to 100,000"))
                continue
            }
            var queue = 0
            if let queueColumn {
                let name = record.fields[queueColumn].trimmingCharacters(in: .whitespaces)
                if let problem = QueueName.problem(name) {
                    result.errors.append(InputError(file: file, line: record.line, field: "queue", message: "'\(name.prefix(20))': \(problem)"))
                    continue
                }
                if let found = result.queues.firstIndex(of: name) { queue = found } else {
                    guard result.queues.count < mostQueues else {
                        result.errors.append(InputError(file: file, line: record.line, field: "queue", message: "more than \(mostQueues) queues"))
                        continue
                    }
                    queue = result.queues.count
                    result.queues.append(name)
                    result.byQueue.append(Array(repeating: 0, count: horizon.intervalCount))
                }
            }
            guard let index else { continue }
            if let previous = seen[QueueInterval(queue: queue, interval: index)] {
                let what = queueColumn == nil ? startText : "\(startText) for queue \(result.queues[queue])"
                result.errors.append(InputError(file: file, line: record.line, field: "interval_start", message: "\(what) is listed twice (first on line \(previous))"))
                continue
            }
            seen[QueueInterval(queue: queue, interval: index)] = record.line
            result.required[index] += value
            if queueColumn != nil { result.byQueue[queue][index] = value }
        }
        return result
    }

    private struct QueueInterval: Hashable {
        let queue: Int
        let interval: Int
    }
}
