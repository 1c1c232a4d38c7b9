import CGLPK
import CGLPKGuard
import LinearProgramming

extension GLPKSolver: ColumnGenerationSolver {
    /// Column generation with GLPK's primal simplex: the master's LP relaxation is built once,
    /// each round re-solves it from the previous basis (added columns enter non-basic at zero,
    /// so the basis stays primal feasible) and reads the row duals with `glp_get_row_dual`.
    /// The problem is created, solved and freed within this call, on this thread.
    public func generateColumns(
        master: MIPModel, options: SolverOptions, pricing: (LPSolution) throws -> LPUpdate
    ) throws -> LPSolution {
        try master.validate()
        try Self.validateForGLPK(master, options: options)
        let clock = ContinuousClock()
        let start = clock.now
        let rowCount = master.constraints.count
        return try TerminalOutput(log: options.log).routed {
            let problem = GLPKProblem(master.relaxation())
            var columnCount = master.variables.count
            var rounds = 0
            // After bound changes alone the basis stays dual feasible: the dual simplex is quicker.
            var boundsOnly = false
            while true {
                var simplex = glp_smcp()
                glp_init_smcp(&simplex)
                simplex.msg_lev = options.log == nil ? GLP_MSG_OFF : GLP_MSG_ERR
                simplex.presolve = GLP_OFF
                simplex.meth = boundsOnly ? GLP_DUALP : GLP_PRIMAL
                if let limit = options.timeLimitSeconds {
                    let left = max(0, limit - (clock.now - start).seconds)
                    simplex.tm_lim = Int32(min(left * 1000, Double(Int32.max)))
                }
                // GLPK's limit is per call and its count (glp_get_it_cnt) runs over the problem's
                // life: each round gets what the earlier rounds left of the total.
                let before = Int(glp_get_it_cnt(problem.pointer))
                if let own = options.workLimit?.simplexIterations { simplex.it_lim = Int32(clamping: max(0, own - before)) }
                if let meter = options.workMeter { simplex.it_lim = min(simplex.it_lim, Int32(clamping: meter.remaining)) }
                var code: Int32 = 0
                if cglpk_guarded_simplex(problem.pointer, &simplex, &code) != 0 {
                    problem.markFreedByGuard()
                    throw SolverError("GLPK stopped with an internal error while solving the master LP of \(master.name)")
                }
                rounds += 1
                options.workMeter?.add(Int(glp_get_it_cnt(problem.pointer)) - before)
                let status: LPSolution.Status
                switch (code, glp_get_status(problem.pointer)) {
                case (0, GLP_OPT): status = .optimal
                case (0, GLP_NOFEAS): status = .infeasible
                case (0, GLP_UNBND): status = .unbounded
                case (GLP_ETMLIM, _): status = .timeLimit
                case (GLP_EITLIM, _): status = .workLimit
                default: status = .failed(GLPKProblem.describe(code))
                }
                let solution = LPSolution(
                    status: status, objective: glp_get_obj_val(problem.pointer),
                    values: (0..<columnCount).map { glp_get_col_prim(problem.pointer, Int32($0 + 1)) },
                    duals: (0..<rowCount).map { glp_get_row_dual(problem.pointer, Int32($0 + 1)) },
                    rounds: rounds)
                // An infeasible master goes to `pricing` too: a dive can take its last fixing back.
                guard status == .optimal || status == .infeasible, options.shouldStop?() != true else { return solution }
                if let limit = options.timeLimitSeconds, (clock.now - start).seconds >= limit {
                    var stopped = solution
                    stopped.status = .timeLimit
                    return stopped
                }
                let update = try pricing(solution)
                if update.isEmpty { return solution }
                let columns = update.columns
                boundsOnly = columns.isEmpty
                try Self.validate(columns, rowCount: rowCount)
                try Self.validate(update.bounds, columnCount: columnCount)
                for change in update.bounds {
                    let (type, lower, upper) = GLPKProblem.boundType(change.lower, change.upper)
                    glp_set_col_bnds(problem.pointer, Int32(change.variable + 1), type, lower, upper)
                }
                guard !columns.isEmpty else { continue }
                glp_add_cols(problem.pointer, Int32(columns.count))
                for column in columns {
                    columnCount += 1
                    let index = Int32(columnCount)
                    let (type, lower, upper) = GLPKProblem.boundType(column.lowerBound, column.upperBound)
                    glp_set_col_bnds(problem.pointer, index, type, lower, upper)
                    glp_set_obj_coef(problem.pointer, index, column.objective)
                    let entries = column.entries.filter { $0.coefficient != 0 }
                    let rows: [Int32] = [0] + entries.map { Int32($0.row + 1) }
                    let values: [Double] = [0] + entries.map(\.coefficient)
                    glp_set_mat_col(problem.pointer, index, Int32(entries.count), rows, values)
                }
            }
        }
    }

    /// Bound changes `glp_set_col_bnds` would reject.
    static func validate(_ bounds: [(variable: Int, lower: Double, upper: Double?)], columnCount: Int) throws {
        for change in bounds {
            guard (0..<columnCount).contains(change.variable) else { throw ModelError.unsupported("bound change for column \(change.variable), which does not exist") }
            guard change.lower.isFinite, change.upper.map({ $0.isFinite && $0 >= change.lower }) ?? true else {
                throw ModelError.unsupported("invalid bounds for column \(change.variable)")
            }
        }
    }

    /// Everything `glp_set_col_bnds` and `glp_set_mat_col` would reject through `glp_error`.
    static func validate(_ columns: [NewColumn], rowCount: Int) throws {
        guard columns.count < Int(Int32.max) / 2 else { throw ModelError.unsupported("too many columns for GLPK") }
        for column in columns {
            guard column.objective.isFinite else { throw ModelError.unsupported("column \(column.name): objective \(column.objective) is not finite") }
            guard column.lowerBound.isFinite, column.upperBound.map({ $0.isFinite && $0 >= column.lowerBound }) ?? true else {
                throw ModelError.unsupported("column \(column.name): invalid bounds")
            }
            var seen = Set<Int>()
            for entry in column.entries {
                guard (0..<rowCount).contains(entry.row) else { throw ModelError.unsupported("column \(column.name): row \(entry.row) does not exist") }
                guard entry.coefficient.isFinite else { throw ModelError.unsupported("column \(column.name): coefficient is not finite") }
                guard seen.insert(entry.row).inserted else { throw ModelError.unsupported("column \(column.name): row \(entry.row) appears twice") }
            }
        }
    }
}
