import Foundation
import LinearProgramming
import Rostering

/// The files `roster solve` publishes, rendered in memory so that they can be written together.
public enum RosterOutputs {
    /// `roster.csv`: `agent_id,agent_name,date,start,end,paid_minutes`, one row per shift, sorted by
    /// date, start, agent. Times are local ISO 8601 in the site's zone.
    public static func rosterCSV(_ roster: Roster, problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        let names = Dictionary(problem.agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: ["agent_id", "agent_name", "date", "start", "end", "paid_minutes"])
        let rows = roster.assignments.sorted {
            (zone.local($0.start).date, $0.start, $0.agentID) < (zone.local($1.start).date, $1.start, $1.agentID)
        }
        for assignment in rows {
            writer.appendRow([
                .text(assignment.agentID), .text(names[assignment.agentID] ?? ""),
                .text(zone.local(assignment.start).date.description),
                .text(zone.isoText(assignment.start)), .text(zone.isoText(assignment.end)),
                .integer(assignment.paidMinutes),
            ])
        }
        return writer.text
    }

    /// roster.csv, with breaks.csv and activities.csv when the scenario has break rules or
    /// activities: the files a roster is read back from; and queues.csv with several queues
    /// (derived from the others, never read back).
    public static func rosterFiles(_ roster: Roster, problem: RosterProblem) -> [(name: String, contents: String)] {
        var files = [("roster.csv", rosterCSV(roster, problem: problem))]
        if !problem.breakRules.isEmpty { files.append(("breaks.csv", BreaksCSV.write(roster, problem: problem))) }
        if problem.hasActivities { files.append(("activities.csv", ActivitiesCSV.write(roster, problem: problem))) }
        if problem.hasQueues { files.append(("queues.csv", queuesCSV(roster, problem: problem))) }
        return files
    }

    /// `coverage.csv`: `interval_start,interval_end,required,scheduled,under,over`, every interval.
    /// With activities, `activity_minutes` (agent-minutes spent in sessions instead of on the
    /// phone) follows. A forecast-driven run adds `calls` and `service_level`, the service level expected from the
    /// agents scheduled (after shrinkage; empty where no calls are forecast).
    ///
    /// With several queues a `queue` column follows `interval_end`: per interval one row per
    /// queue (`scheduled`: the agents allocated to it) and a `total` row (every agent on the
    /// phone; under and over summed over the queues). The other columns are the total row's.
    ///
    /// A forecast per queue (`queueForecasts`) fills `calls` and `service_level` on every row: a
    /// queue's from its own calls and the agents allocated to it, the total's the calls summed and
    /// the queues' service levels weighted by their calls.
    public static func coverageCSV(
        _ coverage: [IntervalCoverage], problem: RosterProblem, forecast: StaffingForecast? = nil, queueForecasts: [StaffingForecast] = []
    ) -> String {
        let zone = problem.horizon.timeZone
        var header = ["interval_start", "interval_end", "required", "scheduled", "under", "over"]
        if problem.hasQueues { header.insert("queue", at: 2) }
        if problem.hasActivities { header.append("activity_minutes") }
        let perQueue = QueueForecastFigures(coverage, forecasts: queueForecasts)
        if perQueue != nil { header += ["calls", "service_level"] }
        var calls: [Int: Double] = [:]
        var levels: [Int: Double] = [:]
        var abandonment: [Int: Double]?
        if let forecast {
            header += ["calls", "service_level"]
            for entry in forecast.intervals { calls[entry.interval] = entry.calls }
            levels = forecast.expectedServiceLevels(scheduled: coverage.map(\.scheduled)).perInterval
            if forecast.policy.averagePatienceSeconds != nil {
                header.append("abandonment")
                abandonment = forecast.expectedAbandonment(scheduled: coverage.map(\.scheduled)).perInterval
            }
        }
        var writer = CSVWriter(header: header)
        let extra = header.count - (problem.hasQueues ? 7 : 6)
        for (index, row) in coverage.enumerated() {
            let times: [CSVWriter.Cell] = [.text(zone.isoText(row.start)), .text(zone.isoText(row.end))]
            for (q, queue) in row.byQueue.enumerated() {
                var cells = times + [.text(queue.queue), .integer(queue.required), .integer(queue.staffed), .integer(queue.under), .integer(queue.over)]
                if let perQueue {
                    cells += Array(repeating: .text(""), count: extra - 2) + perQueue.cells(queue: q, interval: index)
                } else {
                    cells += Array(repeating: .text(""), count: extra)
                }
                writer.appendRow(cells)
            }
            var cells: [CSVWriter.Cell] = times + (problem.hasQueues ? [.text(QueueName.total)] : []) + [
                .integer(row.required), .integer(row.scheduled), .integer(row.under), .integer(row.over),
            ]
            if problem.hasActivities { cells.append(.integer(row.inActivities * (row.end - row.start))) }
            if let perQueue { cells += perQueue.cells(queue: nil, interval: index) }
            if forecast != nil {
                cells.append(.number(calls[index].map(Self.decimal) ?? ""))
                cells.append(.number(levels[index].map { String(format: "%.4f", $0) } ?? ""))
            }
            if let abandonment { cells.append(.number(abandonment[index].map { String(format: "%.4f", $0) } ?? "")) }
            writer.appendRow(cells)
        }
        return writer.text
    }

