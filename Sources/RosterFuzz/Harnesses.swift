import Foundation
import RosterFormats
import Rostering

/// The readers and their seed files (the repository's examples, fixtures and benchmark instances,
/// and files the tool itself writes).
func makeHarnesses(root: String, scratch: String) throws -> [Harness] {
    let seeds = try FuzzSeeds(root: root, scratch: scratch)
    return try scenarioHarnesses(seeds) + outputHarnesses(seeds)
}

/// What the harnesses start from, read or written once: the example week and its problem, the
/// nurse-rostering import, the published roster with breaks and sessions, a swaps log, a history
/// ledger, calendars and a small call log. Files the readers need beside them go into `scratch`.
struct FuzzSeeds {
    let root: String, scratch: String
    let week = "examples/contact-center-week/"
    let problem: RosterProblem
    let templates: Set<String>
    let imported: [String: [UInt8]]
    let importedProblem: RosterProblem
    let published: Roster
    let calendars: [(name: String, contents: String)]
    let logPath: String
    let ledger: String
    let preferenceSeeds: [[UInt8]]
    let breaksScenario: [UInt8]
    let breaksSeed: [UInt8]
    let policy: PreferencePolicy
    let sessionsSeed: [UInt8]
    let callLog: String
    let activitiesScenario: [UInt8]
    /// The example week with two queues, its files beside the others' under their own names.
    let queuesScenario: [UInt8]
    let queues = "examples/contact-center-week-queues/"

    var horizon: PlanningHorizon { problem.horizon }
    var zone: SiteTimeZone { problem.horizon.timeZone }

    /// The bytes of a file of the repository at `root`.
    static func bytes(_ path: String, root: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: (root as NSString).appendingPathComponent(path)))) }
    static func text(_ input: [UInt8]) -> String { String(decoding: input, as: UTF8.self) }
    func bytes(_ path: String) throws -> [UInt8] { try Self.bytes(path, root: root) }
    func text(_ input: [UInt8]) -> String { Self.text(input) }
    /// Writes `input` into the scratch folder as `name`; its path.
    func write(_ input: [UInt8], _ name: String) -> String {
        let path = (scratch as NSString).appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        return path
    }

    init(root: String, scratch: String) throws {
        self.root = root
        self.scratch = scratch
        func bytes(_ path: String) throws -> [UInt8] { try Self.bytes(path, root: root) }
        let text = Self.text
        let week = self.week
        problem = try ScenarioLoader.load(path: (root as NSString).appendingPathComponent(week + "scenario.yaml")).problem
        let zone = problem.horizon.timeZone
        templates = Set(problem.templates.map(\.name))
        let instance = try NurseRosteringInstance.parse(text: String(decoding: try bytes("benchmarks/nurse-rostering/Instance1.txt"), as: UTF8.self), file: "Instance1.txt")
        imported = Dictionary(instance.scenarioFiles(name: "Instance1").map { ($0.name, Array($0.contents.utf8)) }, uniquingKeysWith: { first, _ in first })
        importedProblem = try { () throws -> RosterProblem in
            try AtomicWriter.write(instance.scenarioFiles(name: "Instance1"), into: scratch + "/nrp")
            return try ScenarioLoader.load(path: scratch + "/nrp/scenario.yaml").problem
        }()
        published = try RosterCSV.read(text: String(decoding: try bytes(week + "published/roster.csv"), as: UTF8.self), file: "roster.csv", problem: problem)
        calendars = CalendarPublisher(problem: problem).calendars(for: published)
        let requests = try SwapsCSV.read(text: String(decoding: try bytes(week + "swaps.csv"), as: UTF8.self), file: "swaps.csv", timeZone: zone)
        logPath = scratch + "/seed-log.csv"
        try SwapsLog(path: logPath).append(requests.map {
            SwapDecision(request: $0, approved: false, reasons: ["no eligible agent"], coverageChange: "", taker: nil, alternatives: [])
        }, inputsHash: String(repeating: "a", count: 64), timeZone: zone)
        ledger = HistoryLedger.columns.joined(separator: ",") + "\n2026-11-16,contact-center-week-48,a01,2,1,5,2\n"

        // The scenario reader needs the files it names beside it.
        for name in ["agents.csv", "requirements.csv"] {
            try FileManager.default.copyItem(atPath: (root as NSString).appendingPathComponent(week + name), toPath: scratch + "/" + name)
        }
        try FileManager.default.copyItem(atPath: (root as NSString).appendingPathComponent("examples/forecast-week/forecast.csv"), toPath: scratch + "/forecast.csv")
        preferenceSeeds = try ["a04.yaml", "a23.yaml", "a25.yaml", "a01.yaml"].map { try bytes(week + "preferences/" + $0) }
        // The example with breaks, its agents beside it like the others'; and a breaks.csv for the
        // published roster (a 15-minute break two hours into every shift: the reader checks the
        // file, not the rules).
        breaksScenario = Array(text(try bytes("examples/contact-center-week-breaks/scenario.yaml"))
            .replacingOccurrences(of: "../contact-center-week/agents.csv", with: "agents.csv").utf8)
        let withBreaks = Roster(assignments: published.assignments.map {
            $0.with(breaks: [Roster.Break(name: "break", start: $0.start + 120, end: $0.start + 135, paid: true)])
        }, timeZone: zone)
        breaksSeed = Array(BreaksCSV.write(withBreaks, problem: problem).utf8)
        policy = PreferencePolicy.defaults
        // An activities.csv for the published roster (a 30-min session an hour into every shift), and
        // call histories: a small call log and the forecast example's interval counts.
        let withSessions = Roster(assignments: published.assignments.map {
            Roster.Assignment(agentID: $0.agentID, start: $0.start, end: $0.end, activities: [Roster.Session(name: "coaching", start: $0.start + 60, end: $0.start + 90)])
        }, timeZone: zone)
        sessionsSeed = Array(ActivitiesCSV.write(withSessions, problem: problem).utf8)
        var log = "arrival,handle_seconds,outcome,wait_seconds,queue,caller\n"
        for day in 0..<14 { log += "2026-11-\(String(format: "%02d", 9 + day))T09:0\(day % 10):00,\(200 + day),\(day % 3 == 0 ? "abandoned" : "answered"),\(day),sales,c\(day % 4)\n" }
        activitiesScenario = try bytes("Tests/Fixtures/activities-two-days/scenario.yaml")
        for name in ["agents", "requirements"] {
            try FileManager.default.copyItem(
                atPath: (root as NSString).appendingPathComponent(queues + name + ".csv"), toPath: scratch + "/" + name + "-queues.csv")
        }
        queuesScenario = Array(text(try bytes(queues + "scenario.yaml"))
            .replacingOccurrences(of: "requirements: requirements.csv", with: "requirements: requirements-queues.csv")
            .replacingOccurrences(of: "agents: agents.csv", with: "agents: agents-queues.csv").utf8)
        callLog = log
    }
}

