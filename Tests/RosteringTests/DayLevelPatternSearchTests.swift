import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Day-level demands and shift requests in the weekly search (``PatternDemands.swift``, the
/// requests in ``AgentType``): against GLPK's optimum of the exact model on a team, its root
/// bound against the LP relaxation, by hand, and its neighbourhoods against the whole problem.
/// (Against optima enumerated for one agent: ``HorizonRulesTests``.)
@Suite struct DayLevelPatternSearchTests {
    static func weekly(_ problem: RosterProblem) throws -> RosterSolution {
        let search = ShiftCountMasterTests.search(problem)
        #expect(search.unsupported == nil, "\(search.unsupported ?? "")")
        return try search.run()
    }

    /// The three contracts of ``Streaks`` over `days` days, with demands of up to two agents on
    /// every day and template and the requests of agents a and c (seeded by `days`).
    static func team(days: Int) throws -> RosterProblem {
        var random = WeekGenerator.Random(state: 5 + UInt64(days))
        var rules = HorizonRulesTests.dayLevel(&random, agent: "a")
        rules.requests += HorizonRulesTests.dayLevel(&random, agent: "c").requests
        rules.demands = rules.demands.map { var demand = $0; demand.required = random.below(3); return demand }
        rules.requests = rules.requests.filter { $0.day < days }
        rules.demands = rules.demands.filter { $0.day < days }
        return try Tiny.problem(days: days, templates: Streaks.templates, agents: Streaks.contracts, start: Streaks.sunday) { _, _ in 0 }
            .with(dayLevel: rules, staffsByInterval: false)
    }

    /// The three contracts together with demands of up to two agents and two agents' requests,
    /// over eight days (shift counts) and over seven (patterns enter the demand rows): the weekly
    /// search's optimum is GLPK's on the exact model, and its bound never passes it.
    @Test func aTeamMatchesTheExactModel() throws {
        for days in [8, 7] {
            let problem = try Self.team(days: days)
            let exact = try Tiny.solve(problem, strategy: .exact)
            let weekly = try Self.weekly(problem)
            let optimum = try #require(exact.solverResult.objective)
            #expect(exact.solverResult.status == .optimal)
            #expect(abs((weekly.solverResult.objective ?? .nan) - optimum) < 1e-6, "\(days) days: exact \(optimum), weekly \(weekly.solverResult.objective ?? .nan)")
            #expect((weekly.solverResult.bestBound ?? .infinity) <= optimum + 1e-6)
        }
    }

    /// The root's column generation alone (no dive, no GLPK polish to mend it): its bound lies
    /// between the full model's LP relaxation (the pattern master is at least as tight) and the
    /// exact optimum, with and without dual smoothing. A pricing that ignored the demand rows'
    /// duals would stop at once above the optimum; a bound missing their part would fall below
    /// the LP relaxation.
    @Test(arguments: [0.0, PatternSearch.smoothingWeight])
    func theRootBoundLiesBetweenTheLPRelaxationAndTheOptimum(smoothing: Double) throws {
        for days in [8, 7] {
            let problem = try Self.team(days: days)
            let optimum = try #require(Tiny.solve(problem, strategy: .exact).solverResult.objective)
            let relaxed = try GLPKSolverForTests.solve(RosterFormulation(problem: problem).model.relaxation())
            let root = try ShiftCountMasterTests.search(problem).columnGeneration(timeLimit: nil, seed: nil, smoothingWeight: smoothing)
            #expect(root.bound <= optimum + 1e-6, "\(days) days: root \(root.bound), optimum \(optimum)")
            #expect(root.bound >= relaxed - 1e-6, "\(days) days: root \(root.bound), LP relaxation \(relaxed)")
            #expect(relaxed > 0)
        }
    }

    /// Where nothing prices out at the master's optimal duals, the Lagrangian bound at those duals
    /// is the LP's value (strong duality): the demand rows' part of the bound
    /// (`μ·r + max(r, 0)·min(0, u − μ)`) is neither missing nor counted twice.
    @Test func theLagrangianBoundMeetsTheLPWhereNothingPricesOut() throws {
        for days in [8, 7] { _ = try Self.boundMeetsTheLP(ShiftCountMasterTests.search(try Self.team(days: days))) }
    }

    /// Hand-computed: one agent, one day, templates E and L. The demand wants one agent on L
    /// (100 short, 1 extra), the agent asks for E (weight 30) and not for L (weight 20).
    /// Working L costs 20 (the off request) + 30 (the on request refused) = 50; E costs 100 (L
    /// short); a day off 130. So L, at 50: demand and requests priced together, not one by one.
    @Test func aDemandOutweighsTheRequestsByHand() throws {
        let agent = Streaks.agent("a", HorizonRules())
        let rules = DayLevelRules(
            requests: [ShiftRequest(agentID: "a", day: 0, template: "E", kind: .on, weight: 30), ShiftRequest(agentID: "a", day: 0, template: "L", kind: .off, weight: 20)],
            demands: [ShiftDemand(day: 0, template: "L", required: 1, underWeight: 100, overWeight: 1)])
        let problem = try Tiny.problem(days: 1, templates: Streaks.templates, agents: [agent], start: Streaks.sunday) { _, _ in 0 }
            .with(dayLevel: rules, staffsByInterval: false)
        let solved = try Self.weekly(problem)
        #expect(solved.solverResult.objective == 50)
        #expect(solved.solverResult.status == .optimal)
        #expect(Tiny.starts(solved, agent: "a") == ["2026-11-22T14:00"])
    }

    /// A neighbourhood sees what the others leave of each demand: its problem scores the freed
    /// agents' weeks as the whole problem scores the roster, in the search and in GLPK's
    /// completion of the exact model alike.
    @Test func aNeighbourhoodNetsTheOthersOffTheDemands() throws {
        var random = WeekGenerator.Random(state: 11)
        var rules = HorizonRulesTests.dayLevel(&random, agent: "b")
        rules.demands = rules.demands.map { var demand = $0; demand.required = random.below(3); return demand }
        let problem = try Streaks.problem(agents: Streaks.contracts, dayLevel: rules)
        let search = ShiftCountMasterTests.search(problem)
        let choice = try search.search().choice
        let coverage = search.coverageOf(choice)
        let whole = search.evaluate(choice, coverage: coverage)
        let free = [1]
        var base = coverage
        for agent in free { search.apply(choice[agent], of: agent, to: &base, change: -1) }
        let inner = search.neighbourhoodProblem(free: free, base: base, window: nil, choice: choice)
        let freed = free.map { choice[$0] }
        let others = search.evaluate(choice.enumerated().map { free.contains($0.offset) ? WeeklyPattern(shifts: []) : $0.element }, coverage: base)
        let local = ShiftCountMasterTests.search(inner)
        // The neighbourhood's cost of the freed week, with the others' own part, is the whole.
        let emptyInner = local.evaluate(freed.map { _ in WeeklyPattern(shifts: []) }, coverage: local.coverageOf(freed.map { _ in WeeklyPattern(shifts: []) }))
        let marginal = local.evaluate(freed, coverage: local.coverageOf(freed)) - emptyInner
        let wholeMarginal = whole - others
        #expect(abs(marginal - wholeMarginal) < 1e-6, "neighbourhood \(marginal), whole \(wholeMarginal)")
        let formulation = RosterFormulation(problem: inner)
        let point = formulation.point(works: { agent, shift in freed[agent].shifts.contains(shift) ? 0 : nil })
        let completed = try #require(try GLPKSolver().completion(of: formulation.model, fixing: formulation.decisionVariables, at: point, options: SolverOptions()))
        #expect(abs(completed.objective - local.evaluate(freed, coverage: local.coverageOf(freed))) < 1e-6)
    }

    /// A neighbourhood's problem (two of the three agents freed, the others netted off the
    /// demands, the freed agents' requests only) solved as a problem of its own: the search's
    /// bound there never passes GLPK's optimum of its exact model, and where the search finds no
    /// room below its week, that week is the optimum. (The exact model's roster is checked by the
    /// validator, which would refuse another agent's request left in the problem.)
    @Test func aNeighbourhoodsOwnBoundHolds() throws {
        for seed in [11, 12, 13, 14, 15, 16] as [UInt64] {
            var random = WeekGenerator.Random(state: seed)
            var rules = HorizonRulesTests.dayLevel(&random, agent: "b")
            rules.requests += HorizonRulesTests.dayLevel(&random, agent: "a").requests
            rules.demands = rules.demands.map { var demand = $0; demand.required = random.below(3); return demand }
            let problem = try Streaks.problem(agents: Streaks.contracts, dayLevel: rules)
            let search = ShiftCountMasterTests.search(problem)
            let choice = try search.search().choice
            let coverage = search.coverageOf(choice)
            for free in [[0, 1], [1, 2], [0, 2]] {
                var base = coverage
                for agent in free { search.apply(choice[agent], of: agent, to: &base, change: -1) }
                let inner = search.neighbourhoodProblem(free: free, base: base, window: nil, choice: choice)
                #expect(Set(inner.dayLevel.requests.map(\.agentID)).isSubset(of: Set(free.map { problem.agents[$0].id })))
                let found = try ShiftCountMasterTests.search(inner).search(seed: free.map { choice[$0] })
                let exact = try #require(Tiny.solve(inner, strategy: .exact).solverResult.objective)
                #expect(found.bound <= exact + 1e-6, "seed \(seed), free \(free): bound \(found.bound), exact \(exact)")
                #expect(found.bound < found.objective - 1e-6 || abs(found.objective - exact) < 1e-6, "seed \(seed), free \(free): \(found.objective), exact \(exact)")
            }
        }
    }

    /// Column generation from the starting columns, pricing at the master's own duals (no
    /// smoothing) until nothing prices out: the master, and the LP value, Lagrangian bound and
    /// columns added at the last LP solved optimal.
    /// ``pricedToTheEnd(_:)``, expecting that nothing prices out at the end and that the
    /// Lagrangian bound there meets the LP's value (each row family's part of the bound neither
    /// missing nor counted twice); the master.
    static func boundMeetsTheLP(_ search: PatternSearch, sourceLocation: SourceLocation = #_sourceLocation) throws -> PatternSearch.PatternMaster {
        let (master, last) = try pricedToTheEnd(search)
        let end = try #require(last, sourceLocation: sourceLocation)
        #expect(end.added == 0, sourceLocation: sourceLocation)
        #expect(abs(end.lp - end.bound) < 1e-6 * max(1, end.lp), "LP \(end.lp), Lagrangian bound \(end.bound)", sourceLocation: sourceLocation)
        return master
    }

    static func pricedToTheEnd(_ search: PatternSearch) throws -> (master: PatternSearch.PatternMaster, last: (lp: Double, bound: Double, added: Int)?) {
        let master = search.emptyMaster()
        search.startingColumns(seed: nil, in: master)
        var last: (lp: Double, bound: Double, added: Int)?
        _ = try GLPKSolver().generateColumns(master: master.model, options: SolverOptions(timeLimitSeconds: 60)) { solution in
            guard solution.status == .optimal, let (added, bound) = search.price(at: solution.duals, keeping: solution.duals, master: master, deadline: nil) else { return LPUpdate() }
            last = (solution.objective, bound, added.count)
            return LPUpdate(columns: added)
        }
        return (master, last)
    }

    /// Pricing is work: each round charges its labels to the run's meter (2,000 to a unit, as
    /// they accumulate), so the neighbourhood schedule and `--work-limit` see them. Rounds of
    /// pricing alone (no GLPK call) leave exactly the labels' units on the meter.
    @Test func pricingLabelsAreChargedAsWork() throws {
        let meter = WorkMeter(budget: Int.max)
        var options = SolverOptions(timeLimitSeconds: 60)
        options.workMeter = meter
        let search = PatternSearch(problem: try Self.team(days: 8), solver: GLPKSolver(), generator: GLPKSolver(), options: options)
        let master = search.emptyMaster()
        search.startingColumns(seed: nil, in: master)
        let duals = Array(repeating: 0.0, count: master.model.constraints.count)
        while search.labelsPriced < 3 * HorizonPatternSearch.labelsPerWorkUnit {
            _ = try #require(search.price(at: duals, keeping: duals, master: master, deadline: nil))
        }
        #expect(meter.iterations == search.labelsPriced / HorizonPatternSearch.labelsPerWorkUnit)
        #expect(meter.iterations >= 3)
    }

    /// The dive's check that an agent still has a week with a shift answers no at Ctrl-C without
    /// pricing (over half a year each check prices for milliseconds, and a dive makes thousands),
    /// and yes otherwise.
    @Test func theDivesCheckStopsAtCtrlC() throws {
        var stopped = false
        var options = SolverOptions(timeLimitSeconds: 60)
        options.shouldStop = { stopped }
        let search = PatternSearch(problem: try Self.team(days: 8), solver: GLPKSolver(), generator: GLPKSolver(), options: options)
        let shift = try #require(search.types[search.typeOfAgent[0]].shiftsByDay.joined().first)
        let all = Set(search.problem.shifts.indices)
        #expect(search.canWork(agent: 0, shift: shift, working: [], excluded: [], allowed: all))
        stopped = true
        #expect(!search.canWork(agent: 0, shift: shift, working: [], excluded: [], allowed: all))
    }

    /// Stopped (Ctrl-C) before every type had its first week: no roster, and said so, never an
    /// agent whose rules no week keeps.
    @Test func aSearchStoppedBeforeItsFirstWeeksHasNoRoster() throws {
        var options = SolverOptions(timeLimitSeconds: 60)
        options.shouldStop = { true }
        let search = PatternSearch(problem: try Self.team(days: 8), solver: GLPKSolver(), generator: GLPKSolver(), options: options)
        let solved = try search.run()
        #expect(search.startingCut)
        #expect(solved.solverResult.status == .noSolutionFound(.interrupted))
        #expect(solved.roster == nil)
    }
}
