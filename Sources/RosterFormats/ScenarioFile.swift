import Foundation
import Rostering
import Yams

/// The scenario file (`scenario.yaml` or `.json`) as written by a planner. Paths are relative to
/// the scenario file. docs/file-formats.md documents every key.
public struct ScenarioFile: Codable, Sendable, Equatable {
    public var name: String?
    public var horizon: Horizon
    public var shiftTemplates: [Template]
    /// Required agents per interval; exactly one of `requirements` and `forecast` is given.
    public var requirements: String?
    /// Calls per interval, turned into requirements by Erlang C under `staffing`.
    public var forecast: String?
    public var staffing: Staffing?
    public var agents: String
    /// Day-level requirements per shift template (`shift_requirements.csv`); with them the
    /// interval requirements are optional.
    public var shiftRequirements: String?
    /// Agents' weighted shift requests (`shift_requests.csv`).
    public var shiftRequests: String?
    /// Templates that may not follow a template on the next day.
    public var forbiddenSuccessions: [Succession]?
    /// Breaks by range of shift lengths, placed by the optimizer.
    public var breaks: [BreakRuleEntry]?
    /// Training, coaching and meetings placed inside shifts.
    public var activities: [ActivityEntry]?
    /// Agents' preference files and how much they weigh.
    public var preferences: Preferences?
    /// Rules for swap requests.
    public var swaps: Swaps?
    public var weights: Weights?
    public var solver: Solver?

