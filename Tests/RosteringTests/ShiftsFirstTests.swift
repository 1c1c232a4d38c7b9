import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

@Suite struct ShiftsFirstTests {
    /// One agent on 30-min intervals; one agent needed 09:00–15:00 except 13:30–14:00. A 6-h
    /// shift 09:00–15:00 or a 6.5-h one 09:00–15:30, each with an unpaid 30-min lunch starting
    /// 2–4 h before its end (11:00–13:00, or 11:30–13:30). Under-staffing costs 100 per agent-hour,
    /// over-staffing 10.
    ///
    /// By hand: counting the agent on the phone all shift, 09:00–15:00 costs 5 (over in the dip)
    /// and 09:00–15:30 costs 10 (the dip and 15:00), so shifts first takes 09:00–15:00; its lunch
    /// can only fall where someone is needed: 50 short + 5 over = 55. Placed together, the long
    /// shift's lunch fills the dip at 13:30: only 15:00–15:30 is over, 5.
    static func problem() throws -> RosterProblem {
        let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 390, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, anchor: .end, earliestStartMinutes: -240, latestStartMinutes: -120, stepMinutes: 30),
        ])
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360, 390])
        return try Tiny.problem(intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A")]) { _, minute in
            minute >= 9 * 60 && minute < 15 * 60 && minute != 13 * 60 + 30 ? 1 : 0
        }.with(breakRules: [lunch])
    }

    @Test func shiftsFirstPlacesTheLunchWhereSomeoneIsNeeded() throws {
        let problem = try Self.problem()
        let zone = problem.horizon.timeZone
        let solved = try RosterOptimizer(solver: GLPKSolver()).solveShiftsFirst(problem, options: SolverOptions(timeLimitSeconds: 60))
        #expect(solved.route.used == "shifts-first")
        #expect(solved.solverResult.status == .optimal, "stage 2 proves its breaks optimal for the shifts it was given")
        #expect(abs((solved.solverResult.objective ?? -1) - 55) < 1e-6)
        let assignment = try #require(solved.roster?.assignments.first)
        #expect(zone.isoText(assignment.end) == "2026-11-23T15:00")
        #expect(assignment.breaks.count == 1)
        #expect(solved.coverage.reduce(0) { $0 + $1.under } == 1)
        // The validator accepts it: the roster carries its lunch, and the objective is recomputed.
        #expect(RosterValidator(problem: problem).violations(of: solved.roster!, coverage: solved.coverage, objective: 55).isEmpty)
    }

    @Test func theJointModelFillsTheDipWithTheLunch() throws {
        let problem = try Self.problem()
        let zone = problem.horizon.timeZone
        for strategy in RosterStrategy.allCases {
            let solved = try Tiny.solve(problem, strategy: strategy)
            #expect(solved.solverResult.status == .optimal, "\(strategy)")
            #expect(abs((solved.solverResult.objective ?? -1) - 5) < 1e-6, "\(strategy)")
            let assignment = try #require(solved.roster?.assignments.first)
            #expect(zone.isoText(assignment.end) == "2026-11-23T15:30", "\(strategy)")
            #expect(assignment.breaks.map { zone.isoText($0.start) } == ["2026-11-23T13:30"], "\(strategy)")
        }
    }

    /// Stage 1's problem keeps paid time net of unpaid breaks but takes no coverage for them.
    @Test func breaksOnThePhoneKeepPaidTimeAndDropThePlacements() throws {
        let problem = try Self.problem()
        let gross = problem.withBreaksOnThePhone()
        #expect(!gross.hasBreaks)
        #expect(gross.shifts.map(\.paidMinutes) == problem.shifts.map(\.paidMinutes))
        #expect(problem.shifts.map(\.paidMinutes).sorted() == [330, 360])
        for shift in gross.shifts { #expect(gross.breakIntervals(shift, plan: 0).isEmpty) }
    }
}
