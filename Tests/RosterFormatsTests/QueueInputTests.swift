import Foundation
import Rostering
@testable import RosterFormats
import Testing

/// Several queues in the input files: the requirements' queue column and the agents' skills.
@Suite struct QueueInputTests {
    static func folder(requirements: String, skills: [String]) -> ScenarioFolder {
        var folder = ScenarioFolder()
        folder.agents = "id,name,skills\n" + skills.enumerated().map { "a\($0.offset + 1),Agent \($0.offset + 1),\($0.element)" }.joined(separator: "\n")
        folder.requirements = requirements
        return folder
    }

    /// A folder whose scenario takes `forecast.csv` (written too) with this staffing section.
    static func forecastFolder(skills: [String], staffing: String, forecast: String) throws -> (folder: ScenarioFolder, path: String) {
        var folder = Self.folder(requirements: "", skills: skills)
        folder.scenario = folder.scenario.replacingOccurrences(of: "requirements: requirements.csv", with: "forecast: forecast.csv\n" + staffing)
        let path = try folder.write()
        try forecast.write(to: folder.directory.appendingPathComponent("forecast.csv"), atomically: false, encoding: .utf8)
        return (folder, path)
    }

    static let twoQueues = "interval_start,queue,required\n2026-11-23T09:00,german,2\n2026-11-23T09:00,english,1\n2026-11-23T09:30,english,1\n"

    @Test func aQueueColumnGivesARequirementPerQueueAndTheirSumAsTheTotal() throws {
        let folder = Self.folder(requirements: Self.twoQueues, skills: ["german", "german:2;english:1", ""])
        let path = try folder.write()
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try ScenarioLoader.load(path: path)
        let problem = loaded.problem
        #expect(problem.queues == ["german", "english"])
        let nine = try #require(problem.horizon.intervalIndex(startingAt: problem.shifts.first { problem.horizon.timeZone.isoText($0.start) == "2026-11-23T09:00" }!.start))
        #expect(problem.queueRequired[0][nine] == 2 && problem.queueRequired[1][nine] == 1 && problem.required[nine] == 3)
        #expect(problem.queueRequired[0][nine + 1] == 0 && problem.required[nine + 1] == 1)
        // Priorities order the queues; an empty cell serves every queue.
        #expect(problem.queueIndices(of: problem.agents[1]) == [1, 0])
        #expect(problem.queueIndices(of: problem.agents[2]) == [0, 1])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func aQueueListedTwiceForAnIntervalIsAnErrorNamingTheLineAndQueue() throws {
        let folder = Self.folder(requirements: Self.twoQueues + "2026-11-23T09:00,german,3\n", skills: ["german", "english"])
        let errors = try folder.errors()
        #expect(errors.count == 1)
        #expect(errors[0].line == 5 && errors[0].field == "interval_start" && errors[0].message.contains("for queue german is listed twice (first on line 2)"))
    }

    @Test func badQueueNamesAndSkillsAreErrorsNamingTheField() throws {
        let folder = Self.folder(
            requirements: "interval_start,queue,required\n2026-11-23T09:00,total,1\n2026-11-23T09:00,,1\n",
            skills: ["german:0", "german;german", "a:b:c"])
        let errors = try folder.errors()
        #expect(errors.filter { $0.field == "queue" }.map(\.line) == [2, 3])
        #expect(errors.filter { $0.field == "skills" }.count == 3)
        #expect(errors.contains { $0.message.contains("the priority must be a whole number from 1 to 9") })
        #expect(errors.contains { $0.message.contains("queue 'german' is listed twice") })
    }

