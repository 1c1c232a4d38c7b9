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
    /// The search that was actually used, and why (never a silent switch).
    public var route = SolveRoute(used: "", reason: "")
}

/// Which search solved a problem and why it was chosen (written to summary.json).
public struct SolveRoute: Sendable, Equatable {
    /// `weekly-patterns`, `horizon-patterns`, `exact` or `decomposition`.
    public var used: String
    public var reason: String

    public init(used: String, reason: String) {
        self.used = used
        self.reason = reason
    }
}

/// How the optimizer searches.
public enum RosterStrategy: String, Sendable, CaseIterable {
    /// The full per-agent model handed to the solver as it is.
    case exact
    /// Shift counts per contract class first (a relaxation whose optimum bounds the roster),
    /// then named agents assigned to exactly those counts; falls back to the full model when the
    /// counts cannot be realized.
    case decomposition
    /// Weekly patterns per agent type by column generation, rounded, improved locally and
    /// finished by the integer master (`PatternSearch`); its bound is at least the full
    /// model's LP relaxation. The default.
    case patterns
}

/// Builds the model of a ``RosterProblem``, solves it with any `MIPSolver`, decodes the roster
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
    public func solve(_ problem: RosterProblem, options: SolverOptions, strategy: RosterStrategy = .patterns) throws -> RosterSolution {
        var solution = try route(problem, options: options, strategy: strategy)
        if solution.route.used.isEmpty { solution.route = SolveRoute(used: strategy.rawValue, reason: "requested") }
        options.log?("strategy: \(solution.route.used) (\(solution.route.reason))")
        return solution
    }

    private func route(_ given: RosterProblem, options: SolverOptions, strategy: RosterStrategy) throws -> RosterSolution {
        // A rule that cannot bind does not change the route (nor the model).
        let problem = given.withoutRulesThatCannotBind()
        // Horizon and day-level rules: the whole-horizon pattern search when it keeps every rule
        // of the problem, else the exact model (the weekly decompositions do not know them).
        if problem.usesHorizonRules, strategy != .exact {
            var why = HorizonPatternSearch.unsupported(problem)
            if why == nil, let generator = solver as? any ColumnGenerationSolver {
                let search = HorizonPatternSearch(problem: problem, solver: solver, generator: generator, options: options)
                if search.isTractable {
                    var solution = try search.run()
                    solution.route = SolveRoute(used: "horizon-patterns", reason: "rules over the horizon or day-level rules")
                    return solution
                }
                why = "the horizon search's pricing state would be too large"
            }
            var solution = try solve(RosterFormulation(problem: problem), options: options)
            solution.route = SolveRoute(
                used: "exact", reason: "rules over the horizon together with \(why ?? "a solver without column generation"), which the horizon search does not price yet")
            return solution
        }
        switch strategy {
        case .exact:
            var solution = try solve(RosterFormulation(problem: problem), options: options)
            solution.route = SolveRoute(used: "exact", reason: "requested (--strategy exact)")
            return solution
        case .patterns:
            guard let generator = solver as? any ColumnGenerationSolver else {
                var solution = try solve(problem, options: options, strategy: .decomposition)
                solution.route = SolveRoute(used: "decomposition", reason: "the solver has no column generation")
                return solution
            }
            var solution = try PatternSearch(problem: problem, solver: solver, generator: generator, options: options).run()
            solution.route = SolveRoute(used: "weekly-patterns", reason: "the default for weekly rules")
            return solution
        case .decomposition:
            // Re-rostering starts from the published roster: the full model, warm-started there.
            if let published = problem.published {
                var solution = try solveNearPublished(problem, published: published, options: options)
                solution.route = SolveRoute(used: "exact", reason: "re-rostering with --strategy decomposition: the full model, started from the published roster")
                return solution
            }
            let solved = try solveByDecomposition(problem, options: options)
            guard options.shouldStop?() == true, solved.solverResult.status.hasSolution, solved.solverResult.status != .optimal else { return solved }
            var result = solved.solverResult
            result.status = .feasible(.interrupted)
            return RosterSolution(
                problem: solved.problem, solverResult: result, roster: solved.roster, coverage: solved.coverage,
                variableCount: solved.variableCount, constraintCount: solved.constraintCount)
        }
    }

    /// The full model, started from the published roster (the shifts of it that are still
    /// possible) when that is a feasible point.
    func solveNearPublished(_ problem: RosterProblem, published: Roster, options: SolverOptions) throws -> RosterSolution {
        let full = RosterFormulation(problem: problem)
        var quick = options
        quick.progress = nil
        quick.timeLimitSeconds = options.timeLimitSeconds.map { $0 * 0.1 }
        var warm = options
        warm.initialSolution = try solver.completion(of: full.model, fixingIntegersAt: full.point(of: published), options: quick)?.values
        options.log?("re-rostering: the published roster is \(warm.initialSolution == nil ? "no longer feasible; searching from scratch" : "the starting point")")
        return try solve(full, options: warm)
    }

    /// Solves an already built full formulation (for example one that was also written as an LP file).
    public func solve(_ formulation: RosterFormulation, options: SolverOptions) throws -> RosterSolution {
        let result = try solver.solve(formulation.model, options: options)
        var solved = try solution(formulation: formulation, result: result, reportedModel: formulation.model)
        // Callers that route here on their own account overwrite this.
        solved.route = SolveRoute(used: "exact", reason: "requested (--strategy exact)")
        return solved
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
        func elapsed() -> Double { (clock.now - start).seconds }
        func remaining() -> Double? { options.timeLimitSeconds.map { max(0.1, $0 - elapsed()) } }
        var stageOptions = options
        stageOptions.progress = nil
        let tolerance = (options.relativeGap ?? 0) + 1e-9

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
        var bound = countResult.bestBound
        let countObjective = countResult.objective!
        func note(_ text: String) { options.log?(String(format: "decomposition %.1fs: ", elapsed()) + text) }
        note("stage 1, shift counts for \(counts.classes.count) classes: \(countResult.status.code), objective \(countObjective)")
        // Wishes are not in the count model (their penalties are ≥ 0, so its bound stays valid);
        // the full model's LP relaxation bounds them too.
        if problem.preferences.values.contains(where: { !$0.wishes.isEmpty }) {
            stageOptions.timeLimitSeconds = remaining().map { $0 * 0.2 }
            let relaxed = try solver.solve(full.model.relaxation(), options: stageOptions)
            if relaxed.status == .optimal, let value = relaxed.objective { bound = max(bound ?? value, value) }
            note("LP relaxation of the full model: \(relaxed.status.code), \(relaxed.objective.map { "\($0)" } ?? "–")")
        }
        options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: nil, bound: bound))
        let countsProven = countResult.status == .optimal

        /// Packages a roster found by a stage, with the decomposition's bound.
        func package(_ formulation: RosterFormulation, values: [Double], objective: Double, message: String) throws -> RosterSolution {
            let gap = relativeGap(incumbent: objective, bound: bound) ?? 1
            let status: TerminationStatus = countsProven && gap <= 1e-9 ? .optimal : .feasible(gap <= tolerance ? .gapLimit : .timeLimit)
            let result = SolverResult(status: status, objective: objective, bestBound: bound, values: values, wallSeconds: elapsed(), solverMessage: message)
            let packaged = try solution(formulation: formulation, result: result, reportedModel: full.model, claimedObjective: objective)
            options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: objective, bound: bound))
            return packaged.withSolverResult(packaged.solverResult.with(values: nil), model: full.model)
        }
        func goodEnough(_ solution: RosterSolution?) -> Bool {
            guard let solution else { return false }
            if options.shouldStop?() == true { return true }  // interrupted: the best so far
            return solution.solverResult.status == .optimal || (solution.solverResult.gap ?? 1) <= tolerance
        }
        var best: RosterSolution?
        func keep(_ candidate: RosterSolution) {
            if best == nil || candidate.solverResult.objective! < best!.solverResult.objective! - 1e-9 { best = candidate }
        }

        // Stage 2: named agents on exactly those counts. Coverage then costs what the counts cost;
        // the assignment's own objective is the wishes'. Exact realization is usually found fast
        // or not at all: cap its share of the time.
        let plan = counts.plan(from: countResult.values!)
        let assignment = RosterFormulation(problem: problem, fixedCounts: plan)
        stageOptions.timeLimitSeconds = remaining().map { min($0 * 0.3, max(3, $0 * 0.1)) }
        stageOptions.relativeGap = options.relativeGap
        // Find any realization first (constant objective: the feasibility pump's home ground),
        // then improve the wishes by re-optimizing a few agents of a class at a time.
        var feasibility = assignment.model
        feasibility.objective = LinearExpression()
        let assigned = try solver.solve(feasibility, options: stageOptions)
        note("stage 2, realize the counts: \(assigned.status.code)")
        if assigned.status.hasSolution, let found = assigned.values,
            let (values, wishCost) = try solver.completion(of: assignment.model, fixingIntegersAt: found, options: stageOptions)
        {
            note("stage 2, wishes as realized: \(wishCost)")
            keep(try package(assignment, values: values, objective: countObjective + wishCost,
                             message: "shift counts per contract class realized by named agents"))
            if goodEnough(best) { return best! }
            // Then the wishes: the same assignment model with its objective, started from there.
            if problem.preferences.values.contains(where: { !$0.wishes.isEmpty }) {
                var warm = stageOptions
                warm.initialSolution = values
                warm.timeLimitSeconds = remaining().map { $0 * 0.4 }
                let improved = try solver.solve(assignment.model, options: warm)
                note("stage 2, wishes optimized from there: \(improved.status.code), \(improved.objective.map { "\($0)" } ?? "–")")
                if improved.status.hasSolution, let better = improved.values, let cost = improved.objective, cost < wishCost - 1e-9 {
                    keep(try package(assignment, values: better, objective: countObjective + cost,
                                     message: "shift counts realized by named agents, wishes optimized for those counts"))
                    if goodEnough(best) { return best! }
                }
            }
        }

        // Stage 3: search the full model restricted to the shifts the plan uses for each class:
        // it can trade coverage against per-agent rules and wishes near the plan.
        let classOf = Dictionary(uniqueKeysWithValues: plan.classes.enumerated().flatMap { classIndex, contractClass in
            contractClass.agents.map { ($0, classIndex) }
        })
        // Each agent may work the shifts its class uses, and any shift some class uses: enough
        // room to re-split the plan among agents whose combinations the counts could not see.
        let usedByAny = Set(problem.shifts.indices.filter { index in plan.counts.contains { $0[index] > 0 } })
        let restricted = RosterFormulation(problem: problem) { agentIndex, shift in
            plan.counts[classOf[agentIndex]!][shift.index] > 0 || usedByAny.contains(shift.index)
        }
        stageOptions.timeLimitSeconds = remaining().map { $0 * 0.5 }
        let near = try solver.solve(restricted.model, options: stageOptions)
        note("stage 3, near the plan: \(near.status.code), \(near.objective.map { "\($0)" } ?? "–")")
        if near.status.hasSolution, let values = near.values, let objective = near.objective {
            keep(try package(restricted, values: values, objective: objective, message: "best roster near the shift-count plan"))
            if goodEnough(best) { return best! }
        }

        // Stage 4: not within the requested gap, or no roster yet: the full model with the time
        // left, warm-started from the best roster.
        if options.shouldStop?() == true, let found = best { return found.interrupted(model: full.model) }
        guard let found = best else { return try solveExact(full, options: options, remaining: remaining(), lowerBound: bound) }
        return try improveOrKeep(found, full: full, options: options, remaining: remaining(), lowerBound: bound, clock: clock, start: start)
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
        if result.gap == 0 { result.status = .optimal }
        return solved.withSolverResult(result, model: full.model)
    }

    /// Runs the full model with the time left, started from the best roster so far, and keeps the
    /// better roster and the better bound.
    private func improveOrKeep(
        _ best: RosterSolution, full: RosterFormulation, options: SolverOptions, remaining: Double?, lowerBound bound: Double?,
        clock: ContinuousClock, start: ContinuousClock.Instant
    ) throws -> RosterSolution {
        var warmOptions = options
        if let roster = best.roster {
            var quick = options
            quick.progress = nil
            quick.timeLimitSeconds = remaining.map { $0 * 0.1 }
            warmOptions.initialSolution = try solver.completion(of: full.model, fixingIntegersAt: full.point(of: roster), options: quick)?.values
        }
        let exact = try solveExact(full, options: warmOptions, remaining: remaining, lowerBound: bound)
        guard let bestObjective = best.solverResult.objective else { return exact }
        guard let exactObjective = exact.solverResult.objective, exactObjective < bestObjective - 1e-9 else {
            var result = best.solverResult
            if let exactBound = exact.solverResult.bestBound { result.bestBound = max(result.bestBound ?? exactBound, min(exactBound, bestObjective)) }
            result.status = result.gap == 0 ? .optimal : .feasible((result.gap ?? 1) <= (options.relativeGap ?? 0) + 1e-9 ? .gapLimit : .timeLimit)
            result.wallSeconds = (clock.now - start).seconds
            return best.withSolverResult(result, model: full.model)
        }
        return exact
    }
}

