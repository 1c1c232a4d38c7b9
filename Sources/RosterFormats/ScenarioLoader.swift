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
    /// For a forecast per queue: each queue's staffing, in the order of the problem's queues
    /// (``forecast`` is then nil); empty otherwise.
    public var queueForecasts: [StaffingForecast] = []
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
        let text = try readText(url, display: path)
        let document: YAMLDocument
        do { document = try YAMLDocument(text: text, file: path) } catch { throw InputErrors([error]) }

        let known = document.duplicateKeys() + document.unknownKeys(allowed: ScenarioFile.allowedKeys)
        let file: ScenarioFile
        do {
            file = try YAMLDecoder().decode(ScenarioFile.self, from: text)
        } catch let error as DecodingError {
            throw InputErrors(known + [describe(error, document: document)])
        } catch {
            throw InputErrors(known + [InputError(file: path, message: "cannot read the scenario: \(error)")])
        }
        var reader = ScenarioReader(file: file, document: document, display: path, directory: url.deletingLastPathComponent(), errors: known)
        let horizon = reader.horizon()
        let templates = reader.templates()
        let weights = reader.weights()
        let policy = reader.preferencePolicy()
        reader.checkSwapsAndSolver()
        let agents = reader.agents(horizon: horizon, templates: templates)
        let (required, forecast) = reader.requirements(horizon: horizon)
        let dayLevel = reader.dayLevel(horizon: horizon, templates: templates, agents: agents)
        let breakRules = BreakRulesSection.read(file.breaks, document: document, errors: &reader.errors)
        let activities = ActivitiesSection.read(file.activities, agents: agents, horizon: horizon, document: document, errors: &reader.errors)

        reader.checkSkills(agents)
        guard reader.errors.isEmpty, let horizon else { throw InputErrors(reader.errors) }
        var problem: RosterProblem
        do {
            problem = try RosterProblem(
                name: file.name ?? url.deletingPathExtension().lastPathComponent, horizon: horizon,
                templates: templates, agents: agents, required: required, weights: weights
            ).with(dayLevel: dayLevel, staffsByInterval: file.requirements != nil || file.forecast != nil)
        } catch {
            throw InputErrors([InputError(file: path, field: "shift_templates", message: error.description)])
        }
        problem = try reader.applyQueues(to: problem)
        problem = try BreakRulesSection.apply(breakRules, to: problem, document: document)
        problem = try ActivitiesSection.apply(activities, to: problem, document: document)
        var loaded = LoadedScenario(
            file: file, problem: problem, path: url.path, warnings: reader.warnings, forecast: forecast,
            preferencesPath: file.preferences.map { URL(fileURLWithPath: $0.folder, relativeTo: reader.directory).standardizedFileURL.path },
            preferencePolicy: policy)
        loaded.queueForecasts = reader.queueForecasts
        return loaded
    }

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
