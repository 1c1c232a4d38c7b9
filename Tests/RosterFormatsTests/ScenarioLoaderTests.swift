import Foundation
@testable import RosterFormats
import Rostering
import Testing

/// A scenario folder in a temporary directory, with valid defaults that each test spoils in one way.
struct ScenarioFolder {
    let directory: URL
    var scenario = """
        name: test
        horizon:
          start_date: 2026-11-23
          days: 2
          time_zone: Europe/Berlin
          interval_minutes: 30
        shift_templates:
          - name: day
            earliest_start: "08:00"
            latest_start: "10:00"
            lengths_hours: [8, 4]
        requirements: requirements.csv
        agents: agents.csv
        """
    var agents = """
        id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable
        a1,Ana Keller,ana@example.com,,,,,
        a2,Ben Novak,,30,10,4,12,2026-11-24
        """
    var requirements = "interval_start,required\n2026-11-23T09:00,2\n2026-11-23T09:30,1\n"

    init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("roster-test-\(UUID().uuidString)")
    }

    var scenarioName = "scenario.yaml"

    func write() throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try scenario.write(to: directory.appendingPathComponent(scenarioName), atomically: false, encoding: .utf8)
        try agents.write(to: directory.appendingPathComponent("agents.csv"), atomically: false, encoding: .utf8)
        try requirements.write(to: directory.appendingPathComponent("requirements.csv"), atomically: false, encoding: .utf8)
        return directory.appendingPathComponent(scenarioName).path
    }

    /// Loads and returns the errors (empty when the scenario loads).
    func errors() throws -> [InputError] {
        let path = try write()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try ScenarioLoader.load(path: path)
            return []
        } catch {
            return error.errors
        }
    }
}

@Suite struct ScenarioLoaderTests {
    @Test func validScenarioLoadsWithDefaults() throws {
        let folder = ScenarioFolder()
        let path = try folder.write()
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try ScenarioLoader.load(path: path)
        let problem = loaded.problem
        #expect(problem.horizon.intervalCount == 96)
        #expect(problem.agents[0] == Agent(id: "a1", name: "Ana Keller", email: "ana@example.com"))
        #expect(problem.agents[1].maxWeeklyMinutes == 1800)
        #expect(problem.agents[1].minWeeklyMinutes == 600)
        #expect(problem.agents[1].maxDaysPerWeek == 4)
        #expect(problem.agents[1].minRestMinutes == 720)
        #expect(problem.agents[1].unavailableDates == [LocalDate(year: 2026, month: 11, day: 24)!])
        #expect(problem.required[18] == 2 && problem.required[19] == 1 && problem.required.reduce(0, +) == 3)
        // 5 starts (08:00–10:00 every 30 min) × 2 lengths × 2 days.
        #expect(problem.shifts.count == 20)
    }

    @Test func jsonScenariosAreReadToo() throws {
        var folder = ScenarioFolder()
        folder.scenarioName = "scenario.json"
        folder.scenario = """
            {"horizon": {"start_date": "2026-11-23", "days": 2, "time_zone": "Europe/Berlin", "interval_minutes": 30},
             "shift_templates": [{"name": "day", "earliest_start": "08:00", "latest_start": "10:00", "lengths_hours": [8, 4]}],
             "requirements": "requirements.csv", "agents": "agents.csv"}
            """
        let path = try folder.write()
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try ScenarioLoader.load(path: path)
        #expect(loaded.problem.shifts.count == 20)
        #expect(loaded.problem.name == "scenario")
    }

