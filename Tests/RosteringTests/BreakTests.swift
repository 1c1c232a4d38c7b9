import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

@Suite struct BreakTests {
    /// A paid 15-min break 1–2 h in, an unpaid 30-min lunch 2.5–4.5 h in, and a paid 15-min break
    /// 1–2 h before the end, each needing an hour of work before and after it.
    static let sixHourRule = BreakRule(minShiftMinutes: 6 * 60, maxShiftMinutes: 10 * 60, breaks: [
        BreakSpec(name: "break", minutes: 15, paid: true, earliestStartMinutes: 60, latestStartMinutes: 120, stepMinutes: 15, minWorkBeforeMinutes: 60),
        BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 150, latestStartMinutes: 270, stepMinutes: 30, minWorkBeforeMinutes: 60, minWorkAfterMinutes: 60),
        BreakSpec(name: "break", minutes: 15, paid: true, anchor: .end, earliestStartMinutes: -120, latestStartMinutes: -60, stepMinutes: 15, minWorkAfterMinutes: 60),
    ])

    @Test func placementsAreEveryCombinationTheRulesAllow() {
        // Brute force over every start of each window, with the rules written out here.
        for length in [6 * 60, 8 * 60, 10 * 60] {
            var expected: [[Int]] = []
            for first in stride(from: 60, through: 120, by: 15) {
                for lunch in stride(from: 150, through: 270, by: 30) {
                    for last in stride(from: length - 120, through: length - 60, by: 15) {
                        let workBeforeLunch = lunch - (first + 15), workAfterLunch = last - (lunch + 30)
                        guard first >= 60, workBeforeLunch >= 60, workAfterLunch >= 60, length - (last + 15) >= 60 else { continue }
                        expected.append([first, lunch, last])
                    }
                }
            }
            let found = Self.sixHourRule.placements(length: length).map { $0.breaks.map(\.offsetMinutes) }
            #expect(found == expected, "\(length) min")
            #expect(!found.isEmpty)
        }
    }

    /// One agent, 09:00–15:00 on 30-min intervals, one agent needed all day except 12:30–13:00:
    /// only a lunch at 12:30 leaves nobody short (any other costs 0.5 h short at 100/h and 0.5 h
    /// over at 10/h). Two agents with two agents needed except at 11:00 and at 13:00: their
    /// lunches must go to those two half-hours, one each.
    @Test func onlyOneLunchPlacementAvoidsUnderStaffing() throws {
        let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 360, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 240, stepMinutes: 30),
        ])
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])
        let inShift = { (minute: Int) in minute >= 9 * 60 && minute < 15 * 60 }
        let one = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A")]) { _, minute in
            inShift(minute) && minute != 12 * 60 + 30 ? 1 : 0
        }.with(breakRules: [lunch])
        let two = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A"), Agent(id: "b", name: "B")]) { _, minute in
            guard inShift(minute) else { return 0 }
            return minute == 11 * 60 || minute == 13 * 60 ? 1 : 2
        }.with(breakRules: [lunch])
        #expect(one.shifts.map(\.paidMinutes) == [330], "the unpaid lunch is not paid")
        for strategy in RosterStrategy.allCases {
            let solvedOne = try Tiny.solve(one, strategy: strategy)
            #expect(solvedOne.solverResult.status == .optimal, "\(strategy)")
            #expect(abs((solvedOne.solverResult.objective ?? -1) - 0) < 1e-6, "\(strategy)")
            let breaks = try #require(solvedOne.roster?.assignments.first?.breaks)
            #expect(breaks.map { one.horizon.timeZone.isoText($0.start) } == ["2026-11-23T12:30"], "\(strategy)")
            #expect(solvedOne.coverage.allSatisfy { $0.under == 0 && $0.over == 0 }, "\(strategy)")

            let solvedTwo = try Tiny.solve(two, strategy: strategy)
            #expect(solvedTwo.solverResult.status == .optimal, "\(strategy)")
            #expect(abs((solvedTwo.solverResult.objective ?? -1) - 0) < 1e-6, "\(strategy)")
            let lunches = (solvedTwo.roster?.assignments ?? []).flatMap(\.breaks).map { two.horizon.timeZone.isoText($0.start) }.sorted()
            #expect(lunches == ["2026-11-23T11:00", "2026-11-23T13:00"], "\(strategy)")
        }
    }

    /// The neighbourhood MIP keeps its 500 nodes while every shift's breaks have at most 8
    /// placements (a lunch on five half-hour starts), and drops to 10 with the three breaks of the
    /// 15-minute weeks (hundreds of placements), or keeps them without breaks.
    @Test func theNeighbourhoodMIPBudgetFollowsThePlacements() throws {
        func many(_ breaks: Bool, interval: Int) throws -> Bool {
            var generator = WeekGenerator(peak: 15, seed: 48, intervalMinutes: interval)
            generator.breaks = breaks
            return PatternSearch(problem: try generator.problem(), solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions()).hasManyPlacements
        }
        #expect(try many(true, interval: 30) == false)
        #expect(try many(true, interval: 15) == true)
        #expect(try many(false, interval: 30) == false)
        #expect(WeekGenerator.breakRules(intervalMinutes: 30)[0].placements(length: 480).count == 5)
    }

    /// Five 8.5-h shifts with an unpaid 30-min lunch are 40 paid hours: the 40-h cap allows them
    /// (it would not if the clock time counted).
    @Test func theWeeklyCapCountsPaidTime() throws {
        let lunch = BreakRule(minShiftMinutes: 510, maxShiftMinutes: 510, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 240, latestStartMinutes: 240, stepMinutes: 30),
        ])
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("08:00"), latestStart: Tiny.time("08:00"), startStepMinutes: 30, lengthsMinutes: [510])
        let problem = try Tiny.problem(days: 7, intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A")]) { _, minute in
            minute >= 8 * 60 && minute < 16 * 60 + 30 ? 1 : 0
        }.with(breakRules: [lunch])
        for strategy in RosterStrategy.allCases {
            let solved = try Tiny.solve(problem, strategy: strategy)
            let roster = try #require(solved.roster)
            #expect(roster.assignments.count == 5, "\(strategy)")
            #expect(roster.assignments.reduce(0) { $0 + $1.paidMinutes } == 40 * 60, "\(strategy)")
        }
    }

    @Test func theValidatorChecksEveryBreakRuleAndCountsCoverageNetOfBreaks() throws {
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [480])
        let problem = try Tiny.problem(intervalMinutes: 15, templates: [template], agents: [Agent(id: "a", name: "A")]) { _, minute in
            minute >= 9 * 60 && minute < 17 * 60 ? 1 : 0
        }.with(breakRules: [Self.sixHourRule])
        let start = problem.shifts[0].start
        func roster(_ breaks: [(String, Int, Int, Bool)]) -> Roster {
            let list = breaks.map { Roster.Break(name: $0.0, start: start + $0.1, end: start + $0.1 + $0.2, paid: $0.3) }
            return Roster(assignments: [Roster.Assignment(agentID: "a", start: start, end: start + 480, breaks: list)], timeZone: Tiny.utc)
        }
        let validator = RosterValidator(problem: problem)
        let good = roster([("break", 60, 15, true), ("lunch", 180, 30, false), ("break", 360, 15, true)])
        #expect(validator.violations(of: good).isEmpty)
        #expect(good.assignments[0].paidMinutes == 450)
        // Net coverage: 60 minutes of breaks are 4 quarter-hours short.
        let coverage = problem.coverage(of: good)
        #expect(coverage.reduce(0) { $0 + $1.under } == 4)
        #expect(validator.violations(of: good, coverage: coverage, objective: 100).isEmpty, "4 × 0.25 h × 100")
        #expect(!validator.violations(of: good, coverage: problem.coverage(of: roster([])), objective: 0).isEmpty, "coverage must count breaks")

        let broken: [(String, [(String, Int, Int, Bool)])] = [
            ("no breaks", []),
            ("lunch outside its window", [("break", 60, 15, true), ("lunch", 300, 30, false), ("break", 400, 15, true)]),
            ("break off its step", [("break", 70, 15, true), ("lunch", 180, 30, false), ("break", 360, 15, true)]),
            ("too little work before lunch", [("break", 120, 15, true), ("lunch", 150, 30, false), ("break", 360, 15, true)]),
            ("lunch paid", [("break", 60, 15, true), ("lunch", 180, 30, true), ("break", 360, 15, true)]),
            ("last break too late", [("break", 60, 15, true), ("lunch", 180, 30, false), ("break", 435, 15, true)]),
        ]
        for (what, breaks) in broken {
            #expect(validator.violations(of: roster(breaks)).contains { $0.rule == "breaks" }, "\(what)")
        }
    }

    @Test func rulesThatCannotBeKeptAreRefusedWithTheReason() throws {
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [240, 480])
        let half = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: []) { _, _ in 0 }
        func refusal(_ rules: [BreakRule]) -> String {
            do {
                _ = try half.with(breakRules: rules)
                return ""
            } catch { return "\(error)" }
        }
        let quarter = BreakSpec(name: "break", minutes: 15, paid: true, earliestStartMinutes: 60, latestStartMinutes: 120, stepMinutes: 15)
        #expect(refusal([BreakRule(minShiftMinutes: 240, maxShiftMinutes: 240, breaks: [quarter])]).contains("15-minute intervals"))
        let lunch = BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 150, stepMinutes: 30)
        #expect(refusal([
            BreakRule(minShiftMinutes: 240, maxShiftMinutes: 480, breaks: [lunch]), BreakRule(minShiftMinutes: 480, maxShiftMinutes: 600, breaks: [lunch]),
        ]).contains("overlap"))
        // Two lunches that must both start 2 h in: they would have to overlap.
        let fixed = BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 120, stepMinutes: 30)
        #expect(refusal([BreakRule(minShiftMinutes: 480, maxShiftMinutes: 480, breaks: [fixed, fixed])]).contains("overlap"))
        // A window beyond the 4-h shift.
        let late = BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 300, latestStartMinutes: 330, stepMinutes: 30)
        #expect(refusal([BreakRule(minShiftMinutes: 240, maxShiftMinutes: 240, breaks: [late])]).contains("cannot hold break 'lunch'"))
        #expect(refusal([BreakRule(minShiftMinutes: 480, maxShiftMinutes: 480, breaks: [lunch])]) == "")
    }
}

@Suite struct BreakSwapTests {
    /// A shift given away keeps its breaks: the taker's shift has them, and it keeps every rule.
    @Test func aGivenShiftMovesWithItsBreaks() throws {
        let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 360, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 240, stepMinutes: 30),
        ])
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])
        let problem = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A"), Agent(id: "b", name: "B")]) { _, minute in
            minute >= 9 * 60 && minute < 15 * 60 ? 1 : 0
        }.with(breakRules: [lunch])
        let shift = problem.shifts[0]
        let breaks = problem.breaks(of: shift, plan: 3)
        let roster = Roster(assignments: [Roster.Assignment(agentID: "a", start: shift.start, end: shift.end, breaks: breaks)], timeZone: Tiny.utc)
        let decider = SwapDecider(problem: problem, solver: GLPKSolverForTests.solver)
        let request = SwapRequest(id: "r1", submittedAt: shift.start - 1440, kind: .give, requester: "a", shiftStart: shift.start, counterpart: "b")
        let moved = try #require(decider.apply(request, taker: "b", to: roster))
        #expect(moved.assignments.map(\.agentID) == ["b"])
        #expect(moved.assignments[0].breaks == breaks)
        #expect(RosterValidator(problem: problem).violations(of: moved).isEmpty)
    }
}
