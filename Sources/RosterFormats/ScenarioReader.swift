import Foundation
import Rostering

/// The sections of one scenario file read in turn by ``ScenarioLoader/load(path:)``: each adds
/// what is wrong to ``errors`` (file, line and field) and returns what it could read, so that
/// every problem is reported at once.
struct ScenarioReader {
    let file: ScenarioFile
    let document: YAMLDocument
    /// The scenario's path as the planner gave it (errors name it so).
    let display: String
    /// The folder of the scenario file: the files it names are relative to it.
    let directory: URL
    var errors: [InputError]
    var warnings: [InputError] = []
    /// Queues of the requirements (``RequirementsCSV``): names, requirement per queue and
    /// interval, and the file that listed them.
    var queues: (names: [String], required: [[Int]], file: String)?
    /// A forecast per queue: each queue's staffing, in the order of ``queues``.
    var queueForecasts: [StaffingForecast] = []

    mutating func locate(_ path: [YAMLDocument.PathComponent], _ field: String, _ message: String) {
        errors.append(InputError(file: display, line: document.line(of: path), field: field, message: message))
    }

    /// A file the scenario names as the planner would reach it: the scenario path's folder plus
    /// the name given.
    func shown(_ name: String) -> String {
        let shownDirectory = (display as NSString).deletingLastPathComponent
        return name.hasPrefix("/") || shownDirectory.isEmpty ? name : (shownDirectory as NSString).appendingPathComponent(name)
    }

    /// `horizon:`: start date, days, time zone, interval, first day of the week.
    mutating func horizon() -> PlanningHorizon? {
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
        return horizon
    }

    /// `shift_templates:`, on the interval grid.
    mutating func templates() -> [ShiftTemplate] {
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
        return templates
    }

    /// `weights:`, within their bounds.
    mutating func weights() -> ObjectiveWeights {
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
        return weights
    }

    /// `preferences:`: the points budget and the weights of wishes, fairness and history.
    mutating func preferencePolicy() -> PreferencePolicy {
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
        return policy
    }

    /// `swaps:` weights and `solver:` limits, within their bounds.
    mutating func checkSwapsAndSolver() {
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
    }

    /// agents.csv (the file `agents:` names).
    mutating func agents(horizon: PlanningHorizon?, templates: [ShiftTemplate]) -> [Agent] {
        let agentsURL = URL(fileURLWithPath: file.agents, relativeTo: directory).standardizedFileURL
        do {
            let agentsText = try ScenarioLoader.readText(agentsURL, display: shown(file.agents))
            let read = AgentsCSV.read(text: agentsText, file: shown(file.agents), horizon: horizon, templates: Set(templates.map(\.name)))
            errors += read.errors
            warnings += read.warnings
            return read.agents
        } catch {
            errors += error.errors
            return []
        }
    }

    /// Agents needed per interval: from requirements.csv, or derived from forecast.csv and
    /// `staffing:` (with the forecast), or none when the site is staffed by shift requirements.
    mutating func requirements(horizon: PlanningHorizon?) -> (required: [Int], forecast: StaffingForecast?) {
        var required: [Int] = []
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
                    let requirementsText = try ScenarioLoader.readText(requirementsURL, display: shown(requirementsName))
                    let read = RequirementsCSV.read(text: requirementsText, file: shown(requirementsName), horizon: horizon)
                    required = read.required
                    errors += read.errors
                    if !read.queues.isEmpty { queues = (read.queues, read.byQueue, shown(requirementsName)) }
                } catch {
                    errors += error.errors
                }
            }
        case (nil, let forecastName?):
            let policy = ScenarioLoader.staffingPolicy(file.staffing, document: document, errors: &errors)
            if let horizon, let policy {
                let forecastURL = URL(fileURLWithPath: forecastName, relativeTo: directory).standardizedFileURL
                do {
                    let text = try ScenarioLoader.readText(forecastURL, display: shown(forecastName))
                    let read = ForecastCSV.read(
                        text: text, file: shown(forecastName), intervalMinutes: horizon.intervalMinutes, defaultAHTSeconds: file.staffing?.ahtSeconds,
                        queueAHTSeconds: file.staffing?.queues?.compactMapValues(\.ahtSeconds) ?? [:])
                    errors += read.errors
                    if read.rows.contains(where: { !$0.queue.isEmpty }) {
                        required = forecastPerQueue(read.rows, horizon: horizon, file: shown(forecastName))
                        return (required, nil)
                    }
                    let placed = ScenarioLoader.place(read.rows, on: horizon, file: shown(forecastName))
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
        return (required, forecast)
    }

    /// Forbidden successions, shift requirements and shift requests.
    mutating func dayLevel(horizon: PlanningHorizon?, templates: [ShiftTemplate], agents: [Agent]) -> DayLevelRules {
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
                    let text = try ScenarioLoader.readText(fileURL, display: shown(name))
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
        return dayLevel
    }
}