extension RosterProblem {
    /// The roster of a shift list per agent (indices into ``shifts``, agents in order) with its
    /// coverage, after the independent validator has checked it against the objective the search
    /// computed. Throws when the roster breaks a rule: a bug of the search.
    func validatedRoster(shifts perAgent: [[Int]], objective: Double) throws -> (Roster, [IntervalCoverage]) {
        var assignments: [Roster.Assignment] = []
        for (agent, list) in perAgent.enumerated() {
            for shift in list {
                assignments.append(Roster.Assignment(agentID: agents[agent].id, start: shifts[shift].start, end: shifts[shift].end))
            }
        }
        let roster = Roster(assignments: assignments, timeZone: horizon.timeZone)
        let coverage = coverage(of: roster)
        let violations = RosterValidator(problem: self).violations(of: roster, coverage: coverage, objective: objective)
        guard violations.isEmpty else { throw RosterOptimizer.InvalidRosterError(violations: violations) }
        return (roster, coverage)
    }
}

extension RosterSolution {
    func withSolverResult(_ result: SolverResult, model: MIPModel) -> RosterSolution {
        RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: coverage,
            variableCount: model.variables.count, constraintCount: model.constraints.count)
    }
}

extension RosterSolution {
    /// The same roster, marked as the best found when the search was interrupted.
    func interrupted(model: MIPModel) -> RosterSolution {
        var result = solverResult
        if result.status != .optimal { result.status = .feasible(.interrupted) }
        return withSolverResult(result, model: model)
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
    /// exactly when some agent's rules alone are: solving each agent's model alone (with their
    /// preference file's hard unavailability, their horizon rules and any locked published
    /// shifts) finds them.
    public func agentsWithConflictingRules(_ problem: RosterProblem, options: SolverOptions) throws -> [Agent] {
        var conflicting: [Agent] = []
        for (index, agent) in problem.agents.enumerated() {
            if options.shouldStop?() == true { break }
            let single = problem.subproblem(agents: [index], required: problem.required)
            let result = try solver.solve(RosterFormulation(problem: single).model, options: options)
            if result.status == .infeasible { conflicting.append(agent) }
        }
        return conflicting
    }
}
