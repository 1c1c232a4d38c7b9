import Foundation
import Rostering

/// Reads `requirements.csv`: `interval_start,required`.
///
/// `interval_start` is a local ISO 8601 date-time in the scenario's time zone (`2026-11-23T09:30`;
/// a UTC offset is needed only for the repeated hour when clocks go back). Intervals not listed
/// require nobody. Extra columns are allowed (so a derived requirements file can be fed back in).
public enum RequirementsCSV {
    public struct Result: Sendable {
        public var required: [Int] = []
        public var errors: [InputError] = []
    }

    public static func read(text: String, file: String, horizon: PlanningHorizon) -> Result {
        var result = Result(required: Array(repeating: 0, count: horizon.intervalCount))
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch {
            result.errors.append(error)
            return result
        }
        guard table.header.count >= 2, table.header[0] == "interval_start", table.header[1] == "required" else {
            result.errors.append(InputError(file: file, line: 1, message: "the header must start with interval_start,required (found \(table.header.joined(separator: ",")))"))
            return result
        }
        var seen: [Int: Int] = [:]
        for record in table.records {
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            let startText = record.fields[0].trimmingCharacters(in: .whitespaces)
            let requiredText = record.fields[1].trimmingCharacters(in: .whitespaces)
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
            guard let index else { continue }
            if let previous = seen[index] {
                result.errors.append(InputError(file: file, line: record.line, field: "interval_start", message: "\(startText) is listed twice (first on line \(previous))"))
                continue
            }
            seen[index] = record.line
            result.required[index] = value
        }
        return result
    }
}
