import Foundation
import Rostering

/// Reads the day-level files of a scenario:
/// - `shift_requirements.csv`: `date,shift,required,under_weight,over_weight`: agents wanted on
///   shifts of a template starting on a date, with the penalty per agent short and per agent extra;
/// - `shift_requests.csv`: `agent_id,date,shift,request,weight`: an agent's weighted request to
///   work (`on`) or not to work (`off`) a template on a date.
///
/// `shift` names a shift template of the scenario; dates are ISO dates inside the horizon.
public enum DayLevelCSV {
    public struct Result<Row: Sendable>: Sendable {
        public var rows: [Row] = []
        public var errors: [InputError] = []
    }

    /// Parses a table with exactly `columns`, calling `row` for each record with a cell reader
    /// and an error sink.
    static func table<Row>(
        text: String, file: String, columns: [String],
        row: (_ cell: (String) -> String, _ fail: (String, String) -> Void, _ line: Int) -> Row?
    ) -> Result<Row> {
        var result = Result<Row>()
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch {
            result.errors.append(error)
            return result
        }
        guard table.header.map({ $0.trimmingCharacters(in: .whitespaces) }) == columns else {
            result.errors.append(InputError(file: file, line: 1, message: "the header must be \(columns.joined(separator: ",")) (found \(table.header.joined(separator: ",")))"))
            return result
        }
        for record in table.records {
            if let error = table.widthError(record, file: file) {
                result.errors.append(error)
                continue
            }
            var failed = false
            let cell = { (column: String) in record.fields[columns.firstIndex(of: column)!].trimmingCharacters(in: .whitespaces) }
            let fail = { (column: String, message: String) in
                result.errors.append(InputError(file: file, line: record.line, field: column, message: message))
                failed = true
            }
            if let value = row(cell, fail, record.line), !failed { result.rows.append(value) }
        }
        return result
    }

    static func day(_ text: String, horizon: PlanningHorizon, fail: (String, String) -> Void) -> Int? {
        guard let date = LocalDate(iso: text) else {
            fail("date", "'\(text)' is not a date (YYYY-MM-DD)")
            return nil
        }
        guard let day = horizon.dayIndex(of: date) else {
            fail("date", "\(text) is outside the planning horizon")
            return nil
        }
        return day
    }

    static func weight(_ text: String, column: String, fail: (String, String) -> Void) -> Double? {
        guard let value = Double(text), InputLimits.weightProblem(value) == nil else {
            fail(column, "'\(text)' is not a number from 0 to 1,000,000")
            return nil
        }
        return value
    }

    /// Reads `shift_requirements.csv`; a (date, shift) pair may appear once.
    public static func readDemands(text: String, file: String, horizon: PlanningHorizon, templates: Set<String>) -> Result<ShiftDemand> {
        var seen: [String: Int] = [:]
        var duplicates: [InputError] = []
        var result = table(text: text, file: file, columns: ["date", "shift", "required", "under_weight", "over_weight"]) { cell, fail, line -> ShiftDemand? in
            let day = Self.day(cell("date"), horizon: horizon, fail: fail)
            let template = cell("shift")
            if !templates.contains(template) { fail("shift", "'\(template)' is not a shift template of the scenario") }
            let required = Int(cell("required"))
            if required == nil || InputLimits.agentsProblem(required!) != nil {
                fail("required", "'\(cell("required"))' is not a whole number of agents from 0 to 100,000")
            }
            let under = weight(cell("under_weight"), column: "under_weight", fail: fail)
            let over = weight(cell("over_weight"), column: "over_weight", fail: fail)
            guard let day, let required, let under, let over else { return nil }
            let key = "\(day)|\(template)"
            if let previous = seen[key] {
                duplicates.append(InputError(file: file, line: line, field: "shift", message: "\(cell("date")) \(template) is listed twice (first on line \(previous))"))
                return nil
            }
            seen[key] = line
            return ShiftDemand(day: day, template: template, required: required, underWeight: under, overWeight: over)
        }
        result.errors += duplicates
        return result
    }

    /// Reads `shift_requests.csv`.
    public static func readRequests(text: String, file: String, horizon: PlanningHorizon, templates: Set<String>, agents: Set<String>) -> Result<ShiftRequest> {
        table(text: text, file: file, columns: ["agent_id", "date", "shift", "request", "weight"]) { cell, fail, _ -> ShiftRequest? in
            let agent = cell("agent_id")
            if !agents.contains(agent) { fail("agent_id", "'\(agent)' is not an agent of the scenario") }
            let day = Self.day(cell("date"), horizon: horizon, fail: fail)
            let template = cell("shift")
            if !templates.contains(template) { fail("shift", "'\(template)' is not a shift template of the scenario") }
            let kind = ShiftRequest.Kind(rawValue: cell("request"))
            if kind == nil { fail("request", "'\(cell("request"))' is not on or off") }
            let weight = weight(cell("weight"), column: "weight", fail: fail)
            guard let day, let kind, let weight else { return nil }
            return ShiftRequest(agentID: agent, day: day, template: template, kind: kind, weight: weight)
        }
    }
}