    @Test func unknownTimeZoneNamesTheField() throws {
        var folder = ScenarioFolder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "Europe/Berlin", with: "Europe/Atlantis")
        let errors = try folder.errors()
        #expect(errors.count == 1)
        #expect(errors[0].field == "horizon.time_zone")
        #expect(errors[0].line == 5)
        #expect(errors[0].file.hasSuffix("scenario.yaml"))
    }

    @Test func unknownKeysAndBadValuesAreAllReported() throws {
        var folder = ScenarioFolder()
        folder.scenario = folder.scenario
            .replacingOccurrences(of: "interval_minutes: 30", with: "interval_minutes: 30\n  colour: blue")
            .replacingOccurrences(of: "latest_start: \"10:00\"", with: "latest_start: \"25:00\"")
        let errors = try folder.errors()
        #expect(errors.map(\.field) == ["horizon.colour", "shift_templates[0].latest_start"])
        #expect(errors[0].line == 7)
    }

    @Test func wrongTypesAndMissingKeysNameTheField() throws {
        var folder = ScenarioFolder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "days: 2", with: "days: two")
        #expect(try folder.errors().map(\.field) == ["horizon.days"])
        folder = ScenarioFolder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "agents: agents.csv", with: "")
        #expect(try folder.errors().map(\.field) == ["agents"])
        folder = ScenarioFolder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "interval_minutes: 30", with: "interval_minutes: 20")
        #expect(try folder.errors().map(\.field) == ["horizon.interval_minutes"])
    }

    @Test func missingFilesAreNamed() throws {
        var folder = ScenarioFolder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "agents: agents.csv", with: "agents: staff.csv")
        let errors = try folder.errors()
        #expect(errors.count == 1)
        #expect(errors[0].file.hasSuffix("/staff.csv"))
        #expect(errors[0].message.hasPrefix("file not found"))
    }

    @Test func agentErrorsNameLineAndField() throws {
        let cases: [(String, Int, String)] = [
            ("a1,Ana,,,,,,\na1,Ann,,,,,,", 3, "id"),
            ("a1,Ana,,forty,,,,", 2, "max_weekly_hours"),
            ("a1,Ana,,-5,,,,", 2, "max_weekly_hours"),
            ("a1,Ana,,20,30,,,", 2, "min_weekly_hours"),
            ("a1,Ana,,,,9,,", 2, "max_days_per_week"),
            ("a1,Ana,,,,,,2026-13-01", 2, "unavailable"),
            ("a1,Ana,,,", 2, "row"),
            (",Ana,,,,,,", 2, "id"),
        ]
        for (rows, line, field) in cases {
            var folder = ScenarioFolder()
            folder.agents = "id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\n" + rows
            let errors = try folder.errors()
            #expect(errors.count == 1, "\(rows): \(errors)")
            #expect(errors.first?.line == line, "\(rows)")
            #expect(errors.first?.field == field, "\(rows)")
            #expect(errors.first?.file.hasSuffix("/agents.csv") == true)
        }
        var folder = ScenarioFolder()
        folder.agents = "id,name,shoe_size\na1,Ana,42\n"
        #expect(try folder.errors().map(\.field) == ["shoe_size"])
    }

    @Test func requirementErrorsNameLineAndField() throws {
        let cases: [(String, Int, String)] = [
            ("2026-11-23T09:15,1", 2, "interval_start"),  // off the 30-minute grid
            ("2026-11-25T09:00,1", 2, "interval_start"),  // outside the horizon
            ("23/11/2026 09:00,1", 2, "interval_start"),
            ("2026-11-23T09:00,-1", 2, "required"),
            ("2026-11-23T09:00,two", 2, "required"),
            ("2026-11-23T09:00,1\n2026-11-23T09:00,2", 3, "interval_start"),
            ("2026-11-23T09:00", 2, "row"),
        ]
        for (rows, line, field) in cases {
            var folder = ScenarioFolder()
            folder.requirements = "interval_start,required\n" + rows + "\n"
            let errors = try folder.errors()
            #expect(errors.count == 1, "\(rows): \(errors)")
            #expect(errors.first?.line == line, "\(rows)")
            #expect(errors.first?.field == field, "\(rows)")
        }
        var folder = ScenarioFolder()
        folder.requirements = "start,need\n"
        #expect(try folder.errors().first?.line == 1)
    }

    @Test func everyProblemIsCollectedBeforeFailing() throws {
        var folder = ScenarioFolder()
        folder.agents += "\na2,Dup,,,,,,"
        folder.requirements += "2026-11-23T09:10,1\n"
        let errors = try folder.errors()
        #expect(Set(errors.map { ($0.file as NSString).lastPathComponent }) == ["agents.csv", "requirements.csv"])
    }

    /// The example week with activities (examples/contact-center-week-activities): its teams
    /// come from agents.csv's team column and every activity of issue 15's measure is there.
    @Test func theExampleWeekWithActivitiesLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let problem = try ScenarioLoader.load(path: root.appendingPathComponent("examples/contact-center-week-activities/scenario.yaml").path).problem
        #expect(problem.horizon.intervalMinutes == 15 && problem.hasBreaks)
        let byName = Dictionary(uniqueKeysWithValues: problem.activities.map { ($0.name, $0) })
        #expect(byName["product training"]?.attendees.count == 10 && byName["product training"]?.minutes == 120)
        for (team, size) in [("red", 13), ("blue", 13), ("green", 14)] {
            let meeting = try #require(byName["team meeting \(team)"])
            #expect(meeting.attendees.count == size && meeting.attendance == .together(minShare: 1) && meeting.minutes == 60)
        }
        #expect(byName["coaching"]?.attendance == .individual(atOnce: 1) && byName["coaching"]?.attendees.count == 12)
    }

    /// The example week with two queues (examples/contact-center-week-queues): the requirement
    /// per queue adds up to the single-queue week's, and the skills give three skill sets.
    @Test func theExampleWeekWithQueuesLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let queued = try ScenarioLoader.load(path: root.appendingPathComponent("examples/contact-center-week-queues/scenario.yaml").path).problem
        let single = try ScenarioLoader.load(path: root.appendingPathComponent("examples/contact-center-week/scenario.yaml").path).problem
        #expect(queued.queues == ["german", "english"])
        #expect(queued.required == single.required)
        #expect(zip(queued.queueRequired[0], queued.queueRequired[1]).map { $0 + $1 } == single.required)
        let (sets, ofAgent) = queued.skillSets()
        #expect(Set(sets) == [[0], [1], [0, 1]])
        #expect(ofAgent.filter { sets[$0] == [0, 1] }.count == 10 && ofAgent.filter { sets[$0] == [1] }.count == 6)
        #expect(queued.agents.first { $0.skills.count == 2 }?.skills == [Skill(queue: "german", priority: 1), Skill(queue: "english", priority: 2)])
    }
}