/// The readers of a scenario's inputs: the scenario, agents, requirements, forecast, shift
/// requirements and requests, preference files.
func scenarioHarnesses(_ seeds: FuzzSeeds) throws -> [Harness] {
    let week = seeds.week, problem = seeds.problem, horizon = seeds.horizon, templates = seeds.templates
    let imported = seeds.imported, importedProblem = seeds.importedProblem, policy = seeds.policy
    let breaksScenario = seeds.breaksScenario, activitiesScenario = seeds.activitiesScenario, preferenceSeeds = seeds.preferenceSeeds
    let queuesScenario = seeds.queuesScenario, queues = seeds.queues
    func bytes(_ path: String) throws -> [UInt8] { try seeds.bytes(path) }
    func text(_ input: [UInt8]) -> String { seeds.text(input) }
    func write(_ input: [UInt8], _ name: String) -> String { seeds.write(input, name) }
    return [
        Harness(name: "scenario", fileExtension: "yaml", seeds: [try bytes(week + "scenario.yaml"), try bytes(week + "scenario-preferences.yaml"),
                                                               try bytes("examples/forecast-week/scenario.yaml"), breaksScenario, activitiesScenario, queuesScenario, Array("{\"name\": \"x\"}".utf8)]) {
            _ = try? ScenarioLoader.load(path: write($0, "scenario.yaml"))
        },
        Harness(name: "agents", fileExtension: "csv", seeds: [try bytes(week + "agents.csv"), imported["agents.csv"]!, try bytes(queues + "agents.csv")]) {
            _ = AgentsCSV.read(text: text($0), file: "agents.csv", horizon: horizon, templates: templates)
        },
        Harness(name: "requirements", fileExtension: "csv", seeds: [try bytes(week + "requirements.csv"), try bytes(queues + "requirements.csv")]) {
            _ = RequirementsCSV.read(text: text($0), file: "requirements.csv", horizon: horizon)
        },
        Harness(name: "forecast", fileExtension: "csv", seeds: [try bytes("examples/forecast-week/forecast.csv")]) {
            let read = ForecastCSV.read(text: text($0), file: "forecast.csv", intervalMinutes: 30, defaultAHTSeconds: 280)
            _ = ForecastCSV.staffing(read.rows, policy: StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20), maxOccupancy: 0.85, shrinkage: 0.3),
                                     intervalMinutes: 30, file: "forecast.csv")
        },
        Harness(name: "shift-requirements", fileExtension: "csv", seeds: [imported["shift_requirements.csv"]!]) {
            _ = DayLevelCSV.readDemands(text: text($0), file: "shift_requirements.csv", horizon: importedProblem.horizon, templates: Set(importedProblem.templates.map(\.name)))
        },
        Harness(name: "shift-requests", fileExtension: "csv", seeds: [imported["shift_requests.csv"]!]) {
            _ = DayLevelCSV.readRequests(text: text($0), file: "shift_requests.csv", horizon: importedProblem.horizon,
                                         templates: Set(importedProblem.templates.map(\.name)), agents: Set(importedProblem.agents.map(\.id)))
        },
        Harness(name: "preferences", fileExtension: "yaml", seeds: preferenceSeeds) {
            _ = PreferencesFile.read(path: write($0, "a04.yaml"), context: .init(problem: problem, policy: policy))
        },
    ]
}