    /// `changes.csv`: every agent-day on which the new roster differs from the published one,
    /// sorted by date and agent: a shift added, removed or moved, a kept shift whose published
    /// breaks moved (`breaks moved`), or one whose published activity sessions moved or went
    /// (`sessions moved`), with both sets of breaks and of sessions.
    public static func changesCSV(from published: Roster, to roster: Roster, problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        struct AgentDay: Hashable { let date: LocalDate; let agent: String }
        func byAgentDay(_ roster: Roster) -> [AgentDay: Roster.Assignment] {
            Dictionary(roster.assignments.map { (AgentDay(date: zone.local($0.start).date, agent: $0.agentID), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let before = byAgentDay(published), after = byAgentDay(roster)
        let names = Dictionary(problem.agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: [
            "agent_id", "agent_name", "date", "change", "published_start", "published_end", "new_start", "new_end", "published_breaks", "new_breaks",
            "published_sessions", "new_sessions",
        ])
        func breaks(_ assignment: Roster.Assignment?) -> String {
            (assignment?.breaks ?? []).map { "\($0.name) \(zone.isoText($0.start))/\(zone.isoText($0.end))" }.joined(separator: "; ")
        }
        func sessions(_ assignment: Roster.Assignment?) -> String {
            (assignment?.activities ?? []).map { "\($0.name) \(zone.isoText($0.start))/\(zone.isoText($0.end))" }.joined(separator: "; ")
        }
        for key in Set(before.keys).union(after.keys).sorted(by: { ($0.date, $0.agent) < ($1.date, $1.agent) }) {
            let old = before[key], new = after[key]
            let change: String
            if old?.start != new?.start || old?.end != new?.end {
                change = old == nil ? "added" : new == nil ? "removed" : "moved"
            } else if let old, let new, RosterValidator.breaksMoved(published: old.breaks, now: new.breaks) {
                change = "breaks moved"
            } else if let old, let new, !old.activities.isEmpty, sessions(old) != sessions(new) {
                change = "sessions moved"
            } else {
                continue
            }
            writer.appendRow([
                .text(key.agent), .text(names[key.agent] ?? ""), .text(key.date.description), .text(change),
                .text(old.map { zone.isoText($0.start) } ?? ""), .text(old.map { zone.isoText($0.end) } ?? ""),
                .text(new.map { zone.isoText($0.start) } ?? ""), .text(new.map { zone.isoText($0.end) } ?? ""),
                .text(breaks(old)), .text(breaks(new)), .text(sessions(old)), .text(sessions(new)),
            ])
        }
        return writer.text
    }

    /// `preferences.csv`: one row per wish with its outcome and, for a refusal, the reason.
    public static func preferencesCSV(_ explanations: [WishExplanation], problem: RosterProblem) -> String {
        let names = Dictionary(problem.agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: ["agent_id", "agent_name", "wish", "priority", "weight", "granted", "reason", "source", "note"])
        for explanation in explanations {
            let wish = explanation.outcome.wish
            writer.appendRow([
                .text(explanation.outcome.agentID), .text(names[explanation.outcome.agentID] ?? ""), .text(wish.summary),
                .integer(wish.priority), .number(decimalText(Double(wish.priority) * problem.wishWeightPerPoint(agentID: explanation.outcome.agentID))),
                .text(explanation.outcome.granted ? "yes" : "no"), .text(explanation.reason),
                .text((wish.source as NSString).lastPathComponent), .text(wish.note),
            ])
        }
        return writer.text
    }

    /// `requirements.csv` of a forecast-driven run, one row per forecast interval.
    public static func derivedRequirementsCSV(_ forecast: StaffingForecast, problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        return ForecastCSV.requirementsCSV(forecast.intervals.map { (zone.isoText(problem.horizon.intervalStart($0.interval)), $0.staffing) })
    }

    static func decimal(_ value: Double) -> String { decimalText(value) }

    /// `summary.json`: how the solve ended and what the roster achieves.
    public struct Summary: Encodable, Sendable {
        public var scenario: String
        public var status: String
        public var stopReason: String?
        public var solverMessage: String
        public var solver: String
        /// The search actually used and why: `{"used": …, "reason": …}`.
        public var strategy: [String: String] = [:]
        public var objective: Double?
        public var bestBound: Double?
        public var gap: Double?
        public var solveSeconds: Double
        public var agents: Int
        public var agentsWithShifts: Int
        public var shifts: Int
        public var paidHours: Double
        /// Interval staffing: nil (null in the file) when the site staffs by shift template per
        /// day only, since its intervals require nothing.
        public var requiredAgentHours: Double?
        public var underStaffedIntervals: Int?
        public var underStaffedAgentHours: Double?
        public var overStaffedIntervals: Int?
        public var overStaffedAgentHours: Double?
        /// Day-level staffing (agents per shift template and day), when the scenario has it.
        public var shiftDemands: ShiftDemandSummary?
        public var variables: Int
        public var constraints: Int
        /// The full model's size (every rule family), whichever model the search solved; nil
        /// when it was too large to measure.
        public var fullModel: FullModelSize?
        public var agentHours: [AgentHours]

        public struct FullModelSize: Encodable, Sendable {
            public var variables: Int
            public var constraints: Int
            public var nonZeros: Int

            enum CodingKeys: String, CodingKey {
                case variables, constraints, nonZeros = "non_zeros"
            }
        }
        /// Forecast-driven runs: calls forecast and the call-weighted service level the roster is
        /// expected to achieve over the horizon.
        public var forecastCalls: Double?
        public var expectedServiceLevel: Double?
        /// Forecast runs with a patience (Erlang A): the call-weighted share expected to hang up.
        public var expectedAbandonment: Double?
        /// Runs with preferences: wishes granted and the fairness figures (share of each agent's
        /// wish points granted: lowest, mean, highest).
        public var wishes: WishSummary?
        /// Runs with break rules: breaks taken and their minutes, paid and unpaid.
        public var breaks: BreakSummary?
        /// Runs with activities: each activity's sessions placed and missed.
        public var activities: [ActivitySummary]?
        /// Runs with several queues: each queue's staffing (the total's figures above sum them).
        public var queues: [QueueSummary]?

        /// One queue: the agents holding its skill, its requirement, and the intervals and
        /// agent-hours it is under- and over-staffed by the allocation of coverage.csv.
        public struct QueueSummary: Encodable, Sendable, Equatable {
            public var name: String
            public var agentsWithSkill: Int
            public var requiredAgentHours: Double
            public var staffedAgentHours: Double
            public var underStaffedIntervals: Int
            public var underStaffedAgentHours: Double
            public var overStaffedIntervals: Int
            public var overStaffedAgentHours: Double
            /// A forecast per queue: the queue's calls and the call-weighted service level its
            /// allocated agents are expected to reach (absent otherwise).
            public var forecastCalls: Double?
            public var expectedServiceLevel: Double?

            func rounded() -> QueueSummary {
                var copy = self
                for path in [\QueueSummary.requiredAgentHours, \.staffedAgentHours, \.underStaffedAgentHours, \.overStaffedAgentHours] {
                    copy[keyPath: path] = Summary.rounded(copy[keyPath: path])
                }
                copy.forecastCalls = forecastCalls.map { Summary.rounded($0) }
                copy.expectedServiceLevel = expectedServiceLevel.map { Summary.rounded($0, places: 4) }
                return copy
            }

            enum CodingKeys: String, CodingKey {
                case name, agentsWithSkill = "agents_with_skill", requiredAgentHours = "required_agent_hours"
                case staffedAgentHours = "staffed_agent_hours"
                case underStaffedIntervals = "under_staffed_intervals", underStaffedAgentHours = "under_staffed_agent_hours"
                case overStaffedIntervals = "over_staffed_intervals", overStaffedAgentHours = "over_staffed_agent_hours"
                case forecastCalls = "forecast_calls", expectedServiceLevel = "expected_service_level"
            }
        }

        /// One activity: attendee-sessions placed and missed (by whom), the times it is held at
        /// (together) and the agent-minutes it takes off the phone.
        public struct ActivitySummary: Encodable, Sendable, Equatable {
            public var name: String
            public var attend: String
            public var hard: Bool
            public var attendees: Int
            public var sessions: Int
            public var placed: Int
            public var missed: Int
            public var missedBy: [String]
            public var heldAt: [String]
            public var agentMinutes: Int

            enum CodingKeys: String, CodingKey {
                case name, attend, hard, attendees, sessions, placed, missed, missedBy = "missed_by", heldAt = "held_at", agentMinutes = "agent_minutes"
            }
        }

        public struct BreakSummary: Encodable, Sendable, Equatable {
            public var count: Int
            public var paidMinutes: Int
            public var unpaidMinutes: Int

            enum CodingKeys: String, CodingKey {
                case count, paidMinutes = "paid_minutes", unpaidMinutes = "unpaid_minutes"
            }
        }

        public struct WishSummary: Encodable, Sendable {
            public var total: Int
            public var granted: Int
            public var pointsGrantedShareMin: Double
            public var pointsGrantedShareMean: Double
            public var pointsGrantedShareMax: Double
            public var perAgent: [AgentShare]

            public struct AgentShare: Encodable, Sendable {
                public var id: String
                public var wishes: Int
                public var granted: Int
                public var pointsGrantedShare: Double

                enum CodingKeys: String, CodingKey {
                    case id, wishes, granted, pointsGrantedShare = "points_granted_share"
                }
            }

            enum CodingKeys: String, CodingKey {
                case total, granted, pointsGrantedShareMin = "points_granted_share_min"
                case pointsGrantedShareMean = "points_granted_share_mean", pointsGrantedShareMax = "points_granted_share_max"
                case perAgent = "per_agent"
            }
        }

        /// Staffing of the day-level requirements: how many requirements (template × day) and
        /// agent-shifts were wanted, and how many of each were short or over.
        public struct ShiftDemandSummary: Encodable, Sendable, Equatable {
            public var requirements: Int
            public var requiredShifts: Int
            public var underStaffedRequirements: Int
            public var underStaffedShifts: Int
            public var overStaffedRequirements: Int
            public var overStaffedShifts: Int

            enum CodingKeys: String, CodingKey {
                case requirements, requiredShifts = "required_shifts"
                case underStaffedRequirements = "under_staffed_requirements", underStaffedShifts = "under_staffed_shifts"
                case overStaffedRequirements = "over_staffed_requirements", overStaffedShifts = "over_staffed_shifts"
            }
        }

        public struct AgentHours: Encodable, Sendable {
            public var id: String
            public var shifts: Int
            public var paidHours: Double

            enum CodingKeys: String, CodingKey {
                case id, shifts, paidHours = "paid_hours"
            }
        }

        enum CodingKeys: String, CodingKey {
            case scenario, status, stopReason = "stop_reason", solverMessage = "solver_message", solver, strategy
            case objective, bestBound = "best_bound", gap, solveSeconds = "solve_seconds"
            case agents, agentsWithShifts = "agents_with_shifts", shifts, paidHours = "paid_hours"
            case requiredAgentHours = "required_agent_hours"
            case underStaffedIntervals = "under_staffed_intervals", underStaffedAgentHours = "under_staffed_agent_hours"
            case overStaffedIntervals = "over_staffed_intervals", overStaffedAgentHours = "over_staffed_agent_hours"
            case shiftDemands = "shift_demands"
            case variables, constraints, fullModel = "full_model", agentHours = "agent_hours"
            case forecastCalls = "forecast_calls", expectedServiceLevel = "expected_service_level", expectedAbandonment = "expected_abandonment"
            case wishes, breaks, activities, queues
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(scenario, forKey: .scenario)
            try container.encode(status, forKey: .status)
            try container.encode(stopReason, forKey: .stopReason)
            try container.encode(solverMessage, forKey: .solverMessage)
            try container.encode(solver, forKey: .solver)
            try container.encode(strategy, forKey: .strategy)
            try container.encode(objective.map(Self.rounded), forKey: .objective)
            try container.encode(bestBound.map(Self.rounded), forKey: .bestBound)
            try container.encode(gap.map(Self.rounded), forKey: .gap)
            try container.encode(Self.rounded(solveSeconds, places: 3), forKey: .solveSeconds)
            try container.encode(agents, forKey: .agents)
            try container.encode(agentsWithShifts, forKey: .agentsWithShifts)
            try container.encode(shifts, forKey: .shifts)
            try container.encode(Self.rounded(paidHours), forKey: .paidHours)
            try container.encode(requiredAgentHours.map(Self.rounded), forKey: .requiredAgentHours)
            try container.encode(underStaffedIntervals, forKey: .underStaffedIntervals)
            try container.encode(underStaffedAgentHours.map(Self.rounded), forKey: .underStaffedAgentHours)
            try container.encode(overStaffedIntervals, forKey: .overStaffedIntervals)
            try container.encode(overStaffedAgentHours.map(Self.rounded), forKey: .overStaffedAgentHours)
            try container.encode(shiftDemands, forKey: .shiftDemands)
            try container.encode(variables, forKey: .variables)
            try container.encode(constraints, forKey: .constraints)
            try container.encode(fullModel, forKey: .fullModel)
            try container.encode(agentHours, forKey: .agentHours)
            try container.encode(forecastCalls.map(Self.rounded), forKey: .forecastCalls)
            try container.encode(expectedServiceLevel.map { Self.rounded($0, places: 4) }, forKey: .expectedServiceLevel)
            try container.encodeIfPresent(expectedAbandonment.map { Self.rounded($0, places: 4) }, forKey: .expectedAbandonment)
            try container.encode(wishes, forKey: .wishes)
            try container.encodeIfPresent(breaks, forKey: .breaks)
            try container.encodeIfPresent(activities, forKey: .activities)
            try container.encodeIfPresent(queues.map { $0.map { $0.rounded() } }, forKey: .queues)
        }

        static func rounded(_ value: Double) -> Double { rounded(value, places: 6) }
        static func rounded(_ value: Double, places: Int) -> Double {
            let scale = pow(10, Double(places))
            return (value * scale).rounded() / scale
        }
    }

    /// Wish figures for the summary, from the outcomes.
    public static func wishSummary(_ outcomes: [WishOutcome], problem: RosterProblem) -> Summary.WishSummary? {
        guard !outcomes.isEmpty else { return nil }
        let byAgent = Dictionary(grouping: outcomes, by: \.agentID)
        let shares = problem.agents.compactMap { agent -> Summary.WishSummary.AgentShare? in
            guard let list = byAgent[agent.id] else { return nil }
            let points = list.reduce(0) { $0 + $1.wish.priority }
            let grantedPoints = list.filter(\.granted).reduce(0) { $0 + $1.wish.priority }
            return .init(id: agent.id, wishes: list.count, granted: list.filter(\.granted).count,
                         pointsGrantedShare: Summary.rounded(points == 0 ? 1 : Double(grantedPoints) / Double(points), places: 4))
        }
        let values = shares.map(\.pointsGrantedShare)
        return .init(
            total: outcomes.count, granted: outcomes.filter(\.granted).count,
            pointsGrantedShareMin: values.min() ?? 1, pointsGrantedShareMean: Summary.rounded(values.reduce(0, +) / Double(max(1, values.count)), places: 4),
            pointsGrantedShareMax: values.max() ?? 1, perAgent: shares)
    }

    public static func summary(_ solution: RosterSolution, solverName: String, forecast: StaffingForecast? = nil, queueForecasts: [StaffingForecast] = []) -> Summary {
        let problem = solution.problem
        let result = solution.solverResult
        let hours = Double(problem.horizon.intervalMinutes) / 60
        let roster = solution.roster
        var stopReason: String?
        switch result.status {
        case .feasible(let reason), .noSolutionFound(let reason): stopReason = reason.rawValue
        default: stopReason = nil
        }
        let perAgent = Dictionary(grouping: roster?.assignments ?? [], by: \.agentID)
        let byInterval = problem.staffsByInterval
        var summary = Summary(
            scenario: problem.name, status: result.status.code, stopReason: stopReason,
            solverMessage: result.solverMessage, solver: solverName,
            objective: result.objective, bestBound: result.bestBound, gap: result.gap,
            solveSeconds: result.wallSeconds, agents: problem.agents.count,
            agentsWithShifts: perAgent.count, shifts: roster?.assignments.count ?? 0,
            paidHours: Double(roster?.assignments.reduce(0) { $0 + $1.paidMinutes } ?? 0) / 60,
            requiredAgentHours: byInterval ? Double(problem.required.reduce(0, +)) * hours : nil,
            underStaffedIntervals: byInterval ? solution.coverage.filter { $0.under > 0 }.count : nil,
            underStaffedAgentHours: byInterval ? Double(solution.coverage.reduce(0) { $0 + $1.under }) * hours : nil,
            overStaffedIntervals: byInterval ? solution.coverage.filter { $0.over > 0 }.count : nil,
            overStaffedAgentHours: byInterval ? Double(solution.coverage.reduce(0) { $0 + $1.over }) * hours : nil,
            shiftDemands: roster.flatMap { shiftDemandSummary($0, problem: problem) },
            variables: solution.variableCount, constraints: solution.constraintCount,
            agentHours: problem.agents.map { agent in
                let list = perAgent[agent.id] ?? []
                return Summary.AgentHours(id: agent.id, shifts: list.count, paidHours: Double(list.reduce(0) { $0 + $1.paidMinutes }) / 60)
            },
            forecastCalls: forecast.map { $0.intervals.reduce(0) { $0 + $1.calls } },
            expectedServiceLevel: forecast.flatMap { $0.expectedServiceLevels(scheduled: solution.coverage.map(\.scheduled)).overall },
            wishes: roster.flatMap { wishSummary(WishEvaluation.outcomes(of: $0, problem: problem), problem: problem) })
        summary.strategy = ["used": solution.route.used, "reason": solution.route.reason]
        summary.expectedAbandonment = forecast.flatMap { $0.expectedAbandonment(scheduled: solution.coverage.map(\.scheduled)).overall }
        if !problem.breakRules.isEmpty {
            let taken = (roster?.assignments ?? []).flatMap(\.breaks)
            let minutes = { (paid: Bool) in taken.filter { $0.paid == paid }.reduce(0) { $0 + $1.end - $1.start } }
            summary.breaks = Summary.BreakSummary(count: taken.count, paidMinutes: minutes(true), unpaidMinutes: minutes(false))
        }
        if problem.hasActivities { summary.activities = activitySummary(roster, problem: problem) }
        if problem.hasQueues {
            summary.queues = queueSummary(solution.coverage, problem: problem)
            if let figures = QueueForecastFigures(solution.coverage, forecasts: queueForecasts) {
                for q in figures.overall.indices {
                    summary.queues![q].forecastCalls = figures.overall[q].calls
                    summary.queues![q].expectedServiceLevel = figures.overall[q].level
                }
                summary.forecastCalls = figures.horizon.calls
                summary.expectedServiceLevel = figures.horizon.level
            }
        }
        summary.fullModel = solution.fullModelSize.map {
            Summary.FullModelSize(variables: $0.variables, constraints: $0.constraints, nonZeros: $0.nonZeros)
        }
        return summary
    }

    /// Queue figures for the summary, from the coverage rows.
    public static func queueSummary(_ coverage: [IntervalCoverage], problem: RosterProblem) -> [Summary.QueueSummary] {
        let hours = Double(problem.horizon.intervalMinutes) / 60
        return problem.queues.enumerated().map { q, name in
            let rows = coverage.compactMap { q < $0.byQueue.count ? $0.byQueue[q] : nil }
            return Summary.QueueSummary(
                name: name, agentsWithSkill: problem.agents.filter { problem.queueIndices(of: $0).contains(q) }.count,
                requiredAgentHours: Double(problem.queueRequired[q].reduce(0, +)) * hours,
                staffedAgentHours: Double(rows.reduce(0) { $0 + $1.staffed }) * hours,
                underStaffedIntervals: rows.filter { $0.under > 0 }.count, underStaffedAgentHours: Double(rows.reduce(0) { $0 + $1.under }) * hours,
                overStaffedIntervals: rows.filter { $0.over > 0 }.count, overStaffedAgentHours: Double(rows.reduce(0) { $0 + $1.over }) * hours)
        }
    }

    /// `queues.csv` (several queues): `agent_id,queue,start,end`, which queue each agent serves
    /// while on the phone, in stretches, sorted by agent then start (``RosterProblem/queueAssignments(of:)``).
    public static func queuesCSV(_ roster: Roster, problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        var writer = CSVWriter(header: ["agent_id", "queue", "start", "end"])
        for stretch in problem.queueAssignments(of: roster) {
            writer.appendRow([.text(stretch.agentID), .text(stretch.queue), .text(zone.isoText(stretch.start)), .text(zone.isoText(stretch.end))])
        }
        return writer.text
    }

    /// Activity figures for the summary: per activity, the attendee-sessions placed and those
    /// missed, with the agents who miss some (each as often as they miss).
    public static func activitySummary(_ roster: Roster?, problem: RosterProblem) -> [Summary.ActivitySummary] {
        let zone = problem.horizon.timeZone
        let sessions = (roster?.assignments ?? []).flatMap { shift in shift.activities.map { (agent: shift.agentID, session: $0) } }
        return problem.activities.map { activity in
            let mine = sessions.filter { $0.session.name == activity.name }
            let perAgent = Dictionary(grouping: mine, by: \.agent).mapValues(\.count)
            let missedBy = activity.attendees.flatMap { Array(repeating: $0, count: max(0, activity.sessions - perAgent[$0, default: 0])) }
            let together = activity.isMeeting
            return Summary.ActivitySummary(
                name: activity.name, attend: together ? "together" : "individual", hard: activity.hard, attendees: activity.attendees.count,
                sessions: activity.sessions, placed: mine.count, missed: missedBy.count, missedBy: missedBy,
                heldAt: together ? Set(mine.map(\.session.start)).sorted().map { zone.isoText($0) } : [],
                agentMinutes: mine.reduce(0) { $0 + $1.session.end - $1.session.start })
        }
    }

    /// Day-level staffing figures for the summary; nil when the problem has no day-level requirement.
    public static func shiftDemandSummary(_ roster: Roster, problem: RosterProblem) -> Summary.ShiftDemandSummary? {
        guard !problem.dayLevel.demands.isEmpty else { return nil }
        let staffing = RosterValidator(problem: problem).shiftDemandStaffing(of: roster)
        return .init(
            requirements: staffing.count, requiredShifts: staffing.reduce(0) { $0 + $1.demand.required },
            underStaffedRequirements: staffing.filter { $0.under > 0 }.count, underStaffedShifts: staffing.reduce(0) { $0 + $1.under },
            overStaffedRequirements: staffing.filter { $0.over > 0 }.count, overStaffedShifts: staffing.reduce(0) { $0 + $1.over })
    }

    public static func summaryJSON(_ summary: Summary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
    }
}

/// A number as a planner reads it: whole numbers without decimals, others with two.
public func decimalText(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    // Whole numbers beyond Int's range would trap in Int(_:); they are printed by %.0f instead.
    if value == value.rounded() { return abs(value) < 1e15 ? String(Int(value)) : String(format: "%.0f", value) }
    return String(format: "%.2f", value)
}
