import LinearProgramming

/// A solved roster with everything needed to publish and explain it.
public struct RosterSolution: Sendable {
    public let problem: RosterProblem
    /// The solver's outcome: status, objective, bound, gap, time.
    public let solverResult: SolverResult
    /// The roster, when the status comes with one.
    public let roster: Roster?
    /// Coverage per interval, when there is a roster.
    public let coverage: [IntervalCoverage]
    /// Size of the model solved.
    public let variableCount: Int
    public let constraintCount: Int
}

/// Builds the model of a ``RosterProblem``, solves it with any ``MIPSolver``, decodes the roster
/// and re-checks it with the independent ``RosterValidator``.
public struct RosterOptimizer: Sendable {
    public let solver: any MIPSolver

    public init(solver: any MIPSolver) { self.solver = solver }

    /// A roster that broke a rule it should have kept: a bug in the formulation or the decoder.
    public struct InvalidRosterError: Error, CustomStringConvertible {
        public let violations: [RosterValidator.Violation]
        public var description: String {
            "internal error: the optimized roster breaks \(violations.count) rule(s):\n"
                + violations.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Solves `problem`. Throws for a model the solver rejects, a solver breakdown, or a roster
    /// that fails validation; infeasibility and limits are reported in the solution's status.
    public func solve(_ problem: RosterProblem, options: SolverOptions) throws -> RosterSolution {
        let formulation = RosterFormulation(problem: problem)
        return try solve(formulation, options: options)
    }

    /// Solves an already built formulation (for example one that was also written as an LP file).
    public func solve(_ formulation: RosterFormulation, options: SolverOptions) throws -> RosterSolution {
        let problem = formulation.problem
        let result = try solver.solve(formulation.model, options: options)
        var roster: Roster?
        var coverage: [IntervalCoverage] = []
        if result.status.hasSolution, let values = result.values {
            let decoded = formulation.decode(values)
            coverage = problem.coverage(of: decoded)
            let violations = RosterValidator(problem: problem).violations(of: decoded, coverage: coverage, objective: result.objective)
            guard violations.isEmpty else { throw InvalidRosterError(violations: violations) }
            roster = decoded
        }
        return RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: coverage,
            variableCount: formulation.model.variables.count, constraintCount: formulation.model.constraints.count)
    }
}
