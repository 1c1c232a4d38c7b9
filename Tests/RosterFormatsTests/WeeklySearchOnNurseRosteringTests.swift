import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// The weekly search alone (not the default route, which gives these rules to the horizon
/// search) on Curtois & Qu's instance 1: 8 nurses over two weeks, whose optimum 607 is published
/// (benchmarks/nurse-rostering/best-known.csv). Its root bound is 558; the small team's full-model
/// polish must close the gap (5,000 nodes left it at 560).
@Suite struct WeeklySearchOnNurseRosteringTests {
    @Test func theWeeklySearchProvesInstanceOne() throws {
        let problem = try NurseRosteringImportTests.imported("Instance1").problem.withoutRulesThatCannotBind()
        let search = PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 120))
        #expect(search.unsupported == nil)
        let solved = try search.run()
        #expect(solved.solverResult.status == .optimal)
        #expect(abs((solved.solverResult.objective ?? .nan) - 607) < 1e-6)
    }
}
