import Foundation

/// What a solver reports while it searches.
public struct SolverProgress: Sendable, Equatable {
    /// Seconds since the solve started.
    public var elapsedSeconds: Double
    /// Objective of the best solution found so far, if any.
    public var incumbent: Double?
    /// Best proven bound on the optimum (a lower bound when minimizing), if known.
    public var bound: Double?
    /// Relative gap between incumbent and bound, if both are known.
    public var gap: Double? { relativeGap(incumbent: incumbent, bound: bound) }

    public init(elapsedSeconds: Double, incumbent: Double?, bound: Double?) {
        self.elapsedSeconds = elapsedSeconds
        self.incumbent = incumbent
        self.bound = bound
    }
}

/// Relative gap `|incumbent − bound| / max(|incumbent|, 1e-9)`, the definition GLPK and CBC use
/// (up to their epsilon), or `nil` when either side is unknown.
public func relativeGap(incumbent: Double?, bound: Double?) -> Double? {
    guard let incumbent, let bound else { return nil }
    let difference = abs(incumbent - bound)
    if difference <= 1e-9 { return 0 }
    return difference / max(abs(incumbent), 1e-9)
}

/// Work a solve may do, counted in units that do not depend on the machine's speed or load, so
/// that a solve cut by it ends the same way on an idle and on a busy machine (unlike a time limit).
public struct WorkLimit: Sendable, Equatable {
    /// Simplex iterations, over every LP the call solves; `nil` for no limit.
    public var simplexIterations: Int?
    /// Branch-and-bound nodes (subproblems selected); `nil` for no limit.
    public var nodes: Int?

    public init(simplexIterations: Int? = nil, nodes: Int? = nil) {
        self.simplexIterations = simplexIterations
        self.nodes = nodes
    }
}

/// The work of a whole run, shared by every solver call in it: each call adds the simplex
/// iterations it did, searches add other deterministic work converted to the same units (the
/// horizon search's pricing labels), and the search stops between steps (and GLPK in its
/// callback) once the budget is spent. Neither depends on the machine's speed or load, so a run
/// ended by its work budget ends the same way everywhere. Thread-safe.
///
/// A meter may have a `parent` (a step's own budget inside the run's): work added to it counts
/// against both, and it is spent when either is.
public final class WorkMeter: @unchecked Sendable {
    /// Work units (simplex iterations and converted work) this meter allows.
    public let budget: Int
    /// The enclosing budget, if any.
    public let parent: WorkMeter?
    private let lock = NSLock()
    private var used = 0

    public init(budget: Int, parent: WorkMeter? = nil) {
        self.budget = max(0, budget)
        self.parent = parent
    }

    /// Work done so far against this meter (its own charges included).
    public var iterations: Int { lock.withLock { used } }
    /// Whether this budget or an enclosing one is spent.
    public var isExhausted: Bool { iterations >= budget || parent?.isExhausted == true }
    /// Work left before this budget or an enclosing one is spent (0 when spent).
    public var remaining: Int { min(max(0, budget - iterations), parent?.remaining ?? Int.max) }

    /// Adds simplex iterations, or other work already converted to the same units, here and in
    /// every enclosing meter.
    public func add(_ units: Int) {
        lock.withLock { used += max(0, units) }
        parent?.add(units)
    }
}

/// How a solve should run.
public struct SolverOptions: @unchecked Sendable {
    /// Wall-clock limit in seconds; `nil` for none.
    public var timeLimitSeconds: Double?
    /// Deterministic work limit; `nil` for none. Checked together with the time limit: whichever
    /// comes first ends the solve.
    public var workLimit: WorkLimit?
    /// Stop once the relative gap between the best solution and the bound is at most this.
    public var relativeGap: Double?
    /// Run the solver's presolver.
    public var presolve = true
    /// Run a feasibility-pump heuristic when the solver has one (GLPK does).
    public var feasibilityPump = true
    /// Branch on the most fractional variable of the current LP, without trial solves or
    /// tableau rows. GLPK's pseudocost branching first solves two LPs per fractional variable
    /// (without a callback that could stop it at the time limit: seconds on models with many
    /// general integers), and both it and Driebeck–Tomlin compute a simplex-tableau row per
    /// fractional variable, each a pass over the whole matrix: on a restricted model searched
    /// for a few nodes, most of the time.
    public var quickBranching = false
    /// Generate the solver's cutting planes (GLPK: Gomory mixed-integer cuts) at the root and in
    /// the tree. Off by default: they cost time on models whose LP bound is already tight.
    public var cuttingPlanes = false
    /// A feasible point to start from (indexed like the model's variables). Checked against the
    /// model first and ignored when it is not feasible.
    public var initialSolution: [Double]?
    /// Receives the solver's own log lines. `nil` silences it.
    public var log: ((String) -> Void)?
    /// Called during the search with the incumbent and bound.
    public var progress: ((SolverProgress) -> Void)?
    /// Polled during the search: returning true stops it (status `.interrupted`), keeping the best
    /// solution found so far. It may be called from several threads at once (the weekly pattern
    /// search prices its agent types on every core), so it must only read thread-safe state.
    public var shouldStop: (() -> Bool)?
    /// The run's shared work budget (`--work-limit`); every call adds its iterations to it and
    /// stops (stop reason `.workLimit`) once it is spent.
    public var workMeter: WorkMeter?