    public struct Horizon: Codable, Sendable, Equatable {
        public var startDate: String
        public var days: Int
        public var timeZone: String
        public var intervalMinutes: Int
        public var firstDayOfWeek: String?

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date", days, timeZone = "time_zone", intervalMinutes = "interval_minutes"
            case firstDayOfWeek = "first_day_of_week"
        }
    }

    public struct Template: Codable, Sendable, Equatable {
        public var name: String
        public var days: [String]?
        public var earliestStart: String
        public var latestStart: String
        public var startStepMinutes: Int?
        public var lengthsHours: [Double]

        enum CodingKeys: String, CodingKey {
            case name, days, earliestStart = "earliest_start", latestStart = "latest_start"
            case startStepMinutes = "start_step_minutes", lengthsHours = "lengths_hours"
        }
    }

    /// `{shift: L, not_followed_by: [E, D]}`: no E or D shift the day after an L shift.
    public struct Succession: Codable, Sendable, Equatable {
        public var shift: String
        public var notFollowedBy: [String]

        enum CodingKeys: String, CodingKey {
            case shift, notFollowedBy = "not_followed_by"
        }
    }

    /// `{shift_hours: [6, 10], breaks: [...]}`: the breaks of every shift whose real length is
    /// from 6 to 10 hours (inclusive), taken in the order listed.
    public struct BreakRuleEntry: Codable, Sendable, Equatable {
        public var shiftHours: [Double]
        public var breaks: [BreakEntry]

        enum CodingKeys: String, CodingKey {
            case shiftHours = "shift_hours", breaks
        }
    }

    /// One break: `{name: lunch, minutes: 30, paid: false, earliest_start_minutes: 150,
    /// latest_start_minutes: 270}`; offsets count from the shift start, or with `from: end` are
    /// negative minutes before the shift end.
    public struct BreakEntry: Codable, Sendable, Equatable {
        public var name: String
        public var minutes: Int
        public var paid: Bool
        public var from: String?
        public var earliestStartMinutes: Int
        public var latestStartMinutes: Int
        public var stepMinutes: Int?
        public var minWorkBeforeMinutes: Int?
        public var minWorkAfterMinutes: Int?

        enum CodingKeys: String, CodingKey {
            case name, minutes, paid, from, earliestStartMinutes = "earliest_start_minutes", latestStartMinutes = "latest_start_minutes"
            case stepMinutes = "step_minutes", minWorkBeforeMinutes = "min_work_before_minutes", minWorkAfterMinutes = "min_work_after_minutes"
        }
    }

    /// One activity: `{name: product training, agents: [a01, a02], minutes: 120, dates:
    /// [2026-11-24, 2026-11-26], between: ["09:00", "17:00"]}`; `teams` names agents.csv teams,
    /// `attend` is `individual` (with `at_once`) or `together` (with `min_share`), `at` lists fixed
    /// start times instead of a window, `hard` (default true) and `penalty_per_agent_hour`
    /// (default 200) weigh a missed session.
    public struct ActivityEntry: Codable, Sendable, Equatable {
        public var name: String
        public var agents: [String]?
        public var teams: [String]?
        public var minutes: Int
        public var sessions: Int?
        public var dates: [String]?
        public var between: [String]?
        public var stepMinutes: Int?
        public var at: [String]?
        public var attend: String?
        public var atOnce: Int?
        public var minShare: Double?
        public var hard: Bool?
        public var penaltyPerAgentHour: Double?

        enum CodingKeys: String, CodingKey {
            case name, agents, teams, minutes, sessions, dates, between, stepMinutes = "step_minutes", at, attend, atOnce = "at_once"
            case minShare = "min_share", hard, penaltyPerAgentHour = "penalty_per_agent_hour"
        }
    }

    public struct Weights: Codable, Sendable, Equatable {
        public var underStaffingPerAgentHour: Double?
        public var overStaffingPerAgentHour: Double?

        enum CodingKeys: String, CodingKey {
            case underStaffingPerAgentHour = "under_staffing_per_agent_hour"
            case overStaffingPerAgentHour = "over_staffing_per_agent_hour"
        }
    }

    /// How a forecast becomes requirements: a service-level target (`80/20`) or an ASA target,
    /// the default handle time, shrinkage and an occupancy cap.
    public struct Staffing: Codable, Sendable, Equatable {
        public var serviceLevel: String?
        public var asaSeconds: Double?
        public var ahtSeconds: Double?
        public var shrinkage: Double?
        public var maxOccupancy: Double?
        /// Erlang A: callers' average patience, and the highest share that may hang up.
        public var averagePatienceSeconds: Double?
        public var maxAbandonment: Double?
        /// After-call work added to every handle time.
        public var acwSeconds: Double?
        /// A forecast per queue: each queue's own values, by queue name; what a queue leaves out
        /// it takes from the section above.
        public var queues: [String: Staffing]?

        enum CodingKeys: String, CodingKey {
            case serviceLevel = "service_level", asaSeconds = "asa_seconds", ahtSeconds = "aht_seconds"
            case shrinkage, maxOccupancy = "max_occupancy", averagePatienceSeconds = "average_patience_seconds"
            case maxAbandonment = "max_abandonment", acwSeconds = "acw_seconds", queues
        }

        /// This queue's section over the general one: each value the queue gives, else the
        /// general one. A queue that gives a target (service level or speed of answer) takes
        /// only its own.
        public func forQueue(_ name: String) -> Staffing {
            guard let own = queues?[name] else { return self }
            let ownTarget = own.serviceLevel != nil || own.asaSeconds != nil
            return Staffing(
                serviceLevel: ownTarget ? own.serviceLevel : serviceLevel, asaSeconds: ownTarget ? own.asaSeconds : asaSeconds,
                ahtSeconds: own.ahtSeconds ?? ahtSeconds, shrinkage: own.shrinkage ?? shrinkage, maxOccupancy: own.maxOccupancy ?? maxOccupancy,
                averagePatienceSeconds: own.averagePatienceSeconds ?? averagePatienceSeconds, maxAbandonment: own.maxAbandonment ?? maxAbandonment,
                acwSeconds: own.acwSeconds ?? acwSeconds, queues: nil)
        }
    }

    /// Where agents' preference files are, and the rules for them.
    public struct Preferences: Codable, Sendable, Equatable {
        /// Folder of `<agent>.yaml` files, relative to the scenario.
        public var folder: String
        public var pointsBudget: Int?
        public var weightPerPoint: Double?
        public var fairnessWeight: Double?
        public var historyWeight: Double?

        enum CodingKeys: String, CodingKey {
            case folder, pointsBudget = "points_budget", weightPerPoint = "weight_per_point", fairnessWeight = "fairness_weight"
            case historyWeight = "history_weight"
        }
    }

    public struct Swaps: Codable, Sendable, Equatable {
        /// Extra under-staffing (agent-hours) a swap may cause; 0 by default.
        public var coverageToleranceAgentHours: Double?
        /// Re-rostering against a published roster: penalty per changed agent-day (default 20).
        public var changeWeight: Double?
        /// Re-rostering with breaks: penalty per kept shift whose published breaks move (default
        /// a quarter of the change weight).
        public var breakChangeWeight: Double?
        /// Re-rostering with activities: penalty per published session not kept at its time
        /// (default a quarter of the change weight).
        public var activityChangeWeight: Double?

        enum CodingKeys: String, CodingKey {
            case coverageToleranceAgentHours = "coverage_tolerance_agent_hours", changeWeight = "change_weight"
            case breakChangeWeight = "break_change_weight", activityChangeWeight = "activity_change_weight"
        }
    }

    /// Defaults for the solve; the command line overrides them.
    public struct Solver: Codable, Sendable, Equatable {
        public var timeLimitSeconds: Double?
        public var relativeGap: Double?

        enum CodingKeys: String, CodingKey {
            case timeLimitSeconds = "time_limit_seconds", relativeGap = "relative_gap"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, horizon, shiftTemplates = "shift_templates", requirements, forecast, staffing, agents, preferences, swaps, weights, solver
        case shiftRequirements = "shift_requirements", shiftRequests = "shift_requests", forbiddenSuccessions = "forbidden_successions"
        case breaks, activities
    }

    /// Keys each mapping of the file may have, for the unknown-key check.
    static let allowedKeys: [String: Set<String>] = [
        "": [
            "name", "horizon", "shift_templates", "requirements", "forecast", "staffing", "agents", "preferences", "swaps", "weights", "solver",
            "shift_requirements", "shift_requests", "forbidden_successions", "breaks", "activities",
        ],
        "activities[]": [
            "name", "agents", "teams", "minutes", "sessions", "dates", "between", "step_minutes", "at", "attend", "at_once", "min_share", "hard",
            "penalty_per_agent_hour",
        ],
        "breaks[]": ["shift_hours", "breaks"],
        "breaks[].breaks[]": [
            "name", "minutes", "paid", "from", "earliest_start_minutes", "latest_start_minutes", "step_minutes", "min_work_before_minutes",
            "min_work_after_minutes",
        ],
        "forbidden_successions[]": ["shift", "not_followed_by"],
        "swaps": ["coverage_tolerance_agent_hours", "change_weight", "break_change_weight", "activity_change_weight"],
        "preferences": ["folder", "points_budget", "weight_per_point", "fairness_weight", "history_weight"],
        "staffing": ["service_level", "asa_seconds", "aht_seconds", "shrinkage", "max_occupancy", "average_patience_seconds", "max_abandonment", "acw_seconds", "queues"],
        // Any key (a queue's name), each with the keys below.
        "staffing.queues.*": ["service_level", "asa_seconds", "aht_seconds", "shrinkage", "max_occupancy", "average_patience_seconds", "max_abandonment", "acw_seconds"],
        "horizon": ["start_date", "days", "time_zone", "interval_minutes", "first_day_of_week"],
        "shift_templates[]": ["name", "days", "earliest_start", "latest_start", "start_step_minutes", "lengths_hours"],
        "weights": ["under_staffing_per_agent_hour", "over_staffing_per_agent_hour"],
        "solver": ["time_limit_seconds", "relative_gap"],
    ]
}

