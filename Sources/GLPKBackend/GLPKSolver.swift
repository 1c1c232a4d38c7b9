import CGLPK
import CGLPKGuard
import Foundation
import LinearProgramming

/// Solves ``MIPModel``s with GLPK's branch-and-cut (`glp_intopt`).
///
/// This is the only code in the project that calls GLPK. Every call builds, solves, reads and
/// frees its GLPK problem in one synchronous call on the calling thread, because a GLPK problem
/// belongs to the thread that created it. Inputs are validated before any GLPK call; the heavy
/// calls run under a C guard that turns a GLPK error into a ``SolverError`` instead of an abort.
public struct GLPKSolver: MIPSolver, LPFormatWriting {
    /// Branching rule; hybrid pseudo-cost (GLPK's `GLP_BR_PCH`) by default.
    public var branching: Branching = .hybridPseudoCost

    public enum Branching: Sendable {
        case driebeckTomlin, hybridPseudoCost, mostFractional

        var code: Int32 {
            switch self {
            case .driebeckTomlin: return GLP_BR_DTH
            case .hybridPseudoCost: return GLP_BR_PCH
            case .mostFractional: return GLP_BR_MFV
            }
        }
    }

    public init() {}

    /// GLPK's version string, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    public func solve(_ model: MIPModel, options: SolverOptions) throws -> SolverResult {
        try model.validate()
        try Self.validateForGLPK(model, options: options)
        let clock = ContinuousClock()
        let start = clock.now
        let output = TerminalOutput(log: options.log)
        return try output.routed {
            let problem = GLPKProblem(model)
            let monitor = SearchMonitor(options: options, clock: clock, start: start)
            // A warm start is injected through the callback, which sees the original columns only
            // without presolve; glp_intopt then needs an optimal LP basis first (as it does
            // whenever its presolver is off).
            if let initial = options.initialSolution, initial.count == model.variables.count,
                initial.allSatisfy(\.isFinite), model.violations(of: initial).isEmpty
            {
                monitor.initialSolution = [0] + initial
            }
            // The root LP is solved here, in slices, whenever the caller can interrupt the solve
            // or limits its time (GLPK's presolved root LP has no callback and overran its time
            // limit by 20 s on a 215,000-variable model: Ctrl-C would wait for it to finish).
            // A root LP that takes few iterations is solved again by glp_intopt with its
            // presolver, which speeds the branch and bound up (S of roster-bench, exact: 3.7 s
            // with it, 38 s without); a long one is kept and glp_intopt starts from its basis.
            let rootHere = monitor.initialSolution != nil || !options.presolve || options.shouldStop != nil || options.timeLimitSeconds != nil
            var quickRoot = false
            if rootHere {
                let code = try solveRootLP(problem, model: model, options: options, clock: clock, start: start)
                quickRoot = code == 0 && Int(glp_get_it_cnt(problem.pointer)) <= Self.quickRootIterations
                // A limit reached in the root LP ends the solve: going on with GLPK's presolver
                // would solve the root LP again, beyond the limit.
                if code == GLP_EITLIM || code == GLP_ETMLIM || code == GLP_ESTOP {
                    options.workMeter?.add(Int(glp_get_it_cnt(problem.pointer)))
                    return problem.rootResult(code: code, model: model, wallSeconds: (clock.now - start).seconds)
                }
                if code != 0 || glp_get_status(problem.pointer) != GLP_OPT {
                    // No optimal root basis: glp_intopt cannot start without its presolver.
                    monitor.initialSolution = nil
                    if !options.presolve {
                        options.workMeter?.add(Int(glp_get_it_cnt(problem.pointer)))
                        return problem.rootResult(code: code, model: model, wallSeconds: (clock.now - start).seconds)
                    }
                }
            }
            var parameters = glp_iocp()
            glp_init_iocp(&parameters)
            parameters.presolve = options.presolve && monitor.initialSolution == nil
                && (!rootHere || quickRoot || glp_get_status(problem.pointer) != GLP_OPT) ? GLP_ON : GLP_OFF
            parameters.fp_heur = options.feasibilityPump ? GLP_ON : GLP_OFF
            parameters.br_tech = options.quickBranching ? Branching.mostFractional.code : branching.code
            parameters.msg_lev = options.log == nil ? GLP_MSG_OFF : GLP_MSG_ON
            // Gomory's mixed-integer cuts only: GLPK builds the clique cuts' conflict graph before
            // its first callback (8 s past a 60-s limit on 53,000 binaries), and the MIR and cover
            // cuts did not close the activity models' gap alone.
            if options.cuttingPlanes { parameters.gmi_cuts = GLP_ON }
            if let limit = options.timeLimitSeconds {
                // What is left after the root LP solved above.
                parameters.tm_lim = Int32(min(max(limit - (clock.now - start).seconds, 0) * 1000, Double(Int32.max)))
            }
            if let gap = options.relativeGap { parameters.mip_gap = gap }
            parameters.cb_func = { tree, info in
                guard let tree, let info else { return }
                Unmanaged<SearchMonitor>.fromOpaque(info).takeUnretainedValue().observe(tree)
            }
            parameters.cb_info = Unmanaged.passUnretained(monitor).toOpaque()

            var code: Int32 = 0
            let guardFailed = withExtendedLifetime(monitor) {
                cglpk_guarded_intopt(problem.pointer, &parameters, &code) != 0
            }
            if guardFailed {
                problem.markFreedByGuard()
                throw SolverError("GLPK stopped with an internal error while solving \(model.name)")
            }
            let seconds = (clock.now - start).seconds
            options.workMeter?.add(Int(glp_get_it_cnt(problem.pointer)))
            return problem.result(returnCode: code, monitor: monitor, wallSeconds: seconds, model: model)
        }
    }

    /// A root LP solved within this many simplex iterations is solved again by glp_intopt's
    /// presolver (cheap, and its reductions speed the branch and bound up).
    static let quickRootIterations = 20_000

    /// Iterations of one slice of the root LP: Ctrl-C and the wall clock are checked between
    /// slices (GLPK keeps the basis, so a slice goes on where the last one stopped).
    static let rootSliceIterations = 1_000

    /// Solves the LP relaxation of `problem` in slices of ``rootSliceIterations``, within the
    /// call's time and work limits; returns GLPK's code, `GLP_ESTOP` when `shouldStop` asked.
    func solveRootLP(
        _ problem: GLPKProblem, model: MIPModel, options: SolverOptions, clock: ContinuousClock, start: ContinuousClock.Instant
    ) throws -> Int32 {
        let limit = Self.iterationLimit(options)
        while true {
            if options.shouldStop?() == true { return GLP_ESTOP }
            var simplex = glp_smcp()
            glp_init_smcp(&simplex)
            simplex.msg_lev = options.log == nil ? GLP_MSG_OFF : GLP_MSG_ERR
            simplex.presolve = GLP_OFF
            if let seconds = options.timeLimitSeconds {
                let left = max(0, seconds - (clock.now - start).seconds)
                simplex.tm_lim = Int32(min(left * 1000, Double(Int32.max)))
            }
            let done = Int(glp_get_it_cnt(problem.pointer))
            let sliceEnd = done + Self.rootSliceIterations
            simplex.it_lim = Int32(clamping: max(0, min(limit ?? Int.max, sliceEnd) - done))
            var code: Int32 = 0
            if cglpk_guarded_simplex(problem.pointer, &simplex, &code) != 0 {
                problem.markFreedByGuard()
                throw SolverError("GLPK stopped with an internal error while solving the LP of \(model.name)")
            }
            // The slice ran out, not the call's own limit: go on.
            if code == GLP_EITLIM, Int(glp_get_it_cnt(problem.pointer)) < (limit ?? Int.max) { continue }
            return code
        }
    }

    /// The simplex iteration limit of one call: its own work limit and what is left of the run's.
    static func iterationLimit(_ options: SolverOptions) -> Int? {
        let limits = [options.workLimit?.simplexIterations, options.workMeter?.remaining].compactMap { $0 }
        return limits.min().map { max(0, $0) }
    }

    /// Writes the model in CPLEX LP format with ``LPFile`` (streaming: GLPK's own writer would
    /// first copy the model, about 2.5 GB more on the 24/7 week's 16 million non-zeros).
    public func writeLP(_ model: MIPModel, to path: String) throws {
        try Self.validateForGLPK(model, options: SolverOptions())
        try LPFile.write(model, to: path)
    }

    /// Reads a CPLEX LP file with GLPK's reader (`glp_read_lp`) into a model: variables with
    /// their names, kinds and bounds, rows with their names, terms and bounds, the objective.
    /// GLPK reads bounded integers in [0, 1] as integers: they come back as `.integer`.
    public func readLP(from path: String) throws -> MIPModel {
        guard !path.isEmpty, !path.contains("\0"), FileManager.default.isReadableFile(atPath: path) else {
            throw SolverError("cannot read the LP file '\(path)'")
        }
        return try TerminalOutput(log: nil).routed {
            let problem = GLPKProblem(MIPModel(name: "read"))
            var code: Int32 = 0
            if cglpk_guarded_read_lp(problem.pointer, path, &code) != 0 {
                problem.markFreedByGuard()
                throw SolverError("GLPK stopped with an internal error while reading \(path)")
            }
            if code != 0 { throw SolverError("GLPK could not read the LP file \(path)") }
            return problem.model()
        }
    }

    /// GLPK's own limits, checked so that no call reaches `glp_error`.
    static func validateForGLPK(_ model: MIPModel, options: SolverOptions) throws {
        let maxIndex = Int(Int32.max) - 1
        guard model.variables.count < maxIndex, model.constraints.count < maxIndex else {
            throw ModelError.unsupported("model too large for GLPK")
        }
        let nonZeros = model.constraints.reduce(0) { $0 + $1.expression.terms.count }
        guard nonZeros < maxIndex else { throw ModelError.unsupported("model has too many non-zeros for GLPK") }
        if let limit = options.timeLimitSeconds, !(limit.isFinite && limit >= 0) {
            throw ModelError.unsupported("time limit must be a non-negative number of seconds, not \(limit)")
        }
        if let gap = options.relativeGap, !(gap.isFinite && gap >= 0) {
            throw ModelError.unsupported("relative gap must be a non-negative number, not \(gap)")
        }
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Owner of one `glp_prob`, created from a validated model and freed on the creating thread.
final class GLPKProblem {
    private(set) var pointer: OpaquePointer
    private var freedByGuard = false
    private let owner = pthread_self()

    init(_ model: MIPModel) {
        pointer = glp_create_prob()
        glp_set_prob_name(pointer, LPNames.safe(model.name, fallback: "model"))
        glp_set_obj_dir(pointer, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_name(pointer, "objective")

        let columnCount = model.variables.count
        if columnCount > 0 { glp_add_cols(pointer, Int32(columnCount)) }
        var columnNames = LPNames()
        for (offset, variable) in model.variables.enumerated() {
            let column = Int32(offset + 1)
            glp_set_col_name(pointer, column, columnNames.unique(variable.name, fallback: "x\(column)"))
            switch variable.kind {
            case .binary: glp_set_col_kind(pointer, column, GLP_BV)
            case .integer: glp_set_col_kind(pointer, column, GLP_IV)
            case .continuous: break
            }
            // GLP_BV sets [0, 1]; narrower bounds (a binary fixed to 0 or 1) are applied after it.
            if variable.kind != .binary || variable.lowerBound != 0 || variable.upperBound != 1 {
                let (type, lower, upper) = Self.boundType(variable.lowerBound, variable.upperBound)
                glp_set_col_bnds(pointer, column, type, lower, upper)
            }
        }

        let normalizedObjective = model.objective.normalized()
        glp_set_obj_coef(pointer, 0, normalizedObjective.constant)
        for term in normalizedObjective.terms {
            glp_set_obj_coef(pointer, Int32(term.variable.index + 1), term.coefficient)
        }

        let rowCount = model.constraints.count
        guard rowCount > 0 else { return }
        glp_add_rows(pointer, Int32(rowCount))
        var rowNames = LPNames()
        var rowIndices: [Int32] = [0]
        var columnIndices: [Int32] = [0]
        var values: [Double] = [0]
        for (offset, constraint) in model.constraints.enumerated() {
            let row = Int32(offset + 1)
            glp_set_row_name(pointer, row, rowNames.unique(constraint.name, fallback: "r\(row)"))
            // Constraints are stored normalized (one term per column), as glp_load_matrix requires.
            let constant = constraint.expression.constant
            let (lower, upper) = constraint.bound.limits
            let (type, low, high) = Self.boundType(lower.map { $0 - constant }, upper.map { $0 - constant })
            glp_set_row_bnds(pointer, row, type, low, high)
            for term in constraint.expression.terms {
                rowIndices.append(row)
                columnIndices.append(Int32(term.variable.index + 1))
                values.append(term.coefficient)
            }
        }
        glp_load_matrix(pointer, Int32(values.count - 1), rowIndices, columnIndices, values)
    }

    /// GLPK bound type and limits for optional lower and upper bounds.
    static func boundType(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): return (GLP_FR, 0, 0)
        case (let low?, nil): return (GLP_LO, low, 0)
        case (nil, let high?): return (GLP_UP, 0, high)
        case (let low?, let high?): return low == high ? (GLP_FX, low, low) : (GLP_DB, low, high)
        }
    }

    /// After a guarded call failed, GLPK's environment (and this problem) is already gone.
    func markFreedByGuard() { freedByGuard = true }

    /// The problem as a model (after ``GLPKSolver/readLP(from:)``): names, kinds, bounds, rows
    /// and the objective, in GLPK's order.
    func model() -> MIPModel {
        var model = MIPModel(name: glp_get_prob_name(pointer).map { String(cString: $0) } ?? "model")
        model.sense = glp_get_obj_dir(pointer) == GLP_MAX ? .maximize : .minimize
        let columns = Int(glp_get_num_cols(pointer)), rows = Int(glp_get_num_rows(pointer))
        for column in stride(from: 1, through: columns, by: 1) {
            let index = Int32(column)
            let kind: VariableKind = glp_get_col_kind(pointer, index) == GLP_CV ? .continuous : .integer
            let (lower, upper) = Self.limits(type: glp_get_col_type(pointer, index), glp_get_col_lb(pointer, index), glp_get_col_ub(pointer, index))
            let variable = model.addVariable(glp_get_col_name(pointer, index).map { String(cString: $0) } ?? "", kind: kind, lowerBound: lower, upperBound: upper)
            let coefficient = glp_get_obj_coef(pointer, index)
            if coefficient != 0 { model.addObjectiveTerm(variable, coefficient) }
        }
        model.objective.constant = glp_get_obj_coef(pointer, 0)
        var indices = [Int32](repeating: 0, count: columns + 1)
        var values = [Double](repeating: 0, count: columns + 1)
        for row in stride(from: 1, through: rows, by: 1) {
            let index = Int32(row)
            let count = Int(glp_get_mat_row(pointer, index, &indices, &values))
            let terms = stride(from: 1, through: count, by: 1).map { LinearTerm(Variable(index: Int(indices[$0]) - 1), values[$0]) }
            let bound: ConstraintBound = switch Self.limits(type: glp_get_row_type(pointer, index), glp_get_row_lb(pointer, index), glp_get_row_ub(pointer, index)) {
            case let (low?, high?) where low == high: .equal(low)
            case let (low?, high?): .range(low, high)
            case let (low?, nil): .greaterOrEqual(low)
            case let (nil, high?): .lessOrEqual(high)
            case (nil, nil): .range(-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude)
            }
            model.addConstraint(glp_get_row_name(pointer, index).map { String(cString: $0) } ?? "", LinearExpression(terms), bound)
        }
        return model
    }

    /// Optional bounds of a GLPK bound type (the inverse of ``boundType(_:_:)``).
    static func limits(type: Int32, _ lower: Double, _ upper: Double) -> (Double?, Double?) {
        switch type {
        case GLP_FR: (nil, nil)
        case GLP_LO: (lower, nil)
        case GLP_UP: (nil, upper)
        case GLP_FX: (lower, lower)
        default: (lower, upper)
        }
    }

    func result(returnCode: Int32, monitor: SearchMonitor, wallSeconds: Double, model: MIPModel) -> SolverResult {
        let mipStatus = glp_mip_status(pointer)
        let hasSolution = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
        let objective = hasSolution ? glp_mip_obj_val(pointer) : nil
        var values: [Double]?
        if hasSolution {
            values = (0..<model.variables.count).map { glp_mip_col_val(pointer, Int32($0 + 1)) }
        }
        let stopReason: StopReason
        switch returnCode {
        case GLP_EMIPGAP: stopReason = .gapLimit
        case GLP_ESTOP: stopReason = monitor.stoppedForTime ? .timeLimit : monitor.stoppedForWork ? .workLimit : .interrupted
        default: stopReason = .timeLimit
        }
        let status: TerminationStatus
        let message: String
        var bound: Double? = monitor.bestBound
        switch returnCode {
        case 0 where mipStatus == GLP_OPT:
            status = .optimal
            message = "integer optimum found"
            bound = objective
        case 0 where mipStatus == GLP_NOFEAS:
            status = .infeasible
            message = "the problem has no integer feasible solution"
        case GLP_EMIPGAP, GLP_ETMLIM, GLP_ESTOP:
            status = hasSolution ? .feasible(stopReason) : .noSolutionFound(stopReason)
            message = Self.describe(returnCode)
        case GLP_ENOPFS:
            status = .infeasible
            message = "the LP relaxation has no primal feasible solution"
        case GLP_ENODFS:
            status = .unbounded
            message = "the LP relaxation has no dual feasible solution (unbounded)"
        default:
            status = .failed(Self.describe(returnCode))
            message = Self.describe(returnCode)
        }
        if !status.hasSolution { values = nil }
        // A bound reported for a minimization can never lie above the incumbent.
        if let objective, let known = bound {
            bound = model.sense == .minimize ? min(known, objective) : max(known, objective)
        }
        return SolverResult(
            status: status, objective: status.hasSolution ? objective : nil, bestBound: bound,
            values: values, wallSeconds: wallSeconds, solverMessage: message)
    }

    /// The outcome when the root LP, solved before glp_intopt, ended without an optimal basis.
    func rootResult(code: Int32, model: MIPModel, wallSeconds: Double) -> SolverResult {
        let status: TerminationStatus
        switch (code, glp_get_status(pointer)) {
        case (0, GLP_NOFEAS): status = .infeasible
        case (0, GLP_UNBND): status = .unbounded
        case (GLP_ETMLIM, _): status = .noSolutionFound(.timeLimit)
        case (GLP_EITLIM, _): status = .noSolutionFound(.workLimit)
        case (GLP_ESTOP, _): status = .noSolutionFound(.interrupted)
        default: status = .failed(Self.describe(code))
        }
        return SolverResult(status: status, objective: nil, bestBound: nil, values: nil, wallSeconds: wallSeconds,
                            solverMessage: code == 0 ? "the LP relaxation has no optimal solution" : Self.describe(code))
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case 0: return "solved"
        case GLP_EBOUND: return "invalid bounds (GLP_EBOUND)"
        case GLP_EROOT: return "optimal basis for the root LP not provided (GLP_EROOT)"
        case GLP_ENOPFS: return "no primal feasible solution (GLP_ENOPFS)"
        case GLP_ENODFS: return "no dual feasible solution (GLP_ENODFS)"
        case GLP_EFAIL: return "the search failed (GLP_EFAIL)"
        case GLP_EMIPGAP: return "relative MIP gap tolerance reached (GLP_EMIPGAP)"
        case GLP_ETMLIM: return "time limit exceeded (GLP_ETMLIM)"
        case GLP_EITLIM: return "simplex iteration limit exceeded (GLP_EITLIM)"
        case GLP_ESTOP: return "search terminated by the application (GLP_ESTOP)"
        default: return "GLPK return code \(code)"
        }
    }

    deinit {
        guard !freedByGuard else { return }
        precondition(pthread_equal(owner, pthread_self()) != 0, "a GLPK problem must be freed on the thread that created it")
        glp_delete_prob(pointer)
    }
}

