import Foundation
@testable import RosterFormats
import Rostering
import Testing

/// A scenario that staffs by shift template: day-level requirements, requests, successions and
/// horizon rules in agents.csv, no interval requirements.
@Suite struct DayLevelScenarioTests {
    static func folder() -> ScenarioFolder {
        var folder = ScenarioFolder()
        folder.scenario = """
            name: by-template
            horizon:
              start_date: 2026-11-23
              days: 7
              time_zone: UTC
              interval_minutes: 30
            shift_templates:
              - name: "E"
                earliest_start: "06:00"
                latest_start: "06:00"
                lengths_hours: [8]
              - name: "L"
                earliest_start: "14:00"
                latest_start: "14:00"
                lengths_hours: [8]
            forbidden_successions:
              - shift: "L"
                not_followed_by: ["E"]
            agents: agents.csv
            shift_requirements: shift_requirements.csv
            shift_requests: shift_requests.csv
            """
        folder.agents = """
            id,name,max_weekly_hours,max_days_per_week,min_rest_hours,max_shifts,min_total_hours,max_total_hours,max_consecutive_days,min_consecutive_days,min_consecutive_days_off,max_weekends
            a1,Ana,168,7,0,E=3;L=0,16,40.5,4,2,2,1
            a2,Ben,,,,,,,,,,
            """
        return folder
    }

    static func write(_ folder: ScenarioFolder, requirements: String, requests: String) throws -> String {
        let path = try folder.write()
        try requirements.write(to: folder.directory.appendingPathComponent("shift_requirements.csv"), atomically: false, encoding: .utf8)
        try requests.write(to: folder.directory.appendingPathComponent("shift_requests.csv"), atomically: false, encoding: .utf8)
        return path
    }

    static let requirements = "date,shift,required,under_weight,over_weight\n2026-11-23,E,2,100,1\n2026-11-24,L,1,50,2.5\n"
    static let requests = "agent_id,date,shift,request,weight\na1,2026-11-25,E,on,3\na2,2026-11-26,L,off,1\n"

    @Test func loadsEveryRule() throws {
        let folder = Self.folder()
        let path = try Self.write(folder, requirements: Self.requirements, requests: Self.requests)
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let problem = try ScenarioLoader.load(path: path).problem
        #expect(!problem.staffsByInterval)
        #expect(problem.dayLevel.successions == [ForbiddenSuccession(first: "L", next: "E")])
        #expect(problem.dayLevel.demands == [
            ShiftDemand(day: 0, template: "E", required: 2, underWeight: 100, overWeight: 1),
            ShiftDemand(day: 1, template: "L", required: 1, underWeight: 50, overWeight: 2.5),
        ])
        #expect(problem.dayLevel.requests == [
            ShiftRequest(agentID: "a1", day: 2, template: "E", kind: .on, weight: 3), ShiftRequest(agentID: "a2", day: 3, template: "L", kind: .off, weight: 1),
        ])
        #expect(problem.agents[0].rules == HorizonRules(
            maxShiftsPerTemplate: ["E": 3, "L": 0], minTotalMinutes: 960, maxTotalMinutes: 2430, maxConsecutiveWorkingDays: 4,
            minConsecutiveWorkingDays: 2, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1))
        #expect(problem.agents[1].rules.isEmpty && problem.agents[1].maxWeeklyMinutes == Agent.defaultMaxWeeklyMinutes)
        // L is never allowed for a1: none of its shifts is eligible.
        #expect(!problem.shifts.contains { $0.templateName == "L" && problem.isEligible(problem.agents[0], for: $0) })
    }

    @Test func badDayLevelInputIsReportedByFileLineAndField() throws {
        var folder = Self.folder()
        folder.agents = folder.agents.replacingOccurrences(of: "E=3;L=0", with: "E=3;N=2;L=x")
        folder.scenario = folder.scenario.replacingOccurrences(of: "not_followed_by: [\"E\"]", with: "not_followed_by: [\"X\"]")
        let path = try Self.write(
            folder, requirements: "date,shift,required,under_weight,over_weight\n2026-12-23,E,2,100,1\n2026-11-24,Q,-1,50,2\n2026-11-24,L,1,50,-2\n",
            requests: "agent_id,date,shift,request,weight\nzz,2026-11-25,E,maybe,3\n")
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        var errors: [InputError] = []
        do { _ = try ScenarioLoader.load(path: path) } catch { errors = error.errors }
        let found = Set(errors.map { "\(($0.file as NSString).lastPathComponent):\($0.line ?? 0):\($0.field ?? "")" })
        #expect(found.isSuperset(of: [
            "agents.csv:2:max_shifts", "scenario.yaml:17:forbidden_successions[0]",
            "shift_requirements.csv:2:date", "shift_requirements.csv:3:shift", "shift_requirements.csv:3:required",
            "shift_requirements.csv:4:over_weight", "shift_requests.csv:2:agent_id", "shift_requests.csv:2:request",
        ]), "\(errors.map(\.description))")
        #expect(errors.contains { $0.message.contains("'L=x' is not template=count") })
    }

    @Test func withoutAnyRequirementTheScenarioIsRefused() throws {
        var folder = Self.folder()
        folder.scenario = folder.scenario.replacingOccurrences(of: "shift_requirements: shift_requirements.csv\n", with: "")
        let path = try Self.write(folder, requirements: Self.requirements, requests: Self.requests)
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        #expect(throws: InputErrors.self) { _ = try ScenarioLoader.load(path: path) }
    }
}

