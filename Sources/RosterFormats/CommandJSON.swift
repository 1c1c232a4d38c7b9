import Foundation
import Rostering

/// Machine-readable reports of `roster validate --json` and `roster swap --json`, for integrators.
/// Keys are snake_case and sorted, like summary.json; every document carries `ok`.
public enum CommandJSON {
    /// One input problem, as `file:line: field: message` splits it.
    public struct Problem: Encodable, Sendable, Equatable {
        public var file: String
        public var line: Int?
        public var field: String?
        public var message: String

        public init(_ error: InputError) {
            file = error.file
            line = error.line
            field = error.field
            message = error.message
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(field, forKey: .field)
            try container.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case file, line, field, message }
    }

    /// `roster validate --json`: the scenario's size when it reads, else every problem.
    public struct Validation: Encodable, Sendable {
        public var scenario: String
        public var ok: Bool
        public var agents: Int?
        public var days: Int?
        public var intervals: Int?
        public var intervalMinutes: Int?
        public var candidateShifts: Int?
        public var warnings: [Problem]
        public var errors: [Problem]

        /// The report of a scenario that read without errors.
        public init(scenario: String, problem: RosterProblem, warnings: [InputError]) {
            self.scenario = scenario
            ok = true
            agents = problem.agents.count
            days = problem.horizon.days
            intervals = problem.horizon.intervalCount
            intervalMinutes = problem.horizon.intervalMinutes
            candidateShifts = problem.shifts.count
            self.warnings = warnings.map(Problem.init)
            errors = []
        }

        /// The report of a scenario with input errors.
        public init(scenario: String, errors: [InputError]) {
            self.scenario = scenario
            ok = false
            warnings = []
            self.errors = errors.map(Problem.init)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(scenario, forKey: .scenario)
            try container.encode(ok, forKey: .ok)
            try container.encode(agents, forKey: .agents)
            try container.encode(days, forKey: .days)
            try container.encode(intervals, forKey: .intervals)
            try container.encode(intervalMinutes, forKey: .intervalMinutes)
            try container.encode(candidateShifts, forKey: .candidateShifts)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(errors, forKey: .errors)
        }

        enum CodingKeys: String, CodingKey {
            case scenario, ok, agents, days, intervals, intervalMinutes = "interval_minutes"
            case candidateShifts = "candidate_shifts", warnings, errors
        }
    }

    /// One decided swap request, with the same fields as swaps.csv (lists as arrays).
    public struct SwapDecisionRecord: Encodable, Sendable, Equatable {
        public var requestID: String
        public var submittedAt: String
        public var type: String
        public var requester: String
        public var shiftStart: String
        public var counterpart: String?
        public var counterpartShiftStart: String?
        public var approved: Bool
        public var taker: String?
        public var reasons: [String]
        public var coverageChange: String
        public var alternatives: [String]

        public init(_ decision: SwapDecision, timeZone: SiteTimeZone) {
            let request = decision.request
            requestID = request.id
            submittedAt = timeZone.isoText(request.submittedAt)
            type = request.kind.rawValue
            requester = request.requester
            shiftStart = timeZone.isoText(request.shiftStart)
            counterpart = request.counterpart
            counterpartShiftStart = request.counterpartShiftStart.map { timeZone.isoText($0) }
            approved = decision.approved
            taker = decision.taker
            reasons = decision.reasons
            coverageChange = decision.coverageChange
            alternatives = decision.alternatives
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(requestID, forKey: .requestID)
            try container.encode(submittedAt, forKey: .submittedAt)
            try container.encode(type, forKey: .type)
            try container.encode(requester, forKey: .requester)
            try container.encode(shiftStart, forKey: .shiftStart)
            try container.encode(counterpart, forKey: .counterpart)
            try container.encode(counterpartShiftStart, forKey: .counterpartShiftStart)
            try container.encode(approved, forKey: .approved)
            try container.encode(taker, forKey: .taker)
            try container.encode(reasons, forKey: .reasons)
            try container.encode(coverageChange, forKey: .coverageChange)
            try container.encode(alternatives, forKey: .alternatives)
        }

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id", submittedAt = "submitted_at", type, requester, shiftStart = "shift_start"
            case counterpart, counterpartShiftStart = "counterpart_shift_start", approved, taker, reasons
            case coverageChange = "coverage_change", alternatives
        }
    }

    /// `roster swap --json`: the decisions and where the outputs went.
    public struct SwapReport: Encodable, Sendable {
        public var ok: Bool
        public var requests: Int
        public var approved: Int
        public var out: String
        public var log: String
        /// The swaps log's last `row_sha256` after this run.
        public var logHead: String
        public var files: [String]
        public var decisions: [SwapDecisionRecord]

        enum CodingKeys: String, CodingKey {
            case ok, requests, approved, out, log, logHead = "log_head_sha256", files, decisions
        }

        public init(decisions: [SwapDecision], timeZone: SiteTimeZone, out: String, log: String, logHead: String, files: [String]) {
            ok = true
            requests = decisions.count
            approved = decisions.filter(\.approved).count
            self.out = out
            self.log = log
            self.logHead = logHead
            self.files = files.sorted()
            self.decisions = decisions.map { SwapDecisionRecord($0, timeZone: timeZone) }
        }
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