/// Watches GLPK's branch-and-cut through its callback: records incumbent and bound, reports
/// progress, and stops the search at the wall-clock limit (GLPK's own limit starts late).
final class SearchMonitor {
    let options: SolverOptions
    let clock: ContinuousClock
    let start: ContinuousClock.Instant
    private(set) var bestBound: Double?
    private(set) var incumbent: Double?
    private(set) var stoppedForTime = false
    private(set) var stoppedForWork = false
    /// Subproblems selected so far (GLPK's `GLP_ISELECT` calls): the branch-and-bound nodes.
    private(set) var nodes = 0
    private var lastReport: Double = -1
    /// A checked feasible point (1-based, index 0 unused) to hand to GLPK once.
    var initialSolution: [Double]?

    init(options: SolverOptions, clock: ContinuousClock, start: ContinuousClock.Instant) {
        self.options = options
        self.clock = clock
        self.start = start
    }

    /// Whether this call's work limit, or the run's budget, is spent.
    func workSpent(iterations: Int) -> Bool {
        if let work = options.workLimit {
            if let most = work.nodes, nodes > most { return true }
            if let most = work.simplexIterations, iterations > most { return true }
        }
        if let meter = options.workMeter, meter.iterations + iterations >= meter.budget { return true }
        return false
    }

