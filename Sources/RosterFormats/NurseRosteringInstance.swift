import Foundation

/// An instance of the Curtois & Qu shift scheduling benchmark (schedulingbenchmarks.org,
/// instances 1–24), read from its text format, with the benchmark's own objective and hard rules
/// for checking rosters independently of any model.
///
/// The format: seven sections (`SECTION_HORIZON`, `SECTION_SHIFTS`, `SECTION_STAFF`,
/// `SECTION_DAYS_OFF`, `SECTION_SHIFT_ON_REQUESTS`, `SECTION_SHIFT_OFF_REQUESTS`,
/// `SECTION_COVER`) of comma-separated rows, `#` comments, CRLF or LF line ends; days are 0-based
/// from a Monday.
public struct NurseRosteringInstance: Sendable, Equatable {
    public struct ShiftType: Sendable, Equatable {
        public var id: String
        public var minutes: Int
        /// Shift types that may not be worked the day after this one.
        public var cannotFollow: [String]
    }

    public struct Employee: Sendable, Equatable {
        public var id: String
        /// Most shifts of each type over the horizon (0: never).
        public var maxShifts: [String: Int]
        public var maxTotalMinutes: Int
        public var minTotalMinutes: Int
        public var maxConsecutiveShifts: Int
        public var minConsecutiveShifts: Int
        public var minConsecutiveDaysOff: Int
        public var maxWeekends: Int
        /// Days the employee may not work.
        public var daysOff: [Int]
    }

    /// A weighted wish to work (on) or not to work (off) a shift type on a day.
    public struct Request: Sendable, Equatable {
        public var employee: String
        public var day: Int
        public var shift: String
        public var weight: Int
    }

    /// Employees wanted on a shift type on a day, with the penalty per employee short or extra.
    public struct Cover: Sendable, Equatable {
        public var day: Int
        public var shift: String
        public var requirement: Int
        public var underWeight: Int
        public var overWeight: Int
    }

    public var days: Int
    public var shiftTypes: [ShiftType]
    public var employees: [Employee]
    public var onRequests: [Request]
    public var offRequests: [Request]
    public var cover: [Cover]

    static let sections = [
        "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
        "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
    ]

