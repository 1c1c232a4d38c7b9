import Foundation
import Rostering

/// Converts a benchmark instance into an ordinary scenario folder, and rosters back into the
/// benchmark's terms.
///
/// The instance's shift types have lengths but no clock times; each becomes a template with a
/// single start, 06:00 plus 15 minutes per type in file order, so that no two types share a shift
/// and no shift reaches the next day's first start. Day 0 is Monday 1 January 2024, in UTC.
/// Employees become agents without weekly limits or rest (the benchmark has none) and with the
/// instance's horizon rules; days off become unavailable dates; cover rows become day-level
/// requirements, requests become weighted shift requests. The scenario staffs by template only.
extension NurseRosteringInstance {
    /// Day 0 of every converted instance (a Monday, as the benchmark's day 0).
    public static let firstDate = LocalDate(year: 2024, month: 1, day: 1)!

    /// The scenario's files: name and contents, in writing order.
    public func scenarioFiles(name: String) -> [(name: String, contents: String)] {
        let dates = (0..<days).map { Self.firstDate.adding(days: $0).description }
        var yaml = """
            # Curtois & Qu shift scheduling benchmark \(name), converted by `roster import-nrp`.
            # Shift types have no clock times in the benchmark: each has one start 15 minutes after the previous type's.
            name: \(Self.quoted(name))
            horizon:
              start_date: \(Self.firstDate)
              days: \(days)
              time_zone: UTC
              interval_minutes: 15
            shift_templates:

            """
        for (index, shift) in shiftTypes.enumerated() {
            let minute = 6 * 60 + 15 * index
            yaml += """
                  - name: \(Self.quoted(shift.id))
                    earliest_start: "\(Self.clock(minute))"
                    latest_start: "\(Self.clock(minute))"
                    lengths_hours: [\(Self.number(Double(shift.minutes) / 60))]

                """
        }
        let successions = shiftTypes.filter { !$0.cannotFollow.isEmpty }
        if !successions.isEmpty {
            yaml += "forbidden_successions:\n"
            for shift in successions {
                yaml += "  - shift: \(Self.quoted(shift.id))\n    not_followed_by: [\(shift.cannotFollow.map(Self.quoted).joined(separator: ", "))]\n"
            }
        }
        yaml += """
            agents: agents.csv
            shift_requirements: shift_requirements.csv
            shift_requests: shift_requests.csv

            """

        // Every CSV through the writer: ids from the file are quoted where needed, never raw.
        var agents = CSVWriter(header: [
            "id", "name", "max_weekly_hours", "max_days_per_week", "min_rest_hours", "unavailable", "max_shifts", "min_total_hours",
            "max_total_hours", "max_consecutive_days", "min_consecutive_days", "min_consecutive_days_off", "max_weekends",
        ])
        for employee in employees {
            let unavailable = employee.daysOff.sorted().map { dates[$0] }.joined(separator: ";")
            let maxShifts = shiftTypes.compactMap { shift in employee.maxShifts[shift.id].map { "\(shift.id)=\($0)" } }.joined(separator: ";")
            agents.appendRow([
                .text(employee.id), .text("Employee \(employee.id)"), .integer(168), .integer(7), .integer(0), .text(unavailable), .text(maxShifts),
                .number(Self.number(Double(employee.minTotalMinutes) / 60)), .number(Self.number(Double(employee.maxTotalMinutes) / 60)),
                .integer(employee.maxConsecutiveShifts), .integer(employee.minConsecutiveShifts), .integer(employee.minConsecutiveDaysOff), .integer(employee.maxWeekends),
            ])
        }
        var requirements = CSVWriter(header: ["date", "shift", "required", "under_weight", "over_weight"])
        for row in cover {
            requirements.appendRow([.text(dates[row.day]), .text(row.shift), .integer(row.requirement), .integer(row.underWeight), .integer(row.overWeight)])
        }
        var requests = CSVWriter(header: ["agent_id", "date", "shift", "request", "weight"])
        for (kind, list) in [("on", onRequests), ("off", offRequests)] {
            for request in list { requests.appendRow([.text(request.employee), .text(dates[request.day]), .text(request.shift), .text(kind), .integer(request.weight)]) }
        }
        return [("scenario.yaml", yaml), ("agents.csv", agents.text), ("shift_requirements.csv", requirements.text), ("shift_requests.csv", requests.text)]
    }

    /// A roster of the converted scenario in the benchmark's terms: per employee, per day, the
    /// shift type (the template of the shift) or nil.
    public func assignment(of roster: Roster, problem: RosterProblem) -> Assignment {
        var result = Array(repeating: Array(repeating: String?.none, count: days), count: employees.count)
        let row = Dictionary(uniqueKeysWithValues: employees.enumerated().map { ($1.id, $0) })
        let templateOf = Dictionary(problem.shifts.map { ("\($0.start)|\($0.end)", $0.templateName) }, uniquingKeysWith: { first, _ in first })
        for entry in roster.assignments {
            guard let employee = row[entry.agentID],
                let day = problem.horizon.dayIndex(of: problem.horizon.timeZone.local(entry.start).date), day < days
            else { continue }
            result[employee][day] = templateOf["\(entry.start)|\(entry.end)"]
        }
        return result
    }

    static func clock(_ minute: Int) -> String {
        let hours = minute / 60, minutes = minute % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// A YAML double-quoted scalar: backslash and quote escaped, control characters as \\uXXXX.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                    result += String(format: "\\u%04X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A number without trailing zeros (at most four decimals).
    static func number(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