    func observe(_ tree: OpaquePointer) {
        let reason = glp_ios_reason(tree)
        if reason == GLP_IHEUR, let initial = initialSolution {
            initialSolution = nil
            _ = initial.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
        }
        guard reason == GLP_ISELECT || reason == GLP_IBINGO || reason == GLP_IHEUR || reason == GLP_IPREPRO else {
            // Every other call (row and cut generation, branching) still checks the wall clock
            // and Ctrl-C, so that a long node does not run past the limit.
            stopIfOutOfTime(tree)
            return
        }
        if reason == GLP_ISELECT { nodes += 1 }
        let node = glp_ios_best_node(tree)
        if node > 0 {
            // GLPK reports ±DBL_MAX while a node has no bound yet.
            let bound = glp_ios_node_bound(tree, node)
            if abs(bound) < 1e300 { bestBound = bound }
        }
        var newIncumbent = false
        let problem = glp_ios_get_prob(tree)
        if glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT {
            let value = glp_mip_obj_val(problem)
            newIncumbent = incumbent != value
            incumbent = value
        }
        let elapsed = (clock.now - start).seconds
        if let progress = options.progress, newIncumbent || elapsed - lastReport >= 0.5 {
            lastReport = elapsed
            progress(SolverProgress(elapsedSeconds: elapsed, incumbent: incumbent, bound: bestBound))
        }
        if stopIfOutOfTime(tree) {
            return
        } else if workSpent(iterations: Int(glp_get_it_cnt(problem))) {
            stoppedForWork = true
            glp_ios_terminate(tree)
        }
    }

