import Foundation
import Rostering
import Yams

/// A scenario read from disk: the problem to solve and the solver defaults it asks for.
public struct LoadedScenario: Sendable {
    public let file: ScenarioFile
    public let problem: RosterProblem
    /// Absolute path of the scenario file.
    public let path: String
    /// Problems that do not stop the run (for example unavailable dates outside the horizon).
    public let warnings: [InputError]
    /// For a forecast-driven scenario: calls, handle times and the staffing derived from them.
    public let forecast: StaffingForecast?
    /// Absolute path of the preference folder the scenario names, if any.
    public let preferencesPath: String?
    /// How wishes weigh (defaults when the scenario says nothing).
    public let preferencePolicy: PreferencePolicy

    /// Reads the scenario's preference files against its problem.
    public func readPreferences() -> PreferencesFile.Result {
        guard let preferencesPath else { return PreferencesFile.Result() }
        return PreferencesFile.read(path: preferencesPath, context: .init(problem: problem, policy: preferencePolicy))
    }
}

/// Reads a scenario file and the files it names, collecting every problem before failing.
public enum ScenarioLoader {
    /// Loads and checks the scenario at `path` (YAML or JSON).
    /// - Throws: ``InputErrors`` naming file, line and field of each problem.
    public static func load(path: String) throws(InputErrors) -> LoadedScenario {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let display = path
        let text = try readText(url, display: display)
        let document: YAMLDocument
        do { document = try YAMLDocument(text: text, file: display) } catch { throw InputErrors([error]) }

        var errors = document.duplicateKeys() + document.unknownKeys(allowed: ScenarioFile.allowedKeys)
        let file: ScenarioFile
        do {
            file = try YAMLDecoder().decode(ScenarioFile.self, from: text)
        } catch let error as DecodingError {
            throw InputErrors(errors + [describe(error, document: document)])
        } catch {
            throw InputErrors(errors + [InputError(file: display, message: "cannot read the scenario: \(error)")])
        }

        let locate = { (path: [YAMLDocument.PathComponent], field: String, message: String) in
            errors.append(InputError(file: display, line: document.line(of: path), field: field, message: message))
        }

        // Horizon.
        let horizonPath: [YAMLDocument.PathComponent] = [.key("horizon")]
        let startDate = LocalDate(iso: file.horizon.startDate)
        if startDate == nil {
            locate(horizonPath + [.key("start_date")], "horizon.start_date", "'\(file.horizon.startDate)' is not a date (YYYY-MM-DD)")
        }
        let zone = SiteTimeZone(identifier: file.horizon.timeZone)
        if zone == nil {
            locate(horizonPath + [.key("time_zone")], "horizon.time_zone", "unknown time zone '\(file.horizon.timeZone)'; use an IANA name such as Europe/Berlin")
        }
        var firstDay = Weekday.monday
        if let name = file.horizon.firstDayOfWeek {
            if let weekday = Weekday(name: name) { firstDay = weekday } else {
                locate(horizonPath + [.key("first_day_of_week")], "horizon.first_day_of_week", "'\(name)' is not a weekday")
            }
        }
        var horizon: PlanningHorizon?
        if let startDate, let zone {
            do {
                horizon = try PlanningHorizon(
                    startDate: startDate, days: file.horizon.days, timeZone: zone,
                    intervalMinutes: file.horizon.intervalMinutes, firstDayOfWeek: firstDay)
            } catch {
                let field: String
                switch error {
                case .days: field = "days"
                case .intervalMinutes: field = "interval_minutes"
                default: field = "start_date"
                }
                locate(horizonPath + [.key(field)], "horizon.\(field)", error.description)
            }
        }

        // Shift templates.
        var templates: [ShiftTemplate] = []
        if file.shiftTemplates.isEmpty {
            locate([.key("shift_templates")], "shift_templates", "at least one shift template is needed")
        }
        let interval = file.horizon.intervalMinutes
        for (index, template) in file.shiftTemplates.enumerated() {
            let base: [YAMLDocument.PathComponent] = [.key("shift_templates"), .index(index)]
            let field = "shift_templates[\(index)]"
            let earliest = TimeOfDay(text: template.earliestStart)
            let latest = TimeOfDay(text: template.latestStart)
            if earliest == nil { locate(base + [.key("earliest_start")], "\(field).earliest_start", "'\(template.earliestStart)' is not a time (HH:MM)") }
            if latest == nil { locate(base + [.key("latest_start")], "\(field).latest_start", "'\(template.latestStart)' is not a time (HH:MM)") }
            if let earliest, let latest, latest < earliest {
                locate(base + [.key("latest_start")], "\(field).latest_start", "latest start \(latest) is before earliest start \(earliest)")
            }
            if let earliest, interval > 0, earliest.minutes % interval != 0 {
                locate(base + [.key("earliest_start")], "\(field).earliest_start", "\(earliest) is off the \(interval)-minute interval grid")
            }
            let step = template.startStepMinutes ?? interval
            if step <= 0 || (interval > 0 && step % interval != 0) {
                locate(base + [.key("start_step_minutes")], "\(field).start_step_minutes", "must be a positive multiple of the interval length (\(interval) min), not \(step)")
            }
            var lengths: [Int] = []
            if template.lengthsHours.isEmpty {
                locate(base + [.key("lengths_hours")], "\(field).lengths_hours", "at least one shift length is needed")
            }
            for (lengthIndex, hours) in template.lengthsHours.enumerated() {
                let minutes = (hours * 60).rounded()
                if !(hours > 0 && hours <= 24) || abs(minutes - hours * 60) > 1e-9 || (interval > 0 && Int(minutes) % interval != 0) {
                    locate(base + [.key("lengths_hours"), .index(lengthIndex)], "\(field).lengths_hours", "\(hours) h is not a length between 0 and 24 hours on the \(interval)-minute grid")
                } else {
                    lengths.append(Int(minutes))
                }
            }
            var weekdays = Set(Weekday.allCases)
            if let days = template.days {
                weekdays = []
                for (dayIndex, day) in days.enumerated() {
                    if let weekday = Weekday(name: day) { weekdays.insert(weekday) } else {
                        locate(base + [.key("days"), .index(dayIndex)], "\(field).days", "'\(day)' is not a weekday (mon … sun)")
                    }
                }
            }
            if let earliest, let latest {
                templates.append(ShiftTemplate(
                    name: template.name, weekdays: weekdays, earliestStart: earliest, latestStart: latest,
                    startStepMinutes: max(step, 1), lengthsMinutes: lengths))
            }
        }

        // Weights.
        var weights = ObjectiveWeights.defaults
        if let given = file.weights {
            for (key, value) in [("under_staffing_per_agent_hour", given.underStaffingPerAgentHour), ("over_staffing_per_agent_hour", given.overStaffingPerAgentHour)] {
                if let value, let problem = InputLimits.weightProblem(value) {
                    locate([.key("weights"), .key(key)], "weights.\(key)", problem)
                }
            }
            weights = ObjectiveWeights(
                underStaffingPerAgentHour: given.underStaffingPerAgentHour ?? weights.underStaffingPerAgentHour,
                overStaffingPerAgentHour: given.overStaffingPerAgentHour ?? weights.overStaffingPerAgentHour)
        }
        var policy = PreferencePolicy.defaults
        if let given = file.preferences {
            if let budget = given.pointsBudget {
                if InputLimits.pointsBudget.contains(budget) { policy.pointsBudget = budget } else {
                    locate([.key("preferences"), .key("points_budget")], "preferences.points_budget", "must be a whole number from 1 to 10,000")
                }
            }
            for (key, value, apply) in [
                ("weight_per_point", given.weightPerPoint, { (policy: inout PreferencePolicy, value: Double) in policy.weightPerPoint = value }),
                ("fairness_weight", given.fairnessWeight, { (policy: inout PreferencePolicy, value: Double) in policy.fairnessWeight = value }),
                ("history_weight", given.historyWeight, { (policy: inout PreferencePolicy, value: Double) in policy.historyWeight = value }),
            ] {
                guard let value else { continue }
                if let problem = InputLimits.weightProblem(value) {
                    locate([.key("preferences"), .key(key)], "preferences.\(key)", problem)
                } else {
                    apply(&policy, value)
                }
            }
        }
        if let swaps = file.swaps {
            for (key, value) in [("change_weight", swaps.changeWeight), ("break_change_weight", swaps.breakChangeWeight), ("activity_change_weight", swaps.activityChangeWeight), ("coverage_tolerance_agent_hours", swaps.coverageToleranceAgentHours)] {
                if let value, let problem = InputLimits.weightProblem(value) { locate([.key("swaps"), .key(key)], "swaps.\(key)", problem) }
            }
        }
        if let solver = file.solver {
            if let limit = solver.timeLimitSeconds, !(limit.isFinite && InputLimits.timeLimitSeconds.contains(limit)) {
                locate([.key("solver"), .key("time_limit_seconds")], "solver.time_limit_seconds", "must be a number of seconds above 0 and at most 1,000,000")
            }
            if let gap = solver.relativeGap, !(gap.isFinite && gap >= 0 && gap < 1) {
                locate([.key("solver"), .key("relative_gap")], "solver.relative_gap", "must be a number in [0, 1)")
            }
        }

        // Files the scenario names.
        let directory = url.deletingLastPathComponent()
        var warnings: [InputError] = []
        var agents: [Agent] = []
        var required: [Int] = []
        // Name files as the planner would reach them: the scenario path's folder plus the name given.
        let shownDirectory = (display as NSString).deletingLastPathComponent
        func shown(_ name: String) -> String {
            name.hasPrefix("/") || shownDirectory.isEmpty ? name : (shownDirectory as NSString).appendingPathComponent(name)
        }
        let agentsURL = URL(fileURLWithPath: file.agents, relativeTo: directory).standardizedFileURL
        do {
            let agentsText = try readText(agentsURL, display: shown(file.agents))
            let read = AgentsCSV.read(text: agentsText, file: shown(file.agents), horizon: horizon, templates: Set(templates.map(\.name)))
            agents = read.agents
            errors += read.errors
            warnings += read.warnings
        } catch {
            errors += error.errors
        }
        var forecast: StaffingForecast?
        switch (file.requirements, file.forecast) {
        case (nil, nil) where file.shiftRequirements != nil:
            required = horizon.map { Array(repeating: 0, count: $0.intervalCount) } ?? []
        case (nil, nil), (.some, .some):
            errors.append(InputError(file: display, line: document.line(of: [.key(file.forecast == nil ? "requirements" : "forecast")]), field: "requirements", message: "give exactly one of requirements (agents per interval) and forecast (calls per interval), or shift_requirements (agents per shift template and day)"))
        case (let requirementsName?, nil):
            if file.staffing != nil {
                warnings.append(InputError(file: display, line: document.line(of: [.key("staffing")]), field: "staffing", message: "ignored: the scenario gives requirements, not a forecast"))
            }
            if let horizon {
                let requirementsURL = URL(fileURLWithPath: requirementsName, relativeTo: directory).standardizedFileURL
                do {
                    let requirementsText = try readText(requirementsURL, display: shown(requirementsName))
                    let read = RequirementsCSV.read(text: requirementsText, file: shown(requirementsName), horizon: horizon)
                    required = read.required
                    errors += read.errors
                } catch {
                    errors += error.errors
                }
            }
        case (nil, let forecastName?):
            let policy = staffingPolicy(file.staffing, document: document, errors: &errors)
            if let horizon, let policy {
                let forecastURL = URL(fileURLWithPath: forecastName, relativeTo: directory).standardizedFileURL
                do {
                    let text = try readText(forecastURL, display: shown(forecastName))
                    let read = ForecastCSV.read(text: text, file: shown(forecastName), intervalMinutes: horizon.intervalMinutes, defaultAHTSeconds: file.staffing?.ahtSeconds)
                    errors += read.errors
                    let placed = place(read.rows, on: horizon, file: shown(forecastName))
                    errors += placed.errors
                    let derived = ForecastCSV.staffing(placed.rows.map(\.row), policy: policy, intervalMinutes: horizon.intervalMinutes, file: shown(forecastName))
                    errors += derived.errors
                    if derived.errors.isEmpty {
                        let intervals = zip(placed.rows, derived.staffing).map { placedRow, staffing in
                            ForecastInterval(interval: placedRow.interval, calls: placedRow.row.calls, ahtSeconds: placedRow.row.ahtSeconds, staffing: staffing)
                        }
                        let plan = StaffingForecast(policy: policy, intervalMinutes: horizon.intervalMinutes, intervals: intervals)
                        required = plan.requirements(intervalCount: horizon.intervalCount)
                        forecast = plan
                    }
                } catch {
                    errors += error.errors
                }
            }
        }

        // Day-level rules.
        var dayLevel = DayLevelRules()
        let templateNames = Set(templates.map(\.name))
        for (index, rule) in (file.forbiddenSuccessions ?? []).enumerated() {
            let base: [YAMLDocument.PathComponent] = [.key("forbidden_successions"), .index(index)]
            for name in [rule.shift] + rule.notFollowedBy where !templateNames.contains(name) {
                locate(base, "forbidden_successions[\(index)]", "'\(name)' is not a shift template of the scenario")
            }
            dayLevel.successions += rule.notFollowedBy.map { ForbiddenSuccession(first: rule.shift, next: $0) }
        }
        if let horizon {
            for (key, name) in [("shift_requirements", file.shiftRequirements), ("shift_requests", file.shiftRequests)] {
                guard let name else { continue }
                let fileURL = URL(fileURLWithPath: name, relativeTo: directory).standardizedFileURL
                do {
                    let text = try readText(fileURL, display: shown(name))
                    if key == "shift_requirements" {
                        let read = DayLevelCSV.readDemands(text: text, file: shown(name), horizon: horizon, templates: templateNames)
                        dayLevel.demands = read.rows
                        errors += read.errors
                    } else {
                        let read = DayLevelCSV.readRequests(text: text, file: shown(name), horizon: horizon, templates: templateNames, agents: Set(agents.map(\.id)))
                        dayLevel.requests = read.rows
                        errors += read.errors
                    }
                } catch {
                    errors += error.errors
                }
            }
        }

        let breakRules = BreakRulesSection.read(file.breaks, document: document, errors: &errors)
        let activities = ActivitiesSection.read(file.activities, agents: agents, horizon: horizon, document: document, errors: &errors)

        guard errors.isEmpty, let horizon else { throw InputErrors(errors) }
        var problem: RosterProblem
        do {
            problem = try RosterProblem(
                name: file.name ?? url.deletingPathExtension().lastPathComponent, horizon: horizon,
                templates: templates, agents: agents, required: required, weights: weights
            ).with(dayLevel: dayLevel, staffsByInterval: file.requirements != nil || file.forecast != nil)
        } catch {
            throw InputErrors([InputError(file: display, field: "shift_templates", message: error.description)])
        }
        problem = try BreakRulesSection.apply(breakRules, to: problem, document: document)
        problem = try ActivitiesSection.apply(activities, to: problem, document: document)
        return LoadedScenario(
            file: file, problem: problem, path: url.path, warnings: warnings, forecast: forecast,
            preferencesPath: file.preferences.map { URL(fileURLWithPath: $0.folder, relativeTo: directory).standardizedFileURL.path },
            preferencePolicy: policy)
    }

