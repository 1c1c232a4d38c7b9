import LinearProgramming
@testable import Rostering
import Testing

/// One case per horizon rule family with a hand-computed optimum, in the exact model and in the
/// pattern search. One agent, 8 days from Sunday 2026-11-22 (``Streaks``), day-level requirements
/// only; every requirement row costs 100 per agent short and `over` per agent extra.
@Suite struct HorizonRuleFamiliesTests {
    struct Case: Sendable {
        let name: String
        let rules: HorizonRules
        /// Agents required per (day, template); rows for every day and template.
        let required: @Sendable (Int, String) -> Int
        let over: Double
        let optimum: Double
        var successions: [ForbiddenSuccession] = []
    }

    static let cases: [Case] = [
        // At most 2 days in a row: W W O W W O W W, two days short.
        Case(name: "max streak", rules: HorizonRules(maxConsecutiveWorkingDays: 2), required: { _, name in name == "E" ? 1 : 0 }, over: 0, optimum: 200),
        // E wanted on Wednesday only, but a streak inside the horizon lasts at least 3 days:
        // Tuesday–Thursday, two extra E shifts.
        Case(name: "min streak", rules: HorizonRules(minConsecutiveWorkingDays: 3), required: { day, name in name == "E" && day == 3 ? 1 : 0 }, over: 1, optimum: 2),
        // At most 2 in a row and at least 2 days off between: W W O O W W O O, four days short.
        Case(name: "min days off", rules: HorizonRules(maxConsecutiveWorkingDays: 2, minConsecutiveDaysOff: 2), required: { _, name in name == "E" ? 1 : 0 }, over: 0, optimum: 400),
        // E wanted on Sunday 22 (its own weekend) and Saturday–Sunday 28–29; one weekend only.
        Case(name: "weekends", rules: HorizonRules(maxWorkingWeekends: 1), required: { day, name in name == "E" && [0, 6, 7].contains(day) ? 1 : 0 }, over: 0, optimum: 100),
        // L on Sunday and E on Monday wanted, but E may not follow L.
        Case(name: "succession", rules: HorizonRules(), required: { day, name in (day == 0 && name == "L") || (day == 1 && name == "E") ? 1 : 0 }, over: 0, optimum: 100,
             successions: [ForbiddenSuccession(first: "L", next: "E")]),
        // E every day, at most 3 of them.
        Case(name: "shifts per template", rules: HorizonRules(maxShiftsPerTemplate: ["E": 3]), required: { _, name in name == "E" ? 1 : 0 }, over: 0, optimum: 500),
        // E every day, at most 24 h in all.
        Case(name: "max total", rules: HorizonRules(maxTotalMinutes: 24 * 60), required: { _, name in name == "E" ? 1 : 0 }, over: 0, optimum: 500),
        // Nobody wanted, every shift extra at 1, but at least 40 h: five 8-hour shifts.
        Case(name: "min total", rules: HorizonRules(minTotalMinutes: 40 * 60), required: { _, _ in 0 }, over: 1, optimum: 5),
    ]

    /// A requirement row for every day and template, as the case says.
    static func demands(_ test: Case) -> [ShiftDemand] {
        (0..<8).flatMap { day in
            ["E", "L", "S"].map { ShiftDemand(day: day, template: $0, required: test.required(day, $0), underWeight: 100, overWeight: test.over) }
        }
    }

    @Test(arguments: cases.map(\.name))
    func handComputedOptimum(name: String) throws {
        let test = Self.cases.first { $0.name == name }!
        let problem = try Streaks.problem(agents: [Streaks.agent("a", test.rules)], dayLevel: DayLevelRules(successions: test.successions, demands: Self.demands(test)))
        for strategy in [RosterStrategy.exact, .patterns] {
            let solved = try Tiny.solve(problem, strategy: strategy)
            #expect(solved.solverResult.status == .optimal, "\(name), \(strategy)")
            #expect(solved.solverResult.objective == test.optimum, "\(name), \(strategy): \(solved.solverResult.objective ?? .nan)")
        }
    }
}
