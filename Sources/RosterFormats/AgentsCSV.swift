import Foundation
import Rostering

/// Reads `agents.csv`: `id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable`
/// and the optional horizon rules `max_shifts,min_total_hours,max_total_hours,max_consecutive_days,min_consecutive_days,min_consecutive_days_off,max_weekends`,
/// and `team` (team or group names separated by `;`, which activities may name), and `skills`
/// (the queues the agent serves, separated by `;`, each optionally with `:priority`, 1 to 9,
/// 1 first; without one a skill's priority is its place in the list; empty: every queue).
///
/// `id` and `name` are required columns; the others may be left out or left empty to take the
/// defaults (40 h cap, no minimum, 5 days, 11 h rest, always available, no horizon rule).
/// `unavailable` lists ISO dates separated by `;`; `max_shifts` lists `template=count` pairs
/// separated by `;` (0: never that template).
public enum AgentsCSV {
    public static let columns = [
        "id", "name", "email", "max_weekly_hours", "min_weekly_hours", "max_days_per_week", "min_rest_hours", "unavailable",
        "max_shifts", "min_total_hours", "max_total_hours", "max_consecutive_days", "min_consecutive_days",
        "min_consecutive_days_off", "max_weekends", "team", "skills",
    ]
    /// Longest team name, and most teams of one agent.
    static let longestTeamName = 40
    static let mostTeams = 20
    /// Longest queue name, most skills of one agent and the lowest priority.
    public static let longestQueueName = 40
    static let mostSkills = 20
    static let lowestPriority = 9

    public struct Result: Sendable {
        public var agents: [Agent] = []
        public var errors: [InputError] = []
        public var warnings: [InputError] = []
    }

    /// Parses agents, collecting every problem. Dates outside `horizon` are warnings; a
    /// `max_shifts` template that is not in `templates` (when given) is an error.
    public static func read(text: String, file: String, horizon: PlanningHorizon?, templates: Set<String>? = nil) -> Result {
        var result = Result()
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch {
            result.errors.append(error)
            return result
        }
        let columnIndex = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, name) in table.header.enumerated() where !columns.contains(name) {
            result.errors.append(InputError(file: file, line: 1, field: name, message: "unknown column \(index + 1); expected columns: \(columns.joined(separator: ","))"))
        }
        for required in ["id", "name"] where columnIndex[required] == nil {
            result.errors.append(InputError(file: file, line: 1, field: required, message: "required column is missing"))
        }
        guard result.errors.isEmpty else { return result }

        var seenIDs: [String: Int] = [:]
        for record in table.records {
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            var row = AgentRow(record: record, columnIndex: columnIndex, file: file)
            let (id, name, email) = row.identity(seen: &seenIDs)
            let contract = row.contract()
            let unavailable = row.unavailable(horizon: horizon, warnings: &result.warnings)
            let rules = row.rules(templates: templates)
            let teams = row.teams()
            let skills = row.skills()
            if row.errors.isEmpty {
                result.agents.append(Agent(
                    id: id, name: name, email: email, maxWeeklyMinutes: contract.maxWeekly, minWeeklyMinutes: contract.minWeekly,
                    maxDaysPerWeek: contract.maxDays, minRestMinutes: contract.rest, unavailableDates: unavailable, rules: rules, teams: teams, skills: skills))
            }
            result.errors += row.errors
        }
        if table.records.isEmpty, result.errors.isEmpty {
            result.errors.append(InputError(file: file, line: 1, message: "no agents: the file has only a header"))
        }
        return result
    }
}

/// One record of agents.csv read field by field, collecting what is wrong with it (line and
/// column named).
private struct AgentRow {
    let record: CSVTable.Record
    let columnIndex: [String: Int]
    let file: String
    var errors: [InputError] = []

    init(record: CSVTable.Record, columnIndex: [String: Int], file: String) {
        self.record = record
        self.columnIndex = columnIndex
        self.file = file
    }