/// A scenario file's YAML (or JSON) document, kept to locate keys by line.
struct YAMLDocument {
    let file: String
    let root: Node

    init(text: String, file: String) throws(InputError) {
        if let deep = NestingDepth.firstTooDeep(text) {
            throw InputError(file: file, line: deep.line, message: "nested \(deep.depth) levels deep here; at most \(NestingDepth.limit) are allowed")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, line: 1, message: "the file is empty")
            }
            root = node
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw InputError(file: file, message: "cannot read YAML: \(error)")
        }
        self.file = file
    }

    static func describe(_ error: YamlError, file: String) -> InputError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return InputError(file: file, line: mark.line, message: "invalid YAML: \(problem)")
        default:
            return InputError(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// The node at a path of mapping keys and sequence indices.
    func node(at path: [PathComponent]) -> Node? {
        var current = root
        for component in path {
            switch component {
            case .key(let key):
                guard let mapping = current.mapping, let next = mapping.first(where: { $0.key.string == key })?.value else { return nil }
                current = next
            case .index(let index):
                guard let sequence = current.sequence, index < sequence.count else { return nil }
                current = sequence[index]
            }
        }
        return current
    }

    /// Line of the deepest existing node along `path`.
    func line(of path: [PathComponent]) -> Int? {
        var prefix = path
        while !prefix.isEmpty {
            if let node = node(at: prefix), let mark = node.mark { return mark.line }
            prefix.removeLast()
        }
        return root.mark?.line
    }

    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }

    /// Keys given twice in one mapping, anywhere in the document (YAML forbids it; parsers keep
    /// the last, silently). One error per repeat, at its line.
    func duplicateKeys() -> [InputError] {
        var errors: [InputError] = []
        func visit(_ node: Node, field: String) {
            if let mapping = node.mapping {
                var seen: [String: Int?] = [:]
                for (key, value) in mapping {
                    let name = key.string ?? "?"
                    let path = field.isEmpty ? name : "\(field).\(name)"
                    if let first = seen[name] {
                        errors.append(InputError(file: file, line: key.mark?.line, field: path,
                                                 message: "given twice (first at line \(first.map(String.init) ?? "?")); give each key once"))
                    } else {
                        seen[name] = key.mark?.line
                    }
                    visit(value, field: path)
                }
            } else if let sequence = node.sequence {
                for (index, element) in sequence.enumerated() { visit(element, field: "\(field)[\(index)]") }
            }
        }
        visit(root, field: "")
        return errors
    }

    /// Unknown keys anywhere in the document, per the allowed-key table.
    func unknownKeys(allowed: [String: Set<String>]) -> [InputError] {
        var errors: [InputError] = []
        func visit(_ node: Node, schema: String, field: String) {
            if let mapping = node.mapping, let keys = allowed[schema] {
                for (key, value) in mapping {
                    let name = key.string ?? "?"
                    let path = field.isEmpty ? name : "\(field).\(name)"
                    if !keys.contains(name) {
                        let known = keys.sorted().joined(separator: ", ")
                        errors.append(InputError(file: file, line: key.mark?.line, field: path, message: "unknown key; expected one of: \(known)"))
                        continue
                    }
                    let childSchema = schema.isEmpty ? name : "\(schema).\(name)"
                    visit(value, schema: childSchema, field: path)
                }
            } else if let mapping = node.mapping, allowed["\(schema).*"] != nil {
                // A mapping whose keys are names (queues): each value by the `.*` schema.
                for (key, value) in mapping { visit(value, schema: "\(schema).*", field: field.isEmpty ? key.string ?? "?" : "\(field).\(key.string ?? "?")") }
            } else if let sequence = node.sequence, allowed["\(schema)[]"] != nil {
                for (index, element) in sequence.enumerated() {
                    visit(element, schema: "\(schema)[]", field: "\(field)[\(index)]")
                }
            }
        }
        visit(root, schema: "", field: "")
        return errors
    }
}