    /// The staffing policy a forecast-driven scenario asks for, or nil after recording its problems.
    static func staffingPolicy(_ staffing: ScenarioFile.Staffing?, document: YAMLDocument, errors: inout [InputError]) -> StaffingPolicy? {
        func fail(_ key: String, _ message: String) {
            let path: [YAMLDocument.PathComponent] = key.isEmpty ? [.key("staffing")] : [.key("staffing"), .key(key)]
            errors.append(InputError(file: document.file, line: document.line(of: path), field: key.isEmpty ? "staffing" : "staffing.\(key)", message: message))
        }
        guard let staffing else {
            fail("", "a forecast needs a staffing section with a service_level (e.g. \"80/20\") or asa_seconds target")
            return nil
        }
        var target: ServiceTarget?
        switch (staffing.serviceLevel, staffing.asaSeconds) {
        case (let text?, nil):
            target = ForecastCSV.parseServiceLevel(text)
            if target == nil { fail("service_level", "'\(text)' is not a target like 80/20 (80 % of calls within 20 seconds)") }
        case (nil, let seconds?):
            if seconds > 0, StaffingLimits.targetSecondsProblem(seconds) == nil { target = .averageSpeedOfAnswer(seconds: seconds) } else {
                fail("asa_seconds", "must be a number of seconds above 0 and at most 86,400")
            }
        case (nil, nil) where staffing.maxAbandonment != nil && staffing.averagePatienceSeconds != nil:
            target = .abandonmentOnly
        default:
            fail("", "give exactly one target: service_level (e.g. \"80/20\") or asa_seconds (or, with average_patience_seconds, max_abandonment alone)")
        }
        let shrinkage = staffing.shrinkage ?? 0
        var valid = target != nil
        if let problem = StaffingLimits.shrinkageProblem(shrinkage) {
            fail("shrinkage", problem)
            valid = false
        }
        if let occupancy = staffing.maxOccupancy, let problem = StaffingLimits.maxOccupancyProblem(occupancy) {
            fail("max_occupancy", problem)
            valid = false
        }
        if let aht = staffing.ahtSeconds, let problem = StaffingLimits.handleTimeProblem(aht) {
            fail("aht_seconds", problem)
            valid = false
        }
        if let patience = staffing.averagePatienceSeconds, let problem = StaffingLimits.patienceProblem(patience) {
            fail("average_patience_seconds", problem)
            valid = false
        }
        if let share = staffing.maxAbandonment {
            if staffing.averagePatienceSeconds == nil {
                fail("max_abandonment", "needs average_patience_seconds (abandonment comes from Erlang A)")
                valid = false
            } else if let problem = StaffingLimits.abandonmentProblem(share) {
                fail("max_abandonment", problem)
                valid = false
            }
        }
        if let acw = staffing.acwSeconds, let problem = StaffingLimits.acwProblem(acw) {
            fail("acw_seconds", problem)
            valid = false
        }
        guard valid, let target else { return nil }
        var policy = StaffingPolicy(
            target: target, maxOccupancy: staffing.maxOccupancy, shrinkage: shrinkage, maxAgents: StaffingLimits.agents,
            averagePatienceSeconds: staffing.averagePatienceSeconds, maxAbandonment: staffing.maxAbandonment)
        policy.acwSeconds = staffing.acwSeconds ?? 0
        return policy
    }

