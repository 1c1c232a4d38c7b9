import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Column generation's LP against the full model's LP relaxation, where they must be equal.
@Suite struct ColumnGenerationLPTests {
    /// Twelve agents on one day, 6- and 8-h shifts starting every 15 minutes from 07:00 to
    /// 14:00, each with the three breaks of ``BreakTests/sixHourRule``, and a need from 08:00 to
    /// 22:00 that changes at the quarter hour (2, 3 every third quarter, 2 more from 15:00 to
    /// 17:00) and drops to 0 from 12:00 to 12:45, where breaks are worth placing. On one day an
    /// agent works one shift or none: that polytope is integral, so the pattern master's LP (break
    /// counts summed per shift) must end exactly at the full model's LP relaxation (break counts
    /// per shift and placement). Above it, the search's bound would be invalid (as it was when a
    /// pattern working a shift without counts was judged by that shift's empty break row); below
    /// it, the generation stopped before nothing priced out. With and without dual smoothing.
    @Test(arguments: [0.0, PatternSearch.smoothingWeight])
    func theMastersLPEndsAtTheFullModelsLPRelaxation(smoothing: Double) throws {
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("07:00"), latestStart: Tiny.time("14:00"), startStepMinutes: 15, lengthsMinutes: [360, 480])
        let agents = (1...12).map { Agent(id: "a\($0)", name: "A\($0)") }
        let problem = try Tiny.problem(intervalMinutes: 15, templates: [template], agents: agents) { _, minute in
            guard minute >= 8 * 60, minute < 22 * 60 else { return 0 }
            if minute >= 12 * 60, minute < 12 * 60 + 45 { return 0 }
            return 2 + (minute / 15 % 3 == 0 ? 1 : 0) + (minute >= 15 * 60 && minute < 17 * 60 ? 2 : 0)
        }.with(breakRules: [BreakTests.sixHourRule])
        let full = try GLPKSolverForTests.solve(RosterFormulation(problem: problem).model.relaxation())
        let search = PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
        let master = try search.columnGeneration(timeLimit: nil, seed: nil, smoothingWeight: smoothing)
        #expect(full > 1, "the need cannot be met exactly, so the LP is not trivially 0")
        #expect(abs(master.bound - full) <= 1e-6 * max(1, full), "master \(master.bound), full model \(full)")
    }
}

@Suite struct DualSmoothingTests {
    /// The first round prices at the master's duals only; then at `α·centre + (1 − α)·duals`
    /// first; the centre moves only to a point with a better bound.
    @Test func pricesBetweenTheBestPointAndTheMastersDuals() {
        var smoothing = DualSmoothing(weight: 0.25)
        #expect(smoothing.points(for: [1, 2]).map(\.isMaster) == [true])
        smoothing.record([4, 0], bound: 10)
        let points = smoothing.points(for: [0, 8])
        #expect(points.map(\.duals) == [[1, 6], [0, 8]])
        #expect(points.map(\.isMaster) == [false, true])
        smoothing.record([1, 6], bound: 9)
        #expect(smoothing.centre == [4, 0] && smoothing.centreBound == 10)
        smoothing.record([1, 6], bound: 11)
        #expect(smoothing.centre == [1, 6] && smoothing.centreBound == 11)
        #expect(DualSmoothing(weight: 0).points(for: [3]).count == 1)
    }
}