    @Test func aSkillNamingNoQueueIsAWarningAndAnAgentWithNoKnownSkillAnError() throws {
        var folder = Self.folder(requirements: Self.twoQueues, skills: ["german;french", "german"])
        let path = try folder.write()
        let loaded = try ScenarioLoader.load(path: path)
        try? FileManager.default.removeItem(at: folder.directory)
        #expect(loaded.warnings.contains { $0.field == "skills" && $0.message.contains("agent a1: skill 'french' names no queue") })
        // Nobody serves English: a warning, and the queue stays under-staffed.
        #expect(loaded.warnings.contains { $0.field == "queue" && $0.message.contains("no agent holds the skill for queue english") })
        #expect(loaded.problem.queueIndices(of: loaded.problem.agents[0]) == [0])

        folder = Self.folder(requirements: Self.twoQueues, skills: ["french", "german"])
        let errors = try folder.errors()
        #expect(errors.count == 1 && errors[0].field == "skills" && errors[0].message.contains("agent a1: none of the skills names a queue"))
    }

    @Test func skillsWithoutAQueueColumnAreIgnoredWithAWarning() throws {
        let folder = Self.folder(requirements: "interval_start,required\n2026-11-23T09:00,2\n", skills: ["german", "english"])
        let path = try folder.write()
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try ScenarioLoader.load(path: path)
        #expect(!loaded.problem.hasQueues)
        #expect(loaded.warnings.contains { $0.field == "skills" && $0.message.contains("ignored") })
    }

    /// A forecast per queue: German 100 calls of 180 s in the 09:00 half hour at 80/20 (10
    /// Erlangs: 14 agents), English 40 calls of 240 s at its own 90/20 (5.33 Erlangs: 9 agents),
    /// both by Erlang C computed apart (a short script outside this code base).
    @Test func aForecastPerQueueStaffsEachQueueWithItsOwnValues() throws {
        let (folder, path) = try Self.forecastFolder(
            skills: ["german", "english"],
            staffing: "staffing:\n  service_level: 80/20\n  aht_seconds: 180\n  queues:\n    english: {service_level: 90/20, aht_seconds: 240}\n",
            forecast: "interval_start,queue,calls\n2026-11-23T09:00,german,100\n2026-11-23T09:00,english,40\n")
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try ScenarioLoader.load(path: path)
        let problem = loaded.problem
        #expect(problem.queues == ["german", "english"] && loaded.queueForecasts.count == 2 && loaded.forecast == nil)
        let nine = try #require(problem.horizon.intervalIndex(startingAt: problem.shifts.first { problem.horizon.timeZone.isoText($0.start) == "2026-11-23T09:00" }!.start))
        #expect(problem.queueRequired[0][nine] == 14 && problem.queueRequired[1][nine] == 9 && problem.required[nine] == 23,
                "\(problem.queueRequired.map { $0[nine] }) \(loaded.queueForecasts.map { $0.intervals.map(\.staffing) })")
        // The derived requirements.csv has a queue column and reads back as the same requirement.
        let derived = RosterOutputs.derivedRequirementsCSV(perQueue: loaded.queueForecasts, problem: problem)
        let again = RequirementsCSV.read(text: derived, file: "requirements.csv", horizon: problem.horizon)
        #expect(again.errors.isEmpty && again.queues == ["german", "english"] && again.byQueue == problem.queueRequired, "\(again.errors)")
    }

    @Test func aQueueSectionNamingNoQueueOfTheForecastIsAnError() throws {
        let (folder, path) = try Self.forecastFolder(
            skills: ["german"],
            staffing: "staffing:\n  service_level: 80/20\n  aht_seconds: 180\n  queues:\n    french: {aht_seconds: 240, colour: blue}\n",
            forecast: "interval_start,queue,calls\n2026-11-23T09:00,german,100\n")
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        var errors: [InputError] = []
        do { _ = try ScenarioLoader.load(path: path) } catch { errors = error.errors }
        #expect(errors.contains { $0.field == "staffing.queues.french" && $0.message.contains("is not a queue of") }, "\(errors)")
        #expect(errors.contains { $0.field == "staffing.queues.french.colour" && $0.message.contains("unknown key") }, "\(errors)")
    }
}