    public init(
        timeLimitSeconds: Double? = nil, relativeGap: Double? = nil,
        log: ((String) -> Void)? = nil, progress: ((SolverProgress) -> Void)? = nil
    ) {
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.log = log
        self.progress = progress
    }
}

/// Why a search stopped before proving optimality.
public enum StopReason: String, Sendable, Equatable {
    case timeLimit = "time_limit"
    /// The deterministic work limit (``WorkLimit``) was reached.
    case workLimit = "work_limit"
    case gapLimit = "gap_limit"
    case interrupted
    /// A heuristic search stopped because it kept finding nothing better.
    case noImprovement = "no_improvement"
}

/// How a solve ended. Only misuse and bad input throw; everything here is a normal outcome.
public enum TerminationStatus: Sendable, Equatable {
    /// A solution proven optimal (within the solver's integrality tolerances).
    case optimal
    /// A feasible solution whose optimality is not proven; see the result's bound and gap.
    case feasible(StopReason)
    /// The search stopped before any feasible solution was found.
    case noSolutionFound(StopReason)
    /// The model has no feasible solution.
    case infeasible
    /// The objective can improve without limit.
    case unbounded
    /// The solver failed (numerical trouble, internal error); the message says how.
    case failed(String)

    /// Stable, machine-readable name (as written to summary files).
    public var code: String {
        switch self {
        case .optimal: return "optimal"
        case .feasible: return "feasible"
        case .noSolutionFound: return "no_solution_found"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .failed: return "failed"
        }
    }

    /// Whether a solution (values) comes with this status.
    public var hasSolution: Bool {
        switch self {
        case .optimal, .feasible: return true
        default: return false
        }
    }
}

/// The outcome of a solve.
public struct SolverResult: Sendable {
    public var status: TerminationStatus
    /// Objective of the returned solution.
    public var objective: Double?
    /// Best proven bound on the optimum; equals ``objective`` when optimal.
    public var bestBound: Double?
    /// Variable values, indexed like the model's variables; present when ``status`` has a solution.
    public var values: [Double]?
    /// Wall-clock seconds the solve took.
    public var wallSeconds: Double
    /// The solver's own description of how it ended (for logs and reports).
    public var solverMessage: String

    /// Relative gap between ``objective`` and ``bestBound``.
    public var gap: Double? { relativeGap(incumbent: objective, bound: bestBound) }

    public init(
        status: TerminationStatus, objective: Double?, bestBound: Double?, values: [Double]?,
        wallSeconds: Double, solverMessage: String
    ) {
        self.status = status
        self.objective = objective
        self.bestBound = bestBound
        self.values = values
        self.wallSeconds = wallSeconds
        self.solverMessage = solverMessage
    }
}

/// A mixed-integer programming solver.
///
/// Implementations must be safe to call from any thread and must not keep solver state between
/// calls: each call builds, solves and frees its own problem.
public protocol MIPSolver: Sendable {
    /// Solves `model`. Throws ``ModelError`` for a model the solver cannot accept and
    /// ``SolverError`` when the solver itself breaks down; every other outcome is a status.
    func solve(_ model: MIPModel, options: SolverOptions) throws -> SolverResult
}

extension MIPSolver {
    /// A point whose integer and binary variables keep `values` (rounded) and whose continuous
    /// ones (slack, levels) are re-optimized, with its objective; nil when no such point exists.
    /// Makes a warm start of a point found elsewhere, or prices it exactly.
    public func completion(of model: MIPModel, fixingIntegersAt values: [Double], options: SolverOptions) throws -> (values: [Double], objective: Double)? {
        try completion(of: model, fixing: model.variables.indices.filter { model.variables[$0].kind != .continuous }, at: values, options: options)
    }

    /// A point whose variables `fixing` keep `values` (rounded when integer) and whose others
    /// are solved for, with its objective; nil when no such point exists. For a model whose
    /// other integer variables follow from the fixed ones (indicators such as a weekend
    /// worked), which a point built from the fixed ones alone leaves at 0.
    public func completion(of model: MIPModel, fixing indices: [Int], at values: [Double], options: SolverOptions) throws -> (values: [Double], objective: Double)? {
        var fixed = model
        for index in indices where model.variables.indices.contains(index) && values.indices.contains(index) {
            let value = model.variables[index].kind == .continuous ? values[index] : values[index].rounded()
            fixed.setBounds(Variable(index: index), lower: value, upper: value)
        }
        let result = try solve(fixed, options: options)
        guard result.status.hasSolution, let completed = result.values, let objective = result.objective else { return nil }
        return (completed, objective)
    }
}

/// A solver that can write a model in CPLEX LP format, for inspection or for another solver.
public protocol LPFormatWriting: Sendable {
    func writeLP(_ model: MIPModel, to path: String) throws
}

/// A failure inside a solver library (not a normal solve outcome).
public struct SolverError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