@Suite struct NurseRosteringImportTests {
    /// Benchmark instance `name` (in benchmarks/nurse-rostering) written as a scenario and loaded.
    static func imported(_ name: String) throws -> (instance: NurseRosteringInstance, problem: RosterProblem) {
        let source = NurseRosteringInstanceTests.folder.appendingPathComponent("\(name).txt")
        let instance = try NurseRosteringInstance.parse(text: String(contentsOf: source, encoding: .utf8), file: "\(name).txt")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nrp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try AtomicWriter.write(instance.scenarioFiles(name: name), into: directory.path)
        return (instance, try ScenarioLoader.load(path: directory.appendingPathComponent("scenario.yaml").path).problem)
    }

    @Test func instanceOneBecomesAScenarioWithEveryRule() throws {
        let (instance, problem) = try Self.imported("Instance1")
        #expect(problem.horizon.days == 14 && problem.agents.count == 8 && problem.templates.map(\.name) == ["D"])
        #expect(problem.dayLevel.demands.count == 14 && problem.dayLevel.demands.reduce(0) { $0 + $1.required } == 71)
        #expect(problem.dayLevel.requests.filter { $0.kind == .on }.count == 21 && problem.dayLevel.requests.filter { $0.kind == .off }.count == 5)
        let a = problem.agents[0]
        #expect(a.id == "A" && a.unavailableDates == [LocalDate(year: 2024, month: 1, day: 1)!])
        #expect(a.rules == HorizonRules(
            maxShiftsPerTemplate: ["D": 14], minTotalMinutes: 3360, maxTotalMinutes: 4320, maxConsecutiveWorkingDays: 5,
            minConsecutiveWorkingDays: 2, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1))
        // The benchmark's objective of a roster read back: everyone off costs every on-request
        // and every missing nurse at 100.
        let empty = Roster(assignments: [], timeZone: problem.horizon.timeZone)
        let onWeights = instance.onRequests.reduce(0) { $0 + $1.weight }
        #expect(instance.objective(of: instance.assignment(of: empty, problem: problem)) == onWeights + 100 * 71)
        #expect(RosterValidator(problem: problem).objective(of: empty) == Double(onWeights + 100 * 71))
    }
}

extension NurseRosteringImportTests {
    /// Ids with quotes, colons, a leading minus and a leading = were written raw into the YAML and
    /// the CSVs (issue 13, item 2); they are escaped now and read back as themselves.
    @Test func hostileIDsSurviveTheConversion() throws {
        let text = NurseRosteringInstanceTests.tiny
            .replacingOccurrences(of: "\nE,480,\r", with: "\n-E: \"x\",480,\r")
            .replacingOccurrences(of: "L,600,E\r", with: "L,600,-E: \"x\"\r")
            .replacingOccurrences(of: "E=5|L=1", with: "-E: \"x\"=5|L=1").replacingOccurrences(of: "E=0|L=7", with: "-E: \"x\"=0|L=7")
            .replacingOccurrences(of: "A,0,E,3", with: "A,0,-E: \"x\",3").replacingOccurrences(of: "0,E,1,100,1", with: "0,-E: \"x\",1,100,1")
            .replacingOccurrences(of: "\nA,", with: "\n=A#1,")
        let instance = try NurseRosteringInstance.parse(text: text, file: "hostile.txt")
        #expect(instance.shiftTypes.map(\.id) == ["-E: \"x\"", "L"] && instance.employees[0].id == "=A#1")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nrp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try AtomicWriter.write(instance.scenarioFiles(name: "odd: name #1"), into: directory.path)
        let problem = try ScenarioLoader.load(path: directory.appendingPathComponent("scenario.yaml").path).problem
        #expect(problem.name == "odd: name #1")
        #expect(problem.templates.map(\.name) == ["-E: \"x\"", "L"] && problem.agents[0].id == "=A#1")
        #expect(problem.agents[0].rules.maxShiftsPerTemplate["-E: \"x\""] == 5)
        #expect(problem.dayLevel.requests.first?.agentID == "=A#1" && problem.dayLevel.requests.first?.template == "-E: \"x\"")
    }
}