    /// Ends the search at the wall-clock limit or on Ctrl-C; whether it did.
    @discardableResult
    func stopIfOutOfTime(_ tree: OpaquePointer) -> Bool {
        if let limit = options.timeLimitSeconds, (clock.now - start).seconds >= limit {
            stoppedForTime = true
            glp_ios_terminate(tree)
            return true
        }
        if options.shouldStop?() == true {
            glp_ios_terminate(tree)
            return true
        }
        return false
    }
}

/// Routes GLPK's terminal output (a per-thread setting) to a log closure or discards it, for
/// the duration of one call.
final class TerminalOutput {
    let log: ((String) -> Void)?
    private var pending = ""

    init(log: ((String) -> Void)?) { self.log = log }

    func routed<T>(_ body: () throws -> T) throws -> T {
        if log == nil {
            cglpk_route_terminal_output(nil, nil)
        } else {
            cglpk_route_terminal_output({ info, text in
                guard let info, let text else { return 1 }
                Unmanaged<TerminalOutput>.fromOpaque(info).takeUnretainedValue().receive(String(cString: text))
                return 1
            }, Unmanaged.passUnretained(self).toOpaque())
        }
        defer {
            cglpk_route_terminal_output(nil, nil)
            flush()
        }
        return try withExtendedLifetime(self) { try body() }
    }

    private func receive(_ text: String) {
        pending += text
        while let newline = pending.firstIndex(of: "\n") {
            log?(String(pending[..<newline]))
            pending = String(pending[pending.index(after: newline)...])
        }
    }

    private func flush() {
        if !pending.isEmpty { log?(pending) }
        pending = ""
    }
}

extension GLPKSolver {
    /// Calls `glp_intopt` with an invalid parameter under the guard, as the tests' proof that a
    /// GLPK error comes back as a failure instead of aborting the process. Returns whether the
    /// guard caught it.
    static func guardCatchesGLPKErrorForTesting() -> Bool {
        var model = MIPModel(name: "guard")
        let x = model.addVariable("x", kind: .binary)
        model.objective = LinearExpression([LinearTerm(x, 1)])
        return (try? TerminalOutput(log: nil).routed {
            let problem = GLPKProblem(model)
            var parameters = glp_iocp()
            glp_init_iocp(&parameters)
            parameters.msg_lev = 99  // glp_intopt rejects this through glp_error
            var code: Int32 = 0
            let caught = cglpk_guarded_intopt(problem.pointer, &parameters, &code) != 0
            if caught { problem.markFreedByGuard() }
            return caught
        }) ?? false
    }
}
