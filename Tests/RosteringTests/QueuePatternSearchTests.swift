import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// The weekly search with several queues: its master allocates each skill set's agents to the
/// queues, its moves score coverage by allocation, and its neighbourhoods keep the others' agents
/// in the allocation.
@Suite struct QueuePatternSearchTests {
    static func week(peak: Int, queues: Int, seed: UInt64 = 48, breaks: Bool = false) throws -> RosterProblem {
        var generator = WeekGenerator(peak: peak, seed: seed, wishes: false)
        generator.queues = queues
        generator.breaks = breaks
        return try generator.problem()
    }

    @Test func oneMoreAgentHelpsTheSetsThatReachAShortQueue() {
        // Sets {A} and {A,B}; A and B each need one. The bilingual agent is on A, B is short:
        // one more A-only agent lets the bilingual one move to B, so both sets can help.
        let sets = [[0], [0, 1]]
        var flow = QueueAllocation.allocate(supply: [0, 1], sets: sets, required: [1, 1])
        #expect(flow == [[0], [1, 0]])
        #expect(QueueAllocation.shortSets(flow: flow, sets: sets, required: [1, 1]) == [true, true])
        // With the A-only agent there too, both queues are met: nobody more helps.
        flow = QueueAllocation.allocate(supply: [1, 1], sets: sets, required: [1, 1])
        #expect(QueueAllocation.shortSets(flow: flow, sets: sets, required: [1, 1]) == [false, false])
        // B short and only the bilingual set serves it, A met by the A-only agent: {A} cannot help.
        flow = QueueAllocation.allocate(supply: [1, 0], sets: sets, required: [1, 1])
        #expect(QueueAllocation.shortSets(flow: flow, sets: sets, required: [1, 1]) == [false, true])
    }

    @Test func theWeeklySearchAllocatesAndMatchesTheExactModel() throws {
        // Generated weeks of 7 agents with two and three queues (single- and multi-skilled): the
        // exact model's optimum (GLPK, 0.5–5 s) is what the weekly search finds and proves, and
        // its bound never passes it.
        for (seed, queues) in [(UInt64(48), 2), (49, 2), (50, 3)] {
            let problem = try Self.week(peak: 4, queues: queues, seed: seed)
            let exact = try Tiny.solve(problem, strategy: .exact)
            let weekly = try Tiny.solve(problem, strategy: .patterns)
            #expect(exact.solverResult.status == .optimal)
            #expect(weekly.route.used == "weekly-patterns", "\(weekly.route.reason)")
            let optimum = try #require(exact.solverResult.objective)
            #expect(abs((weekly.solverResult.objective ?? .infinity) - optimum) < 1e-6, "seed \(seed)")
            #expect((weekly.solverResult.bestBound ?? .infinity) <= optimum + 1e-6)
            #expect(weekly.solverResult.status == .optimal)
        }
    }

    @Test func breaksArePlacedPerSkillSetAndTheRosterMeetsTheExactModelsBound() throws {
        // The same with a lunch and short breaks placed by the optimizer (break rows per shift
        // and skill set in the master, break moves scored by the allocation). GLPK cannot finish
        // the full model here in a minute (875 after 60 s), but its root bound is independent
        // proof: the weekly search's roster meets it.
        let problem = try Self.week(peak: 4, queues: 2, seed: 48, breaks: true)
        var options = SolverOptions(timeLimitSeconds: 60)
        options.workLimit = WorkLimit(nodes: 1)
        let root = try RosterOptimizer(solver: GLPKSolver()).solve(problem, options: options, strategy: .exact)
        let weekly = try Tiny.solve(problem, strategy: .patterns)
        #expect(weekly.route.used == "weekly-patterns", "\(weekly.route.reason)")
        let glpkBound = try #require(root.solverResult.bestBound)
        let objective = try #require(weekly.solverResult.objective)
        #expect(objective <= glpkBound + 1e-6, "roster \(objective), GLPK's bound \(glpkBound)")
        #expect(weekly.solverResult.status == .optimal)
        #expect((weekly.solverResult.bestBound ?? .infinity) <= objective + 1e-6)
    }

    @Test func aNeighbourhoodCountsTheOthersInTheAllocation() throws {
        // Split a roster into two freed agents and the others: the neighbourhood's problem, with
        // the others' agents per skill set as constants, scores the freed agents' weeks as the
        // whole problem scores the roster, in the search and in the exact model alike.
        let problem = try Self.week(peak: 6, queues: 3)
        let search = ShiftCountMasterTests.search(problem)
        let choice = try search.search().choice
        let coverage = search.coverageOf(choice)
        let whole = search.evaluate(choice, coverage: coverage)
        let free = [1, 4]
        var base = coverage
        for agent in free { search.apply(choice[agent], of: agent, to: &base, change: -1) }
        let inner = search.neighbourhoodProblem(free: free, base: base, window: nil, choice: choice)
        #expect(!inner.queueSupplyElsewhere.isEmpty)
        let local = ShiftCountMasterTests.search(inner)
        let freed = free.map { choice[$0] }
        #expect(abs(local.evaluate(freed, coverage: local.coverageOf(freed)) - whole) < 1e-6)
        let formulation = RosterFormulation(problem: inner)
        let point = formulation.point(works: { agent, shift in freed[agent].shifts.contains(shift) ? 0 : nil })
        let completed = try #require(try GLPKSolver().completion(of: formulation.model, fixing: formulation.decisionVariables, at: point, options: SolverOptions()))
        #expect(abs(completed.objective - whole) < 1e-6)
    }
}