    /// Places forecast rows on the horizon's intervals.
    static func place(_ rows: [ForecastCSV.Row], on horizon: PlanningHorizon, file: String) -> (rows: [(row: ForecastCSV.Row, interval: Int)], errors: [InputError]) {
        var placed: [(row: ForecastCSV.Row, interval: Int)] = []
        var errors: [InputError] = []
        var seen: [Int: Int] = [:]
        for row in rows {
            do {
                let instant = try horizon.timeZone.parse(row.startText)
                guard let index = horizon.intervalIndex(startingAt: instant) else {
                    errors.append(InputError(file: file, line: row.line, field: "interval_start", message: "\(row.startText) is outside the planning horizon"))
                    continue
                }
                if let previous = seen[index] {
                    errors.append(InputError(file: file, line: row.line, field: "interval_start", message: "\(row.startText) is listed twice (first on line \(previous))"))
                    continue
                }
                seen[index] = row.line
                placed.append((row, index))
            } catch {
                errors.append(InputError(file: file, line: row.line, field: "interval_start", message: error.description))
            }
        }
        return (placed, errors)
    }

    /// Reads a UTF-8 text file, with errors that name it as `display`.
    /// The largest input file read (64 MiB): a year of 15-minute requirements is about 1 MiB.
    public static let largestInputBytes: Int64 = 64 * 1_048_576

