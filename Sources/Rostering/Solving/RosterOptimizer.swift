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

/// How the optimizer searches.
public enum RosterStrategy: String, Sendable, CaseIterable {
    /// The full per-agent model handed to the solver as it is.
    case exact
    /// Shift counts per contract class first (a relaxation whose optimum bounds the roster),
    /// then named agents assigned to exactly those counts; falls back to the full model when the
    /// counts cannot be realized.
    case decomposition
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
    public func solve(_ problem: RosterProblem, options: SolverOptions, strategy: RosterStrategy = .decomposition) throws -> RosterSolution {
        switch strategy {
        case .exact: return try solve(RosterFormulation(problem: problem), options: options)
        case .decomposition: return try solveByDecomposition(problem, options: options)
        }
    }

    /// Solves an already built full formulation (for example one that was also written as an LP file).
    public func solve(_ formulation: RosterFormulation, options: SolverOptions) throws -> RosterSolution {
        let result = try solver.solve(formulation.model, options: options)
        return try solution(formulation: formulation, result: result, reportedModel: formulation.model)
    }

    /// Decodes, validates and packages a result of `formulation`'s model.
    func solution(
        formulation: RosterFormulation, result: SolverResult, reportedModel: MIPModel, claimedObjective: Double? = nil
    ) throws -> RosterSolution {
        let problem = formulation.problem
        var roster: Roster?
        var coverage: [IntervalCoverage] = []
        if result.status.hasSolution, let values = result.values {
            let decoded = formulation.decode(values)
            coverage = problem.coverage(of: decoded)
            let violations = RosterValidator(problem: problem).violations(
                of: decoded, coverage: coverage, objective: claimedObjective ?? result.objective)
            guard violations.isEmpty else { throw InvalidRosterError(violations: violations) }
            roster = decoded
        }
        return RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: coverage,
            variableCount: reportedModel.variables.count, constraintCount: reportedModel.constraints.count)
    }

    /// The shift-count decomposition (see ``RosterStrategy/decomposition``).
    func solveByDecomposition(_ problem: RosterProblem, options: SolverOptions) throws -> RosterSolution {
        let clock = ContinuousClock()
        let start = clock.now
        func remaining() -> Double? {
            options.timeLimitSeconds.map { max(0.1, $0 - (clock.now - start).seconds) }
        }
        var stageOptions = options
        stageOptions.progress = nil

        // Stage 1: shift counts per contract class. Its optimum is a lower bound on the roster's.
        let counts = ShiftCountModel(problem: problem)
        stageOptions.timeLimitSeconds = remaining().map { $0 * 0.4 }
        let countResult = try solver.solve(counts.model, options: stageOptions)
        let full = RosterFormulation(problem: problem)
        switch countResult.status {
        case .infeasible:
            // A relaxation without solutions: the full model has none either.
            return try solution(formulation: full, result: countResult.with(values: nil), reportedModel: full.model)
        case .optimal, .feasible:
            break
        default:
            return try solveExact(full, options: options, remaining: remaining(), lowerBound: countResult.bestBound)
        }
        let bound = countResult.bestBound
        let countObjective = countResult.objective!
        options.progress?(SolverProgress(elapsedSeconds: (clock.now - start).seconds, incumbent: nil, bound: bound))

        // Stage 2: named agents on exactly those counts; any feasible assignment realizes the
        // count objective.
        let plan = counts.plan(from: countResult.values!)
        let assignment = RosterFormulation(problem: problem, fixedCounts: plan)
        // Exact realization is usually found fast or not at all: cap its share of the time.
        stageOptions.timeLimitSeconds = remaining().map { min($0 * 0.3, max(3, $0 * 0.1)) }
        stageOptions.relativeGap = nil
        let assigned = try solver.solve(assignment.model, options: stageOptions)
        if assigned.status.hasSolution, let values = assigned.values {
            options.progress?(SolverProgress(elapsedSeconds: (clock.now - start).seconds, incumbent: countObjective, bound: bound))
            let proven = countResult.status == .optimal
            let result = SolverResult(
                status: proven ? .optimal : countResult.status, objective: countObjective, bestBound: bound, values: values,
                wallSeconds: (clock.now - start).seconds,
                solverMessage: proven
                    ? "shift counts solved to optimality and realized by the assignment: optimal"
                    : "shift counts stopped before proving optimality (\(countResult.solverMessage)); realized by the assignment")
            let packaged = try solution(formulation: assignment, result: result, reportedModel: full.model, claimedObjective: countObjective)
            return packaged.withSolverResult(packaged.solverResult.with(values: nil), model: full.model)
        }

        // Stage 3: the counts cannot be realized exactly (per-agent combinations the aggregates
        // cannot see). Search the full model restricted to the shifts the plan uses for each
        // class: a roster close to the plan, with the count optimum as its bound.
        let classOf = Dictionary(uniqueKeysWithValues: plan.classes.enumerated().flatMap { classIndex, contractClass in
            contractClass.agents.map { ($0, classIndex) }
        })
        let restricted = RosterFormulation(problem: problem) { agentIndex, shift in plan.counts[classOf[agentIndex]!][shift.index] > 0 }
        stageOptions.timeLimitSeconds = remaining().map { $0 * 0.5 }
        stageOptions.relativeGap = options.relativeGap
        let near = try solver.solve(restricted.model, options: stageOptions)
        var best: RosterSolution?
        if near.status.hasSolution, let objective = near.objective {
            let closeEnough = relativeGap(incumbent: objective, bound: bound).map { $0 <= (options.relativeGap ?? 0) + 1e-9 } ?? false
            let status: TerminationStatus = closeEnough && abs(objective - (bound ?? -.infinity)) < 1e-6 && countResult.status == .optimal
                ? .optimal : .feasible(closeEnough ? .gapLimit : .timeLimit)
            let result = SolverResult(
                status: status, objective: objective, bestBound: bound, values: near.values, wallSeconds: (clock.now - start).seconds,
                solverMessage: "shift counts not realizable exactly; best roster near the count plan")
            let packaged = try solution(formulation: restricted, result: result, reportedModel: full.model)
            best = packaged.withSolverResult(packaged.solverResult.with(values: nil), model: full.model)
            options.progress?(SolverProgress(elapsedSeconds: (clock.now - start).seconds, incumbent: objective, bound: bound))
            if closeEnough { return best! }
        }

        // Stage 4: the full model with the time left; keep the better roster and the better bound.
        let exact = try solveExact(full, options: options, remaining: remaining(), lowerBound: bound)
        guard let best, let bestObjective = best.solverResult.objective else { return exact }
        guard let exactObjective = exact.solverResult.objective, exactObjective < bestObjective - 1e-9 else {
            var result = best.solverResult
            if let exactBound = exact.solverResult.bestBound { result.bestBound = max(result.bestBound ?? exactBound, min(exactBound, bestObjective)) }
            if result.gap == 0 { result.status = .optimal }
            result.wallSeconds = (clock.now - start).seconds
            return best.withSolverResult(result, model: full.model)
        }
        return exact
    }

    /// The full model with the remaining time; a known lower bound tightens the reported bound.
    private func solveExact(
        _ full: RosterFormulation, options: SolverOptions, remaining: Double?, lowerBound: Double?
    ) throws -> RosterSolution {
        var exactOptions = options
        exactOptions.timeLimitSeconds = remaining
        let solved = try solve(full, options: exactOptions)
        guard let lowerBound, solved.solverResult.status.hasSolution else { return solved }
        var result = solved.solverResult
        result.bestBound = max(result.bestBound ?? lowerBound, lowerBound)
        if let objective = result.objective, result.bestBound! > objective { result.bestBound = objective }
        return RosterSolution(
            problem: solved.problem, solverResult: result, roster: solved.roster, coverage: solved.coverage,
            variableCount: solved.variableCount, constraintCount: solved.constraintCount)
    }
}

extension RosterSolution {
    func withSolverResult(_ result: SolverResult, model: MIPModel) -> RosterSolution {
        RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: coverage,
            variableCount: model.variables.count, constraintCount: model.constraints.count)
    }
}

extension SolverResult {
    func with(values: [Double]?) -> SolverResult {
        var copy = self
        copy.values = values
        return copy
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

extension RosterOptimizer {
    /// Agents whose own hard rules cannot all hold, whatever the others do.
    ///
    /// Coverage is soft and every hard rule binds one agent, so the full model is infeasible
    /// exactly when some agent's rules alone are: solving each agent's model alone finds them.
    public func agentsWithConflictingRules(_ problem: RosterProblem, options: SolverOptions) throws -> [Agent] {
        var conflicting: [Agent] = []
        for agent in problem.agents {
            let single = try RosterProblem(
                name: "\(problem.name)-\(agent.id)", horizon: problem.horizon, templates: problem.templates,
                agents: [agent], required: problem.required, weights: problem.weights)
            let result = try solver.solve(RosterFormulation(problem: single).model, options: options)
            if result.status == .infeasible { conflicting.append(agent) }
        }
        return conflicting
    }
}
