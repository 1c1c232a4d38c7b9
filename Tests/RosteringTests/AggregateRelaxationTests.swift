import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// The aggregate relaxation (``AggregateRelaxation``) that starts the weekly search's column
/// generation: a valid bound below the optimum, worked out by hand.
@Suite struct AggregateRelaxationTests {
    /// Monday to Friday, 2 agents needed 08:00–16:00 (80 agent-hours), one 8-h shift a day at
    /// 08:00, and 3 agents of 20 h a week.
    /// - Each agent works at most 2 shifts (3 would be 24 h): 48 agent-hours, 32 short, so the
    ///   optimum is 32 × 100 = 3,200.
    /// - The relaxation keeps the cap only in aggregate (60 h for the class: 7.5 shifts): 20
    ///   agent-hours short, a bound of 2,000, with every needed hour priced at the under-staffing
    ///   weight (100).
    /// - At those duals each agent's cheapest week is 2 shifts (−1,600), so the Lagrangian bound
    ///   there is 8,000 − 3 × 1,600 = 3,200: the search proves the optimum.
    static func week() throws -> RosterProblem {
        let agents = (1...3).map { Agent(id: "a\($0)", name: "A\($0)", maxWeeklyMinutes: 20 * 60) }
        return try Tiny.problem(days: 5, templates: [Tiny.template(start: "08:00", hours: [8])], agents: agents) { _, hour in
            hour >= 8 && hour < 16 ? 2 : 0
        }
    }

    @Test func boundsTheWeekByTheTeamsHours() throws {
        let problem = try Self.week()
        let search = PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
        let relaxation = try #require(search.aggregateRelaxation(deadline: nil))
        #expect(relaxation.classes == 1)
        #expect(abs(relaxation.bound - 2_000) < 1e-6, "bound \(relaxation.bound)")
        for (interval, dual) in relaxation.intervalDuals.enumerated() where problem.required[interval] > 0 {
            #expect(abs(dual - 100) < 1e-6, "interval \(interval): dual \(dual)")
        }
        let root = try search.columnGeneration(timeLimit: nil, seed: nil)
        #expect(abs(root.bound - 3_200) < 1e-6, "root bound \(root.bound)")
        let solved = try Tiny.solve(problem, strategy: .patterns)
        #expect(solved.solverResult.objective == 3_200)
        #expect(solved.solverResult.status == .optimal)
    }

    /// The relaxation drops rest: an agent who may work Monday 20:00–24:00 or Tuesday
    /// 04:00–08:00 (11 h of rest between them) covers only one of the two needed blocks, so the
    /// optimum is 4 h short (400); the relaxation covers both and bounds at 0, below it.
    @Test func staysBelowTheOptimumWhenRestBinds() throws {
        let templates = [Tiny.template("late", start: "20:00", hours: [4], days: [.monday]), Tiny.template("early", start: "04:00", hours: [4], days: [.tuesday])]
        let problem = try Tiny.problem(days: 2, templates: templates, agents: [Agent(id: "a1", name: "A1")]) { day, hour in
            (day == 0 && hour >= 20) || (day == 1 && hour >= 4 && hour < 8) ? 1 : 0
        }
        let search = PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
        let relaxation = try #require(search.aggregateRelaxation(deadline: nil))
        #expect(abs(relaxation.bound) < 1e-6, "bound \(relaxation.bound)")
        let solved = try Tiny.solve(problem, strategy: .patterns)
        #expect(solved.solverResult.objective == 400)
        #expect(solved.solverResult.status == .optimal)
    }

    /// Breaks with several placements. Two agents on the one shift 09:00–15:00 (30-min
    /// intervals, weights 100 under and 10 over an agent-hour), each with a 30-min lunch starting
    /// 11:00–13:00; two agents needed all day except one at 11:00–11:30.
    /// - Whole agents: one lunch can go to 11:00 at no cost; the other leaves one agent short for
    ///   half an hour wherever it goes (both at 11:00 leaves nobody there, one short): the optimum
    ///   is 0.5 × 100 = 50.
    /// - The relaxation takes each member's shift with a placement, so its LP counts the lunches
    ///   too: 2 lunch intervals to place, 1 of them free, 50. Covering the shift whole (breaks
    ///   ignored) would give 1 over at 11:00, 0.5 × 10 = 5; leaving the relaxation out gave no
    ///   bound before column generation ended.
    @Test func countsBreaksWithSeveralPlacements() throws {
        let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 360, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 240, stepMinutes: 30),
        ])
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])
        let agents = [Agent(id: "a", name: "A"), Agent(id: "b", name: "B")]
        let problem = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: agents) { _, minute in
            guard minute >= 9 * 60, minute < 15 * 60 else { return 0 }
            return minute == 11 * 60 ? 1 : 2
        }.with(breakRules: [lunch])
        let search = PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
        let relaxation = try #require(search.aggregateRelaxation(deadline: nil))
        #expect(abs(relaxation.bound - 50) < 1e-6, "bound \(relaxation.bound)")
        // Each agent once in the counts, whatever placements the LP mixed.
        #expect(abs(relaxation.counts.joined().reduce(0) { $0 + $1.count } - 2) < 1e-6)
        let solved = try Tiny.solve(problem, strategy: .patterns)
        #expect(solved.solverResult.objective == 50)
        #expect(solved.solverResult.status == .optimal)

        // One needed at 11:00 and at 13:00: the lunches go one to each (bound 0, the optimum),
        // so the LP takes the shift with two placements, and the counts the weeks that follow
        // the relaxation read give the shift once, with both agents.
        let split = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: agents) { _, minute in
            guard minute >= 9 * 60, minute < 15 * 60 else { return 0 }
            return minute == 11 * 60 || minute == 13 * 60 ? 1 : 2
        }.with(breakRules: [lunch])
        let splitSearch = PatternSearch(problem: split, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
        let splitRelaxation = try #require(splitSearch.aggregateRelaxation(deadline: nil))
        #expect(abs(splitRelaxation.bound) < 1e-6, "bound \(splitRelaxation.bound)")
        let counts = splitRelaxation.counts.joined().map { ($0.shift, $0.count) }
        #expect(counts.count == 1 && abs((counts.first?.1 ?? 0) - 2) < 1e-6, "counts \(counts)")
    }

    /// The root rounds its LP to a roster at round 4 (and 16, 64, 256) of column generation: the
    /// generated S week takes more rounds than that, so column generation hands back an early
    /// roster, a valid one whose value is its objective and not below the bound. (Without
    /// smoothing, so without the relaxation's own weeks, which are an early roster too.)
    @Test func theRootHasAnEarlyRosterBeforeColumnGenerationEnds() throws {
        let problem = try WeekGenerator(peak: 15, seed: 48).problem()
        let search = PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
        let root = try search.columnGeneration(timeLimit: nil, seed: nil, smoothingWeight: 0)
        let early = try #require(root.early)
        #expect(early.choice.count == problem.agents.count)
        #expect(abs(search.evaluate(early.choice, coverage: search.coverageOf(early.choice)) - early.value) < 1e-6)
        #expect(early.value >= root.bound - 1e-6)
        _ = try problem.validatedRoster(placed: early.choice.map(\.placed), objective: early.value)
    }
}
