import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// The explicit model (a binary per agent, shift and break placement) against the hand-computed
/// optima of the break tests: the same optimum as the counts, with more variables.
@Suite struct ExplicitBreaksTests {
    func solveExplicit(_ problem: RosterProblem) throws -> RosterSolution {
        let formulation = try #require(RosterFormulation(explicitBreaks: problem))
        #expect(formulation.breakCounts.isEmpty)
        return try RosterOptimizer(solver: GLPKSolver()).solve(formulation, options: SolverOptions(timeLimitSeconds: 60))
    }

    /// Two agents, lunches belong at 11:00 and 13:00 (``PublishedBreaksTests``): 0; re-rostered
    /// against lunches published the other way round at a change weight of 20 (5 per moved
    /// break): keeping them costs 0 as well, and each keeps their own.
    @Test func theExplicitModelHasTheCountsOptimum() throws {
        let problem = try PublishedBreaksTests.problem()
        let implicit = RosterFormulation(problem: problem)
        let explicit = try #require(RosterFormulation(explicitBreaks: problem))
        // 2 agents × 1 shift × 5 placements, instead of 5 counts.
        #expect(explicit.ownPlacements.count == 10 && implicit.breakCounts.values.reduce(0) { $0 + $1.count } == 5)
        let solved = try solveExplicit(problem)
        #expect(solved.solverResult.status == .optimal)
        #expect(abs((solved.solverResult.objective ?? -1) - 0) < 1e-6)
        let rerostered = problem.with(published: PublishedBreaksTests.published(problem, a: 240, b: 120), weightPerChange: 20, lock: false)
        let kept = try solveExplicit(rerostered)
        #expect(abs((kept.solverResult.objective ?? -1) - 0) < 1e-6)
        #expect(PublishedBreaksTests.lunches(kept) == ["a": "13:00", "b": "11:00"])
    }

    /// The break-window cases of ``BreakWindowWishTests``: 25 (refused) and 55 (granted), and the
    /// re-rostering swap at 10.
    @Test func breakWindowWishesCostTheSameInTheExplicitModel() throws {
        let need = { (minute: Int) in minute == 12 * 60 + 30 ? 0 : 1 }
        for (weight, objective) in [(5.0, 25.0), (20.0, 55.0)] {
            let problem = try BreakWindowWishTests.problem(agents: ["ana"], need: need, wishes: ["ana": [BreakWindowWishTests.lunchWish("11:00", "11:00", priority: 5)]], weightPerPoint: weight)
            #expect(abs((try solveExplicit(problem).solverResult.objective ?? -1) - objective) < 1e-6, "\(weight) per point")
        }
        let problem = try PublishedBreaksTests.problem().with(
            preferences: ["b": AgentPreferences(agentID: "b", wishes: [BreakWindowWishTests.lunchWish("11:00", "11:00", priority: 3)])],
            policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 0))
        let swapped = try solveExplicit(problem.with(published: PublishedBreaksTests.published(problem, a: 120, b: 240), weightPerChange: 20, lock: false))
        #expect(abs((swapped.solverResult.objective ?? -1) - 10) < 1e-6)
        #expect(PublishedBreaksTests.lunches(swapped) == ["a": "13:00", "b": "11:00"])
    }
}