/// The readers of the files the tool writes and reads back (roster, breaks, activities, swaps
/// log, history ledger, calendars), of swap requests and call histories, and of benchmark
/// instances.
func outputHarnesses(_ seeds: FuzzSeeds) throws -> [Harness] {
    let week = seeds.week, problem = seeds.problem, zone = seeds.zone, published = seeds.published
    let breaksSeed = seeds.breaksSeed, sessionsSeed = seeds.sessionsSeed, callLog = seeds.callLog, logPath = seeds.logPath
    let ledger = seeds.ledger, calendars = seeds.calendars
    func bytes(_ path: String) throws -> [UInt8] { try seeds.bytes(path) }
    func text(_ input: [UInt8]) -> String { seeds.text(input) }
    func write(_ input: [UInt8], _ name: String) -> String { seeds.write(input, name) }
    return [
        Harness(name: "roster", fileExtension: "csv", seeds: [try bytes(week + "published/roster.csv")]) {
            _ = try? RosterCSV.read(text: text($0), file: "roster.csv", problem: problem)
        },
        Harness(name: "breaks", fileExtension: "csv", seeds: [breaksSeed]) {
            _ = try? BreaksCSV.read(text: text($0), file: "breaks.csv", into: published, problem: problem)
        },
        Harness(name: "activities", fileExtension: "csv", seeds: [sessionsSeed]) {
            _ = try? ActivitiesCSV.read(text: text($0), file: "activities.csv", into: published, problem: problem)
        },
        Harness(name: "call-history", fileExtension: "csv", seeds: [Array(callLog.utf8), try bytes("examples/forecast-week/forecast.csv")]) {
            for interval in [15, 30, 60] {
                let read = CallHistoryCSV.read(text: text($0), file: "history.csv", options: .init(intervalMinutes: interval, queue: "sales", callbackWindowMinutes: 30))
                guard read.errors.isEmpty, let last = read.history.lastDate else { continue }
                _ = try? WeeklyForecaster(weeks: 1, robustness: .quantile(0.8)).forecast(read.history, weekStart: last.adding(days: 1))
            }
        },
        Harness(name: "swaps", fileExtension: "csv", seeds: [try bytes(week + "swaps.csv")]) {
            _ = try? SwapsCSV.read(text: text($0), file: "swaps.csv", timeZone: zone)
        },
        Harness(name: "swaps-log", fileExtension: "csv", seeds: [Array(try Data(contentsOf: URL(fileURLWithPath: logPath)))]) {
            _ = try? SwapsLog(path: write($0, "swaps-log.csv"))
        },
        Harness(name: "history", fileExtension: "csv", seeds: [Array(ledger.utf8)]) {
            _ = try? HistoryLedger.read(path: write($0, "ledger.csv"))
        },
        Harness(name: "calendar", fileExtension: "ics", seeds: calendars.prefix(3).map { Array($0.contents.utf8) }) {
            _ = try? PublishedCalendars.events(in: text($0), file: "a.ics", timeZone: zone)
        },
        Harness(name: "nrp-instance", fileExtension: "txt", seeds: [try bytes("benchmarks/nurse-rostering/Instance1.txt"), try bytes("benchmarks/nurse-rostering/Instance2.txt")]) {
            // Read, and on success converted, as import-nrp does.
            if let parsed = try? NurseRosteringInstance.parse(text: text($0), file: "x.txt") { _ = parsed.scenarioFiles(name: "x") }
        },
    ]
}