    public static func readText(_ url: URL, display: String) throws(InputErrors) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputErrors([InputError(file: display, message: "file not found (looked at \(url.path))")])
        }
        guard !isDirectory.boolValue else { throw InputErrors([InputError(file: display, message: "is a directory, not a file")]) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber, size.int64Value > largestInputBytes {
            throw InputErrors([InputError(file: display, message: "is \(size.int64Value / 1_048_576) MiB; input files may be at most \(largestInputBytes / 1_048_576) MiB")])
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputErrors([InputError(file: display, message: "cannot be read")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputErrors([InputError(file: display, message: "is not UTF-8 text")])
        }
        return text
    }

    static func describe(_ error: DecodingError, document: YAMLDocument) -> InputError {
        func path(_ codingPath: [any CodingKey]) -> ([YAMLDocument.PathComponent], String) {
            var components: [YAMLDocument.PathComponent] = []
            var field = ""
            for key in codingPath {
                if let index = key.intValue {
                    components.append(.index(index))
                    field += "[\(index)]"
                } else {
                    components.append(.key(key.stringValue))
                    field += field.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return (components, field)
        }
        switch error {
        case .keyNotFound(let key, let context):
            let (components, field) = path(context.codingPath)
            let name = field.isEmpty ? key.stringValue : "\(field).\(key.stringValue)"
            return InputError(file: document.file, line: document.line(of: components), field: name, message: "required key is missing")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let (components, field) = path(context.codingPath)
            return InputError(file: document.file, line: document.line(of: components), field: field, message: "expected \(describe(type))")
        case .dataCorrupted(let context):
            let (components, field) = path(context.codingPath)
            return InputError(file: document.file, line: document.line(of: components), field: field.isEmpty ? nil : field, message: context.debugDescription)
        @unknown default:
            return InputError(file: document.file, message: "\(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is String.Type: return "text"
        case is [Double].Type: return "a list of numbers"
        case is [String].Type: return "a list of text values"
        default: return "a value of type \(type)"
        }
    }
}
