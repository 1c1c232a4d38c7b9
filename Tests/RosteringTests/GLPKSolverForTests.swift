import GLPKBackend
import LinearProgramming

enum GLPKSolverForTests {
    static let solver = GLPKSolver()

    static func solve(_ model: MIPModel) throws -> Double {
        let result = try solver.solve(model, options: SolverOptions(timeLimitSeconds: 30))
        guard result.status == .optimal, let objective = result.objective else { throw SolverError("not optimal: \(result.status)") }
        return objective
    }
}
