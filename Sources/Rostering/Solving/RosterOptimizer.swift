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
    /// The full model's size (every rule family's rows), whichever model was solved; nil when
    /// it was too large to measure (see ``RosterFormulation/fullModelSize(of:assignmentLimit:)``).
    public var fullModelSize: ModelSize?
}

/// Which search solved a problem and why it was chosen (written to summary.json).
public struct SolveRoute: Sendable, Equatable {
    /// `weekly-patterns`, `horizon-patterns` or `exact`.
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
        // The full model's size, measured first (its time counts against the limit) unless the
        // exact model is built anyway.
        var searchOptions = options
        var fullSize: ModelSize?
        if strategy != .exact {
            let clock = ContinuousClock(), start = clock.now
            fullSize = RosterFormulation.fullModelSize(of: problem.withoutRulesThatCannotBind())
            let seconds = (clock.now - start).seconds
            let size = fullSize.map { "\($0.variables) variables, \($0.constraints) constraints, \($0.nonZeros) non-zeros" }
            options.log?("full model: \(size ?? "too large to measure") (\(String(format: "%.2f", seconds)) s)")
            searchOptions.timeLimitSeconds = options.timeLimitSeconds.map { max(0.01, $0 - seconds) }
        }
        var solution = try route(problem, options: searchOptions, strategy: strategy)
        if solution.route.used.isEmpty { solution.route = SolveRoute(used: strategy.rawValue, reason: "requested") }
        if solution.fullModelSize == nil { solution.fullModelSize = fullSize }
        options.log?("strategy: \(solution.route.used) (\(solution.route.reason))")
        return solution
    }

    private func route(_ given: RosterProblem, options: SolverOptions, strategy: RosterStrategy) throws -> RosterSolution {
        // A rule that cannot bind does not change the route (nor the model).
        let problem = given.withoutRulesThatCannotBind()
        if problem.hasQueues { return try routeQueues(problem, options: options, strategy: strategy) }
        // Activities without horizon rules, and meetings with or without: the weekly search
        // (meetings in two stages, each a weekly search that prices the horizon rules), else the
        // exact model, saying why.
        if problem.hasActivities, !problem.usesHorizonRules || problem.hasMeetings, strategy != .exact { return try routeActivities(problem, options: options) }
        // Horizon and day-level rules: the whole-horizon pattern search when it keeps every rule
        // of the problem; else the weekly search, whose pricing keeps the horizon rules and the
        // requests and whose master has the day-level demands' rows; else the exact model.
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
            // Weekly rules, rest, wishes or a published roster with horizon rules, or a pricing
            // state too large for the horizon search: the weekly search.
            var weeklyMissing: String?
            if let why, let generator = solver as? any ColumnGenerationSolver {
                let search = PatternSearch(problem: problem, solver: solver, generator: generator, options: options)
                weeklyMissing = search.unsupported
                if weeklyMissing == nil {
                    return try runWeekly(search, reason: "rules over the horizon together with \(why)")
                }
            }
            var solution = try solveExact(problem, options: options)
            solution.route = SolveRoute(
                used: "exact",
                reason: "rules over the horizon together with \(why ?? "a solver without column generation"), which the horizon search does not price yet"
                    + (weeklyMissing.map { ", and \($0), which the weekly search does not keep" } ?? ""))
            return solution
        }
        switch strategy {
        case .exact:
            var solution = try solveExact(problem, options: options)
            solution.route = SolveRoute(used: "exact", reason: "requested (--strategy exact)")
            return solution
        case .patterns:
            guard let generator = solver as? any ColumnGenerationSolver else {
                var solution = try solveExact(problem, options: options)
                solution.route = SolveRoute(used: "exact", reason: "the solver has no column generation")
                return solution
            }
            var solution = try PatternSearch(problem: problem, solver: solver, generator: generator, options: options).run()
            solution.route = SolveRoute(used: "weekly-patterns", reason: "the default for weekly rules")
            return solution
        }
    }

    /// Several queues: the weekly search, whose master allocates agents of each skill set to the
    /// queues; meetings attended together by their two stages of it; where it does not keep the
    /// problem, the queues merged by the search, then the exact model's allocation.
    private func routeQueues(_ problem: RosterProblem, options: SolverOptions, strategy: RosterStrategy) throws -> RosterSolution {
        if strategy != .exact, let generator = solver as? any ColumnGenerationSolver {
            let search = PatternSearch(problem: problem, solver: solver, generator: generator, options: options)
            if search.unsupported == nil {
                return try runWeekly(search, reason: "several queues: the weekly search allocates each skill set's agents to its queues")
            }
            // Meetings attended together: their two stages, each a weekly search that allocates.
            if problem.hasMeetings, problem.published == nil {
                var solution = try routeActivities(problem, options: options)
                solution.route = SolveRoute(used: solution.route.used, reason: "several queues, allocated by the search; " + solution.route.reason)
                return solution
            }
        }
        let clock = ContinuousClock(), began = clock.now
        if strategy != .exact, let staged = try solveQueuesInStages(problem, options: options, route: { try route($0, options: $1, strategy: strategy) }) {
            return staged
        }
        var left = options
        left.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - began).seconds) }
        var solution = try solveExact(problem, options: left)
        solution.route = SolveRoute(
            used: "exact", reason: strategy == .exact ? "requested (--strategy exact)" : "several queues, whose merged problem gave no roster to start from")
        return solution
    }

    /// A problem with activities: meetings attended together (with or without horizon rules) by
    /// ``routeMeetings(_:generator:options:)``, other activities (without horizon rules) by the
    /// weekly search when it places them, else the exact model with the reason.
    private func routeActivities(_ problem: RosterProblem, options: SolverOptions) throws -> RosterSolution {
        if problem.hasMeetings, let generator = solver as? any ColumnGenerationSolver {
            return try routeMeetings(problem, generator: generator, options: options)
        }
        let search = (solver as? any ColumnGenerationSolver).map { PatternSearch(problem: problem, solver: solver, generator: $0, options: options) }
        if let search, search.unsupported == nil {
            return try runWeekly(search, reason: "the default for weekly rules, with activities inside shifts")
        }
        var solution = try solveExact(problem, options: options)
        solution.route = SolveRoute(
            used: "exact", reason: "activities with \(search?.unsupported ?? "a solver without column generation"), which the weekly search does not place yet")
        return solution
    }

    /// The weekly search's solution, routed for `reason`; the exact model, with the time left,
    /// when the search found no roster keeping the activities' at-once limits.
    private func runWeekly(_ search: PatternSearch, reason: String) throws -> RosterSolution {
        do {
            var solution = try search.run()
            solution.route = SolveRoute(used: "weekly-patterns", reason: reason)
            return solution
        } catch let error as PatternSearch.NoRosterKeepingAtOnce {
            var left = search.options
            left.timeLimitSeconds = search.options.timeLimitSeconds.map { max(0.05, $0 - search.elapsed()) }
            var solution = try solveExact(search.problem, options: left)
            solution.route = SolveRoute(used: "exact", reason: "\(error.rules.joined(separator: " and ")) that the weekly search found no roster to keep")
            return solution
        }
    }

    /// Builds the full model and solves it with what is left of the time limit once it is built
    /// (building a large model takes seconds, and the limit bounds the whole run).
    func solveExact(_ problem: RosterProblem, options: SolverOptions) throws -> RosterSolution {
        if let refusal = RosterFormulation.sizeRefusal(of: problem) { throw SolverError(refusal + "; the exact model is not built") }
        let clock = ContinuousClock(), start = clock.now
        let formulation = RosterFormulation(problem: problem)
        var left = options
        left.timeLimitSeconds = options.timeLimitSeconds.map { max(0.01, $0 - (clock.now - start).seconds) }
        return try solve(formulation, options: left)
    }

    /// Solves an already built full formulation (for example one that was also written as an LP file).
    public func solve(_ formulation: RosterFormulation, options: SolverOptions) throws -> RosterSolution {
        var options = options
        // Activity sessions spread thin over an LP's quiet intervals: its bound is weak, and
        // GLPK's Gomory cuts close it (the two-day test scenario of ActivitiesCLITests: optimal in 2 s
        // with them, a 23 % gap after 30 s without).
        // GLPK generates them without checking the time limit, so only on small models: on the
        // 12-agent week with activities (53,418 variables) they ran 264 s past a 60-s limit.
        if formulation.problem.hasActivities, formulation.model.variables.count <= Self.largestModelWithCuts { options.cuttingPlanes = true }
        // GLPK's pseudocost branching first solves two LPs per fractional variable, without a
        // time-limit check: on the 12-agent week with activities (53,418 variables, 725
        // fractional) that ran 270 s past a 60-s limit. Large models branch without trial solves.
        if formulation.model.variables.count > Self.largestModelWithPseudocosts { options.quickBranching = true }
        // GLPK's feasibility pump does not check the time limit either: on roster-bench's M week
        // with four queues (38,800 variables) it ran 68 s past a 30-s limit without a roster.
        if formulation.model.variables.count > Self.largestModelWithPump { options.feasibilityPump = false }
        let result = try solver.solve(formulation.model, options: options)
        var solved = try solution(formulation: formulation, result: result, reportedModel: formulation.model)
        solved.fullModelSize = formulation.model.size
        // Callers that route here on their own account overwrite this.
        solved.route = SolveRoute(used: "exact", reason: "requested (--strategy exact)")
        return solved
    }

    /// Largest model (variables) GLPK's cuts are asked for: their generation is not interrupted
    /// by the time limit.
    static let largestModelWithCuts = 5_000
    /// Largest model (variables) on which GLPK initializes pseudocosts by trial solves.
    static let largestModelWithPseudocosts = 10_000
    /// Largest model (variables) GLPK's feasibility pump runs on.
    static let largestModelWithPump = 20_000

    /// Decodes, validates and packages a result of `formulation`'s model.
    func solution(
        formulation: RosterFormulation, result: SolverResult, reportedModel: MIPModel
    ) throws -> RosterSolution {
        let problem = formulation.problem
        var roster: Roster?
        var coverage: [IntervalCoverage] = []
        var result = result
        if result.status.hasSolution, let values = result.values {
            let decoded = formulation.decode(values)
            coverage = problem.coverage(of: decoded)
            if problem.hasQueues, let objective = result.objective {
                // A solver stopped early may hold an allocation worse than the roster's best:
                // the roster is worth what its best allocation pays.
                result.objective = objective - formulation.queuePenalty(values) + problem.queueCoveragePenalty(coverage)
            }
            let violations = RosterValidator(problem: problem).violations(
                of: decoded, coverage: coverage, objective: result.objective)
            guard violations.isEmpty else { throw InvalidRosterError(violations: violations) }
            roster = decoded
        }
        return RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: coverage,
            variableCount: reportedModel.variables.count, constraintCount: reportedModel.constraints.count)
    }
}