    func cell(_ column: String) -> String? {
        guard let index = columnIndex[column], index < record.fields.count else { return nil }
        let value = record.fields[index].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    mutating func fail(_ column: String, _ message: String) {
        errors.append(InputError(file: file, line: record.line, field: column, message: message))
    }

    /// A number of hours in `range`, as minutes; `value` when the cell is empty or wrong.
    mutating func hours(_ column: String, default value: Int, range: ClosedRange<Double>) -> Int {
        guard let text = cell(column) else { return value }
        guard let hours = Double(text), hours.isFinite else {
            fail(column, "'\(text)' is not a number of hours")
            return value
        }
        guard range.contains(hours) else {
            fail(column, "\(text) h is outside \(Int(range.lowerBound))…\(Int(range.upperBound)) hours")
            return value
        }
        return Int((hours * 60).rounded())
    }

    /// A whole number in `range`, or nil when the cell is empty or wrong.
    mutating func count(_ column: String, range: ClosedRange<Int>) -> Int? {
        guard let text = cell(column) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            fail(column, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// `id` (unique, at most 64 bytes, no control characters), `name` and `email`.
    mutating func identity(seen seenIDs: inout [String: Int]) -> (id: String, name: String, email: String) {
        let id = cell("id") ?? ""
        if id.isEmpty { fail("id", "an agent id is required") }
        // The calendar file is named after the id, each byte outside [a-z0-9_-] written as
        // %XX: 64 bytes keep it under the 255 bytes a file name may have.
        if id.utf8.count > 64 { fail("id", "'\(id.prefix(20))…' is \(id.utf8.count) bytes long; agent ids may have at most 64 (UTF-8)") }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { fail("id", "contains a control character") }
        if let previous = seenIDs[id], !id.isEmpty {
            fail("id", "duplicate agent id '\(id)' (first on line \(previous))")
        }
        seenIDs[id] = seenIDs[id] ?? record.line
        let name = cell("name") ?? ""
        if name.isEmpty { fail("name", "a name is required") }
        let email = cell("email") ?? ""
        if !email.isEmpty, !email.contains("@") { fail("email", "'\(email)' is not an e-mail address") }
        return (id, name, email)
    }

    /// The weekly contract: cap, minimum, working days and rest (in minutes), with their defaults.
    mutating func contract() -> (maxWeekly: Int, minWeekly: Int, maxDays: Int, rest: Int) {
        let maxWeekly = hours("max_weekly_hours", default: Agent.defaultMaxWeeklyMinutes, range: 0...168)
        let minWeekly = hours("min_weekly_hours", default: 0, range: 0...168)
        if minWeekly > maxWeekly {
            fail("min_weekly_hours", "minimum \(Double(minWeekly) / 60) h is above the weekly cap \(Double(maxWeekly) / 60) h")
        }
        var maxDays = Agent.defaultMaxDaysPerWeek
        if let text = cell("max_days_per_week") {
            if let days = Int(text), (0...7).contains(days) { maxDays = days } else {
                fail("max_days_per_week", "'\(text)' is not a whole number of days from 0 to 7")
            }
        }
        let rest = hours("min_rest_hours", default: Agent.defaultMinRestMinutes, range: 0...48)
        return (maxWeekly, minWeekly, maxDays, rest)
    }

    /// `unavailable`: dates separated by `;` (a date outside the horizon is a warning).
    mutating func unavailable(horizon: PlanningHorizon?, warnings: inout [InputError]) -> Set<LocalDate> {
        var unavailable = Set<LocalDate>()
        guard let text = cell("unavailable") else { return unavailable }
        for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let date = LocalDate(iso: part) else {
                fail("unavailable", "'\(part)' is not a date (YYYY-MM-DD)")
                continue
            }
            if let horizon, horizon.dayIndex(of: date) == nil {
                warnings.append(InputError(file: file, line: record.line, field: "unavailable", message: "\(part) is outside the planning horizon and is ignored"))
            }
            unavailable.insert(date)
        }
        return unavailable
    }

    /// The rules over the horizon: template maxima, totals, streaks and weekends.
    mutating func rules(templates: Set<String>?) -> HorizonRules {
        var rules = HorizonRules()
        if let text = cell("max_shifts") {
            for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                let pieces = part.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, !pieces[0].isEmpty, let most = Int(pieces[1]), most >= 0 else {
                    fail("max_shifts", "'\(part)' is not template=count (count a whole number ≥ 0)")
                    continue
                }
                if rules.maxShiftsPerTemplate[pieces[0]] != nil { fail("max_shifts", "template '\(pieces[0])' is listed twice") }
                if let templates, !templates.contains(pieces[0]) { fail("max_shifts", "'\(pieces[0])' is not a shift template of the scenario") }
                rules.maxShiftsPerTemplate[pieces[0]] = most
            }
        }
        rules.minTotalMinutes = cell("min_total_hours") == nil ? nil : hours("min_total_hours", default: 0, range: 0...100_000)
        rules.maxTotalMinutes = cell("max_total_hours") == nil ? nil : hours("max_total_hours", default: 0, range: 0...100_000)
        if let low = rules.minTotalMinutes, let high = rules.maxTotalMinutes, low > high {
            fail("min_total_hours", "minimum \(Double(low) / 60) h is above the maximum \(Double(high) / 60) h")
        }
        rules.maxConsecutiveWorkingDays = count("max_consecutive_days", range: 1...10_000)
        rules.minConsecutiveWorkingDays = count("min_consecutive_days", range: 1...10_000)
        rules.minConsecutiveDaysOff = count("min_consecutive_days_off", range: 1...10_000)
        rules.maxWorkingWeekends = count("max_weekends", range: 0...10_000)
        return rules
    }

    /// `team`: team names separated by `;`, each listed once.
    mutating func teams() -> [String] {
        var teams: [String] = []
        guard let text = cell("team") else { return teams }
        for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if part.count > AgentsCSV.longestTeamName || part.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                fail("team", "'\(part.prefix(20))' is not a team name of 1 to \(AgentsCSV.longestTeamName) characters without control characters")
            } else if !teams.contains(part) {
                teams.append(part)
            }
        }
        if teams.count > AgentsCSV.mostTeams { fail("team", "\(teams.count) teams; at most \(AgentsCSV.mostTeams)") }
        return teams
    }

    /// `skills`: queue names separated by `;`, each listed once, with an optional `:priority`.
    mutating func skills() -> [Skill] {
        var skills: [Skill] = []
        guard let text = cell("skills") else { return skills }
        for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = pieces[0]
            guard pieces.count <= 2, QueueName.problem(name) == nil else {
                fail("skills", "'\(part.prefix(20))': \(QueueName.problem(name) ?? "write a skill as queue or queue:priority")")
                continue
            }
            var priority = skills.count + 1
            if pieces.count == 2 {
                guard let given = Int(pieces[1]), (1...AgentsCSV.lowestPriority).contains(given) else {
                    fail("skills", "'\(part.prefix(20))': the priority must be a whole number from 1 to \(AgentsCSV.lowestPriority)")
                    continue
                }
                priority = given
            }
            if skills.contains(where: { $0.queue == name }) {
                fail("skills", "queue '\(name)' is listed twice")
            } else {
                skills.append(Skill(queue: name, priority: priority))
            }
        }
        if skills.count > AgentsCSV.mostSkills { fail("skills", "\(skills.count) skills; at most \(AgentsCSV.mostSkills)") }
        return skills
    }
}

/// Queue names, as agents' skills and the requirements' `queue` column give them.
public enum QueueName {
    /// The name of coverage.csv's rows over every queue, which no queue may take.
    public static let total = "total"

    /// What is wrong with `name` as a queue name, or nil.
    public static func problem(_ name: String) -> String? {
        if name.lowercased() == total { return "'\(total)' names the coverage totals and cannot name a queue" }
        if name.isEmpty || name.count > AgentsCSV.longestQueueName { return "a queue name has 1 to \(AgentsCSV.longestQueueName) characters" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || ";:,\"".unicodeScalars.contains($0) }) {
            return "a queue name has no control characters and none of ; : , \""
        }
        return nil
    }
}
