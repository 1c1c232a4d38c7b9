import Foundation
import Rostering

/// The wish history ledger (`--history ledger.csv`): one row per agent and planned week, with the
/// wishes and priority points asked and granted. Every run with preferences rewrites it; agents
/// refused more in past weeks get their wishes weighed higher now.
///
/// `week_start,scenario,agent_id,wishes,granted,points,points_granted`
public enum HistoryLedger {
    public static let columns = ["week_start", "scenario", "agent_id", "wishes", "granted", "points", "points_granted"]

    public struct Row: Sendable, Equatable {
        public var weekStart: LocalDate
        public var scenario: String
        public var agentID: String
        public var wishes: Int
        public var granted: Int
        public var points: Int
        public var pointsGranted: Int
    }

    /// Reads a ledger; a missing file is an empty ledger.
    public static func read(path: String) throws(InputErrors) -> [Row] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try ScenarioLoader.readText(URL(fileURLWithPath: path), display: path)
        let table = try CSVTable(text: text, file: path, columns: columns)
        var rows: [Row] = []
        var errors: [InputError] = []
        for record in table.records {
            if let error = table.widthError(record, file: path) {
                errors.append(error)
                continue
            }
            guard let week = LocalDate(iso: record.fields[0]) else {
                errors.append(InputError(file: path, line: record.line, field: "week_start", message: "'\(record.fields[0])' is not a date"))
                continue
            }
            let numbers = record.fields[3...6].map { Int($0) }
            guard numbers.allSatisfy({ $0 != nil && $0! >= 0 }), numbers[1]! <= numbers[0]!, numbers[3]! <= numbers[2]! else {
                errors.append(InputError(file: path, line: record.line, field: "wishes", message: "counts must be whole numbers ≥ 0, granted at most asked"))
                continue
            }
            rows.append(Row(weekStart: week, scenario: record.fields[1], agentID: record.fields[2], wishes: numbers[0]!, granted: numbers[1]!, points: numbers[2]!, pointsGranted: numbers[3]!))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return rows
    }

    /// Each agent's record before `weekStart` (rows of the same week are a previous run of it).
    public static func history(_ rows: [Row], before weekStart: LocalDate) -> [String: WishHistory] {
        var history: [String: WishHistory] = [:]
        for row in rows where row.weekStart < weekStart {
            var entry = history[row.agentID] ?? WishHistory(points: 0, pointsGranted: 0)
            entry.points += row.points
            entry.pointsGranted += row.pointsGranted
            history[row.agentID] = entry
        }
        return history
    }

    /// The ledger with this run's rows replacing any earlier run of the same week and scenario.
    public static func updated(_ rows: [Row], with outcomes: [WishOutcome], problem: RosterProblem) -> String {
        let week = problem.horizon.startDate
        var kept = rows.filter { !($0.weekStart == week && $0.scenario == problem.name) }
        let byAgent = Dictionary(grouping: outcomes, by: \.agentID)
        for agent in problem.agents {
            guard let list = byAgent[agent.id] else { continue }
            kept.append(Row(
                weekStart: week, scenario: problem.name, agentID: agent.id, wishes: list.count, granted: list.filter(\.granted).count,
                points: list.reduce(0) { $0 + $1.wish.priority }, pointsGranted: list.filter(\.granted).reduce(0) { $0 + $1.wish.priority }))
        }
        kept.sort { ($0.weekStart, $0.scenario, $0.agentID) < ($1.weekStart, $1.scenario, $1.agentID) }
        var writer = CSVWriter(header: columns)
        for row in kept {
            writer.appendRow([
                .text(row.weekStart.description), .text(row.scenario), .text(row.agentID), .integer(row.wishes),
                .integer(row.granted), .integer(row.points), .integer(row.pointsGranted),
            ])
        }
        return writer.text
    }
}