extension RosterProblem {
    /// The roster of a shift list per agent (indices into ``shifts``, agents in order) with its
    /// coverage, after the independent validator has checked it against the objective the search
    /// computed. Throws when the roster breaks a rule: a bug of the search.
    func validatedRoster(shifts perAgent: [[Int]], objective: Double) throws -> (Roster, [IntervalCoverage]) {
        try validatedRoster(placed: perAgent.map { $0.map { (shift: $0, plan: 0) } }, objective: objective)
    }

    /// As ``validatedRoster(shifts:objective:)``, each shift with the placement of its breaks and,
    /// when given (by agent and position), its activity sessions.
    func validatedRoster(placed perAgent: [[(shift: Int, plan: Int)]], sessions: [[[Roster.Session]]]? = nil, objective: Double) throws -> (Roster, [IntervalCoverage]) {
        var assignments: [Roster.Assignment] = []
        for (agent, list) in perAgent.enumerated() {
            for (position, (shift, plan)) in list.enumerated() {
                assignments.append(Roster.Assignment(
                    agentID: agents[agent].id, start: shifts[shift].start, end: shifts[shift].end, breaks: breaks(of: shifts[shift], plan: plan),
                    activities: sessions?[agent][position] ?? []))
            }
        }
        let roster = Roster(assignments: assignments, timeZone: horizon.timeZone)
        let coverage = coverage(of: roster)
        let violations = RosterValidator(problem: self).violations(of: roster, coverage: coverage, objective: objective)
        guard violations.isEmpty else { throw RosterOptimizer.InvalidRosterError(violations: violations) }
        return (roster, coverage)
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

extension RosterOptimizer {
    /// Hard activities without which an infeasible problem becomes feasible: each is tried soft
    /// in turn, the others kept. Empty when the problem has none or none alone is to blame.
    public func hardActivitiesThatCannotBePlaced(_ problem: RosterProblem, options: SolverOptions) throws -> [Activity] {
        var blocking: [Activity] = []
        for (index, activity) in problem.activities.enumerated() where activity.hard {
            if options.shouldStop?() == true { break }
            var softened = problem
            softened.activities[index].hard = false
            let result = try solver.solve(RosterFormulation(problem: softened).model, options: options)
            if result.status.hasSolution { blocking.append(activity) }
        }
        return blocking
    }
}