    /// Reads an instance; every problem found is reported with its line.
    public static func parse(text: String, file: String) throws(InputErrors) -> NurseRosteringInstance {
        var errors: [InputError] = []
        var rows: [String: [(line: Int, fields: [String])]] = [:]
        var current: String?
        var order: [String] = []
        // "\r\n" is one Character in Swift: split on any line end.
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: [" ", "\t", "\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("SECTION_") {
                guard sections.contains(line) else {
                    errors.append(InputError(file: file, line: offset + 1, message: "unknown section \(line)"))
                    current = nil
                    continue
                }
                current = line
                order.append(line)
                rows[line] = rows[line] ?? []
                continue
            }
            guard let current else {
                errors.append(InputError(file: file, line: offset + 1, message: "data outside a section"))
                continue
            }
            rows[current, default: []].append((offset + 1, line.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }))
        }
        if order != sections {
            errors.append(InputError(file: file, message: "expected the sections \(sections.joined(separator: ", ")) in this order, found \(order.isEmpty ? "none" : order.joined(separator: ", "))"))
            throw InputErrors(errors)
        }

        // Every number is bounded (a year of days, a day's minutes, a million otherwise), so that
        // no value of the file can overflow the arithmetic or the memory that follows.
        func integer(_ text: String, _ line: Int, _ field: String, minimum: Int = 0, maximum: Int = 1_000_000) -> Int {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= minimum, value <= maximum else {
                errors.append(InputError(file: file, line: line, field: field, message: "'\(text)' is not a whole number from \(minimum) to \(maximum)"))
                return minimum
            }
            return value
        }
        func width(_ row: (line: Int, fields: [String]), _ count: Int, _ section: String) -> Bool {
            guard row.fields.count == count else {
                errors.append(InputError(file: file, line: row.line, message: "\(section) rows have \(count) fields, this one has \(row.fields.count)"))
                return false
            }
            return true
        }

        let horizon = rows["SECTION_HORIZON"]!
        var days = 0
        if horizon.count == 1, horizon[0].fields.count == 1 {
            days = integer(horizon[0].fields[0], horizon[0].line, "days", minimum: 1, maximum: 364)
            if days % 7 != 0 { errors.append(InputError(file: file, line: horizon[0].line, field: "days", message: "\(days) is not whole weeks")) }
        } else {
            errors.append(InputError(file: file, line: horizon.first?.line, message: "SECTION_HORIZON holds one number, the days"))
        }

        var shiftTypes: [ShiftType] = []
        for row in rows["SECTION_SHIFTS"]! where width(row, 3, "SECTION_SHIFTS") {
            let cannotFollow = row.fields[2].split(separator: "|").map { String($0) }
            shiftTypes.append(ShiftType(id: row.fields[0], minutes: integer(row.fields[1], row.line, "length", minimum: 1, maximum: 1_440), cannotFollow: cannotFollow))
        }
        let shiftIDs = Set(shiftTypes.map(\.id))
        if shiftIDs.count != shiftTypes.count { errors.append(InputError(file: file, message: "shift type ids repeat")) }
        for shift in shiftTypes {
            for follower in shift.cannotFollow where !shiftIDs.contains(follower) {
                errors.append(InputError(file: file, field: shift.id, message: "unknown shift type \(follower) in the cannot-follow list"))
            }
        }
        func day(_ text: String, _ line: Int) -> Int {
            let value = integer(text, line, "day")
            if value >= days { errors.append(InputError(file: file, line: line, field: "day", message: "day \(value) is past the horizon (\(days) days)")) }
            return value
        }
        func shift(_ text: String, _ line: Int) -> String {
            if !shiftIDs.contains(text) { errors.append(InputError(file: file, line: line, field: "shift", message: "unknown shift type \(text)")) }
            return text
        }

        var employees: [Employee] = []
        for row in rows["SECTION_STAFF"]! where width(row, 8, "SECTION_STAFF") {
            var maxShifts: [String: Int] = [:]
            for pair in row.fields[1].split(separator: "|") {
                let parts = pair.split(separator: "=").map { String($0) }
                guard parts.count == 2 else {
                    errors.append(InputError(file: file, line: row.line, field: "MaxShifts", message: "'\(pair)' is not ShiftID=max"))
                    continue
                }
                maxShifts[shift(parts[0], row.line)] = integer(parts[1], row.line, "MaxShifts")
            }
            employees.append(Employee(
                id: row.fields[0], maxShifts: maxShifts,
                maxTotalMinutes: integer(row.fields[2], row.line, "MaxTotalMinutes"), minTotalMinutes: integer(row.fields[3], row.line, "MinTotalMinutes"),
                maxConsecutiveShifts: integer(row.fields[4], row.line, "MaxConsecutiveShifts"),
                minConsecutiveShifts: integer(row.fields[5], row.line, "MinConsecutiveShifts"),
                minConsecutiveDaysOff: integer(row.fields[6], row.line, "MinConsecutiveDaysOff"),
                maxWeekends: integer(row.fields[7], row.line, "MaxWeekends"), daysOff: []))
        }
        var employeeIndex: [String: Int] = [:]
        for (index, employee) in employees.enumerated() {
            if employeeIndex.updateValue(index, forKey: employee.id) != nil {
                errors.append(InputError(file: file, field: employee.id, message: "employee listed twice in SECTION_STAFF"))
            }
        }
        func employee(_ text: String, _ line: Int) -> String {
            if employeeIndex[text] == nil { errors.append(InputError(file: file, line: line, field: "employee", message: "unknown employee \(text)")) }
            return text
        }

        for row in rows["SECTION_DAYS_OFF"]! {
            guard let index = employeeIndex[employee(row.fields[0], row.line)] else { continue }
            employees[index].daysOff += row.fields.dropFirst().filter { !$0.isEmpty }.map { day($0, row.line) }
        }
        func requests(_ section: String) -> [Request] {
            rows[section]!.compactMap { row in
                guard width(row, 4, section) else { return nil }
                return Request(
                    employee: employee(row.fields[0], row.line), day: day(row.fields[1], row.line), shift: shift(row.fields[2], row.line),
                    weight: integer(row.fields[3], row.line, "weight"))
            }
        }
        let onRequests = requests("SECTION_SHIFT_ON_REQUESTS")
        let offRequests = requests("SECTION_SHIFT_OFF_REQUESTS")
        let cover = rows["SECTION_COVER"]!.compactMap { row -> Cover? in
            guard width(row, 5, "SECTION_COVER") else { return nil }
            return Cover(
                day: day(row.fields[0], row.line), shift: shift(row.fields[1], row.line), requirement: integer(row.fields[2], row.line, "requirement"),
                underWeight: integer(row.fields[3], row.line, "weight for under"), overWeight: integer(row.fields[4], row.line, "weight for over"))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return NurseRosteringInstance(
            days: days, shiftTypes: shiftTypes, employees: employees, onRequests: onRequests, offRequests: offRequests, cover: cover)
    }

    // MARK: - The benchmark's rules and objective, for checking rosters

    /// A roster as the benchmark sees it: per employee (instance order), per day, the shift type
    /// worked or nil for a day off.
    public typealias Assignment = [[String?]]

    /// The benchmark's objective: request penalties plus weighted under- and over-cover.
    public func objective(of roster: Assignment) -> Int {
        let index = Dictionary(uniqueKeysWithValues: employees.enumerated().map { ($1.id, $0) })
        var total = 0
        for request in onRequests where roster[index[request.employee]!][request.day] != request.shift { total += request.weight }
        for request in offRequests where roster[index[request.employee]!][request.day] == request.shift { total += request.weight }
        for row in cover {
            let working = roster.filter { $0[row.day] == row.shift }.count
            total += row.underWeight * max(0, row.requirement - working) + row.overWeight * max(0, working - row.requirement)
        }
        return total
    }

    /// Every hard rule the roster breaks, in words (empty when it is feasible).
    public func violations(of roster: Assignment) -> [String] {
        var found: [String] = []
        guard roster.count == employees.count, roster.allSatisfy({ $0.count == days }) else {
            return ["the roster must have \(employees.count) employees × \(days) days"]
        }
        let minutes = Dictionary(uniqueKeysWithValues: shiftTypes.map { ($0.id, $0.minutes) })
        let forbidden = Dictionary(uniqueKeysWithValues: shiftTypes.map { ($0.id, Set($0.cannotFollow)) })
        for (employee, row) in zip(employees, roster) {
            let name = employee.id
            for (day, shift) in row.enumerated() {
                guard let shift else { continue }
                if minutes[shift] == nil { found.append("\(name) day \(day): unknown shift type \(shift)") }
                if employee.daysOff.contains(day) { found.append("\(name) works on day off \(day)") }
                if day + 1 < days, let next = row[day + 1], forbidden[shift]?.contains(next) == true {
                    found.append("\(name): \(next) on day \(day + 1) may not follow \(shift)")
                }
            }
            for (shift, most) in employee.maxShifts where row.filter({ $0 == shift }).count > most {
                found.append("\(name) works \(row.filter { $0 == shift }.count) \(shift) shifts; at most \(most)")
            }
            let total = row.compactMap { $0 }.reduce(0) { $0 + (minutes[$1] ?? 0) }
            if total > employee.maxTotalMinutes { found.append("\(name) works \(total) min; at most \(employee.maxTotalMinutes)") }
            if total < employee.minTotalMinutes { found.append("\(name) works \(total) min; at least \(employee.minTotalMinutes)") }
            // Runs of working days and of days off; runs touching the horizon's ends are exempt
            // from the minimums.
            var start = 0
            while start < days {
                let working = row[start] != nil
                var end = start
                while end + 1 < days, (row[end + 1] != nil) == working { end += 1 }
                let length = end - start + 1
                let inside = start > 0 && end < days - 1
                if working && length > employee.maxConsecutiveShifts {
                    found.append("\(name) works \(length) days in a row from day \(start); at most \(employee.maxConsecutiveShifts)")
                }
                if working && inside && length < employee.minConsecutiveShifts {
                    found.append("\(name) works \(length) days in a row from day \(start); at least \(employee.minConsecutiveShifts)")
                }
                if !working && inside && length < employee.minConsecutiveDaysOff {
                    found.append("\(name) has \(length) days off in a row from day \(start); at least \(employee.minConsecutiveDaysOff)")
                }
                start = end + 1
            }
            let weekends = (0..<(days / 7)).filter { row[7 * $0 + 5] != nil || row[7 * $0 + 6] != nil }.count
            if weekends > employee.maxWeekends { found.append("\(name) works \(weekends) weekends; at most \(employee.maxWeekends)") }
        }
        return found
    }
}
