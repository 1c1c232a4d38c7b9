import LinearProgramming
@testable import Rostering
import Testing

/// Re-rostering keeps published break times unless moving them pays (issue 14): every figure
/// below is worked out by hand in the comments.
@Suite struct PublishedBreaksTests {
    /// Two agents on 09:00–15:00 (30-min intervals), an unpaid 30-min lunch starting 11:00,
    /// 11:30, 12:00, 12:30 or 13:00. Two agents are needed all day except one at 11:00 and one at
    /// 13:00, so the lunches belong there (objective 0 without a published roster). Under-staffing
    /// costs 100 per agent-hour and over-staffing 10.
    static func problem() throws -> RosterProblem {
        let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 360, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 240, stepMinutes: 30),
        ])
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])
        return try Tiny.problem(intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A"), Agent(id: "b", name: "B")]) { _, minute in
            guard minute >= 9 * 60 && minute < 15 * 60 else { return 0 }
            return minute == 11 * 60 || minute == 13 * 60 ? 1 : 2
        }.with(breakRules: [lunch])
    }

    /// The published roster: both agents on the day shift, with lunches `minutes` after 09:00.
    static func published(_ problem: RosterProblem, a: Int, b: Int) -> Roster {
        let shift = problem.shifts[0]
        func assignment(_ agent: String, _ minutes: Int) -> Roster.Assignment {
            Roster.Assignment(agentID: agent, start: shift.start, end: shift.end, breaks: [
                Roster.Break(name: "lunch", start: shift.start + minutes, end: shift.start + minutes + 30, paid: false),
            ])
        }
        return Roster(assignments: [assignment("a", a), assignment("b", b)], timeZone: Tiny.utc)
    }

    /// Solves `rerostered` with every strategy and checks the optimum, each agent's lunch and
    /// the moved breaks the validator counts.
    static func expectOptimum(_ rerostered: RosterProblem, objective: Double, lunches expected: [String: String], moved: Int, _ what: String = "") throws {
        for strategy in RosterStrategy.allCases {
            let solved = try Tiny.solve(rerostered, strategy: strategy)
            #expect(solved.solverResult.status == .optimal, "\(strategy)\(what)")
            #expect(abs((solved.solverResult.objective ?? -1) - objective) < 1e-6, "\(strategy)\(what)")
            #expect(lunches(solved) == expected, "\(strategy)\(what)")
            #expect(RosterValidator(problem: rerostered).movedBreakDays(try #require(solved.roster)) == moved, "\(strategy)\(what)")
        }
    }

    static func lunches(_ solution: RosterSolution) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (solution.roster?.assignments ?? []).map {
            ($0.agentID, $0.breaks.map { Tiny.utc.local($0.start).description.suffix(5) }.joined())
        })
    }

    /// Published as the optimum wants, but with a's lunch at 13:00 and b's at 11:00: keeping them
    /// costs 0. Agents on one shift are interchangeable for coverage, so this checks that each
    /// gets back their own lunch (the other way round would be two moved breaks, 2 × 5).
    @Test func publishedLunchesAreKeptWhenTheyCostNothing() throws {
        let problem = try Self.problem()
        let rerostered = problem.with(published: Self.published(problem, a: 240, b: 120), weightPerChange: 20, lock: false)
        #expect(rerostered.breakChangeWeight == 5, "a quarter of the change weight by default")
        try Self.expectOptimum(rerostered, objective: 0, lunches: ["a": "13:00", "b": "11:00"], moved: 0)
    }

    /// a was published with lunch at 12:00, b at 11:00. Kept, 12:00 is one agent short
    /// (0.5 h × 100 = 50) and 13:00 one over (0.5 h × 10 = 5): 55. Moving a's lunch to 13:00
    /// costs the break weight. At 5 it moves (objective 5); at 100 it stays (55).
    @Test func aPublishedLunchMovesOnlyWhenMovingItPays() throws {
        let problem = try Self.problem()
        let cases: [(weight: Double, objective: Double, lunches: [String: String], moved: Int)] = [
            (5, 5, ["a": "13:00", "b": "11:00"], 1),
            (100, 55, ["a": "12:00", "b": "11:00"], 0),
        ]
        for expected in cases {
            let rerostered = problem.with(published: Self.published(problem, a: 180, b: 120), weightPerChange: 20, weightPerBreakChange: expected.weight, lock: false)
            try Self.expectOptimum(rerostered, objective: expected.objective, lunches: expected.lunches, moved: expected.moved, ", weight \(expected.weight)")
        }
    }

    /// a's published lunch at 10:00 is no placement of today's rule: keeping a's shift moves it
    /// whatever happens (5), and the lunches still go to 11:00 and 13:00.
    @Test func aPublishedLunchTheRulesNoLongerAllowCountsAsMoved() throws {
        let problem = try Self.problem()
        let rerostered = problem.with(published: Self.published(problem, a: 60, b: 120), weightPerChange: 20, lock: false)
        #expect(rerostered.publishedBreakPlan(agent: 0, shift: problem.shifts[0]) == -1)
        #expect(rerostered.publishedBreakPlan(agent: 1, shift: problem.shifts[0]) == 0)
        try Self.expectOptimum(rerostered, objective: 5, lunches: ["a": "13:00", "b": "11:00"], moved: 1)
    }
}
