import Foundation
@testable import RosterFormats
import Rostering
import Testing

@Suite struct PreferencesFileTests {
    let problem: RosterProblem

    init() throws {
        let zone = SiteTimeZone(identifier: "Europe/Berlin")!
        let horizon = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 11, day: 23)!, days: 7, timeZone: zone, intervalMinutes: 30)
        let templates = [ShiftTemplate(name: "day", earliestStart: TimeOfDay(text: "07:00")!, latestStart: TimeOfDay(text: "13:00")!, startStepMinutes: 30, lengthsMinutes: [480, 240])]
        problem = try RosterProblem(
            name: "week", horizon: horizon, templates: templates,
            agents: [Agent(id: "a01", name: "Ana"), Agent(id: "Ben", name: "Ben", maxWeeklyMinutes: 1800)],
            required: Array(repeating: 0, count: horizon.intervalCount))
    }

    func read(_ text: String, name: String = "a01.yaml", budget: Int = 12, problem given: RosterProblem? = nil) throws -> PreferencesFile.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prefs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        var policy = PreferencePolicy.defaults
        policy.pointsBudget = budget
        return PreferencesFile.read(path: folder.path, context: .init(problem: given ?? problem, policy: policy))
    }

    /// `break_times`: a window for a named break (lunch by default) of the scenario's break
    /// rules; a name no rule has, a scenario without breaks and more than 16 entries are errors.
    @Test func breakTimesAskForAWindowOfANamedBreak() throws {
        let lunch = BreakRule(minShiftMinutes: 480, maxShiftMinutes: 480, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 180, latestStartMinutes: 300, stepMinutes: 30),
        ])
        let withBreaks = try problem.with(breakRules: [lunch])
        let text = "agent: a01\nbreak_times:\n  - earliest: \"12:00\"\n    latest: \"12:30\"\n    days: [mon, tue]\n    priority: 3\n"
        let result = try read(text, problem: withBreaks)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let wish = try #require(result.preferences["a01"]?.wishes.first)
        #expect(wish.kind == .breakWindow(breakName: "lunch", earliest: TimeOfDay(text: "12:00"), latest: TimeOfDay(text: "12:30"), weekdays: [.monday, .tuesday]))
        #expect(wish.summary == "lunch to start between 12:00 and 12:30 on Mon/Tue")
        #expect(wish.source.hasSuffix("a01.yaml:3"))

        let unknown = try read("agent: a01\nbreak_times:\n  - break: coffee\n    latest: \"12:30\"\n    priority: 3\n", problem: withBreaks)
        #expect(unknown.errors.map { "\($0.line ?? 0) \($0.field ?? "") \($0.message)" } == ["3 break_times[0].break no break rule has a break named 'coffee'; the scenario's breaks are: lunch"])
        let noBreaks = try read(text)
        #expect(noBreaks.errors.first?.message.contains("the scenario has no breaks") == true)
        let late = try read("agent: a01\nbreak_times:\n  - earliest: \"13:00\"\n    latest: \"12:00\"\n    priority: 3\n", problem: withBreaks)
        #expect(late.errors.map(\.field) == ["break_times[0].latest"])
        let many = "agent: a01\nbreak_times:\n" + String(repeating: "  - latest: \"12:30\"\n    priority: 1\n", count: 17)
        #expect(try read(many, budget: 100, problem: withBreaks).errors.map(\.field) == ["break_times"])
    }

    @Test func aFullFileIsRead() throws {
        let result = try read("""
            agent: a01
            days_off:
              - date: 2026-11-27
                priority: 3
                note: "school play"
            days_on:
              - date: 2026-11-28
                priority: 1
            start_times:
              - earliest: "08:00"
                latest: "10:00"
                days: [mon, tue]
                priority: 2
            shift_lengths:
              hours: [8]
              priority: 1
            weekly_hours:
              maximum: 32
              priority: 2
            unavailable:
              - date: 2026-11-25
                from: "13:00"
                to: "17:00"
                reason: course
            """)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let preferences = try #require(result.preferences["a01"])
        #expect(preferences.points == 9)
        #expect(preferences.wishes.map(\.summary) == [
            "day off Fri 2026-11-27", "work on Sat 2026-11-28", "start between 08:00 and 10:00 on Mon/Tue",
            "shifts of 8 h", "at most 32 h a week",
        ])
        #expect(preferences.wishes[0].note == "school play")
        #expect(preferences.unavailable == [UnavailableWindow(date: LocalDate(year: 2026, month: 11, day: 25)!, from: TimeOfDay(text: "13:00"), to: TimeOfDay(text: "17:00"))])
    }

    @Test func everyProblemNamesFileLineAndKey() throws {
        let cases: [(String, String, Int, String)] = [
            ("agent: a02\n", "a01.yaml", 1, "agent"),  // file name and id disagree
            ("agent: zz\n", "zz.yaml", 1, "agent"),  // not in agents.csv
            ("agent: a01\ncolour: blue\n", "a01.yaml", 2, "colour"),
            ("agent: a01\ndays_off:\n  - date: 2026-11-27\n    priority: 3\n    mood: happy\n", "a01.yaml", 5, "days_off[0].mood"),
            ("agent: a01\nstart_times:\n  - earliest: \"08:10\"\n    priority: 1\n", "a01.yaml", 3, "start_times[0].earliest"),
            ("agent: a01\ndays_off:\n  - date: 2026-11-27\n    priority: 9\n", "a01.yaml", 4, "days_off[0].priority"),
            ("agent: a01\ndays_off:\n  - date: 2026-11-27\n    priority: 2\ndays_on:\n  - date: 2026-11-27\n    priority: 1\n", "a01.yaml", 6, "days_on[0].date"),
            ("agent: Ben\nweekly_hours:\n  maximum: 30\n  priority: 1\n", "%42en.yaml", 3, "weekly_hours.maximum"),  // at the cap
            ("agent: a01\ndays_off:\n  - date: 2026-11-27\n    priority: 5\n  - date: 2026-11-28\n    priority: 5\n", "a01.yaml", 1, "priority"),
            ("agent: a01\nunavailable:\n  - date: 2026-11-25\n    from: \"13:00\"\n", "a01.yaml", 3, "unavailable[0]"),
        ]
        for (text, name, line, field) in cases {
            let result = try read(text, name: name, budget: 9)
            #expect(result.preferences.isEmpty, "\(text)")
            #expect(result.errors.contains { $0.line == line && $0.field == field && $0.file.hasSuffix(name) }, "\(text): \(result.errors)")
            #expect(result.invalidFiles.count == 1)
        }
    }

    @Test func datesOutsideTheHorizonAreWarningsAndIgnored() throws {
        let result = try read("agent: a01\ndays_off:\n  - date: 2026-12-24\n    priority: 2\n")
        #expect(result.errors.isEmpty)
        #expect(result.warnings.first?.line == 3)
        #expect(result.preferences["a01"]?.wishes.isEmpty == true)
    }

    @Test func oneBadFileDoesNotHideTheOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prefs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "agent: a01\ndays_off:\n  - date: 2026-11-27\n    priority: 2\n".write(to: folder.appendingPathComponent("a01.yaml"), atomically: false, encoding: .utf8)
        try "agent: Ben\ndays_off: [oops\n".write(to: folder.appendingPathComponent("%42en.yaml"), atomically: false, encoding: .utf8)
        let result = PreferencesFile.read(path: folder.path, context: .init(problem: problem, policy: .defaults))
        #expect(result.preferences.keys.sorted() == ["a01"])
        #expect(result.invalidFiles.count == 1)
        #expect(result.errors.first?.file.hasSuffix("%42en.yaml") == true)
    }
}

extension PreferencesFileTests {
    @Test func aKeyGivenTwiceInAPreferenceFileIsAnError() throws {
        let result = try read("agent: a01\nagent: a01\n")
        #expect(result.errors.contains { $0.field == "agent" && $0.line == 2 && $0.message.contains("given twice") }, "\(result.errors)")
        #expect(result.preferences.isEmpty)
    }

    @Test func aDeeplyNestedPreferenceFileIsAnErrorNotACrash() throws {
        let result = try read("agent: a01\ndays_off: " + String(repeating: "[", count: 5_000) + "\n")
        #expect(result.errors.count == 1 && result.errors[0].message.contains("levels deep"), "\(result.errors)")
    }
}
