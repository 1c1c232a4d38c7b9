/// A column to add to a linear program during column generation: a continuous variable with
/// its objective coefficient, bounds and coefficients in existing rows.
public struct NewColumn: Sendable, Equatable {
    public var name: String
    public var objective: Double
    public var lowerBound: Double
    public var upperBound: Double?
    /// `(row index, coefficient)` pairs; each row at most once.
    public var entries: [(row: Int, coefficient: Double)]

    public init(name: String, objective: Double, lowerBound: Double = 0, upperBound: Double? = nil, entries: [(row: Int, coefficient: Double)]) {
        self.name = name
        self.objective = objective
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.entries = entries
    }

    public static func == (lhs: NewColumn, rhs: NewColumn) -> Bool {
        lhs.name == rhs.name && lhs.objective == rhs.objective && lhs.lowerBound == rhs.lowerBound && lhs.upperBound == rhs.upperBound
            && lhs.entries.map(\.row) == rhs.entries.map(\.row) && lhs.entries.map(\.coefficient) == rhs.entries.map(\.coefficient)
    }

    /// The column's reduced cost at row duals `duals` (indexed like the rows) of a minimization:
    /// `objective − Σ duals[row] × coefficient`. O(entries).
    public func reducedCost(at duals: [Double]) -> Double {
        entries.reduce(objective) { $0 - $1.coefficient * duals[$1.row] }
    }

    /// The same column as a variable of `model`, with its coefficients added to the rows.
    @discardableResult
    public func add(to model: inout MIPModel, kind: VariableKind = .continuous) -> Variable {
        let variable = model.addVariable(name, kind: kind, lowerBound: lowerBound, upperBound: upperBound)
        model.addObjectiveTerm(variable, objective)
        for entry in entries { model.addTerm(variable, entry.coefficient, toConstraint: entry.row) }
        return variable
    }
}

/// An optimal (or last) basic solution of a linear program with its row duals.
public struct LPSolution: Sendable {
    public enum Status: Sendable, Equatable {
        case optimal, infeasible, unbounded
        case timeLimit
        /// The options' simplex iteration limit was reached.
        case workLimit
        case failed(String)
    }

    public var status: Status
    public var objective: Double
    /// Column values, indexed like the variables (the model's, then the added columns in order).
    public var values: [Double]
    /// Row duals (shadow prices), indexed like the constraints: the reduced cost of a column is
    /// `objective − Σ dual[row] × coefficient` for a minimization.
    public var duals: [Double]
    /// Simplex solves run (one per round of columns).
    public var rounds: Int

    public init(status: Status, objective: Double, values: [Double], duals: [Double], rounds: Int) {
        self.status = status
        self.objective = objective
        self.values = values
        self.duals = duals
        self.rounds = rounds
    }
}

/// What a column-generation round changes in the master: columns to add and bounds to change
/// (for example to fix a column while diving for an integer solution). Empty means stop.
public struct LPUpdate: Sendable {
    public var columns: [NewColumn]
    /// New bounds of existing columns, by variable index.
    public var bounds: [(variable: Int, lower: Double, upper: Double?)]

    public init(columns: [NewColumn] = [], bounds: [(variable: Int, lower: Double, upper: Double?)] = []) {
        self.columns = columns
        self.bounds = bounds
    }

    public var isEmpty: Bool { columns.isEmpty && bounds.isEmpty }
}

/// A solver that runs column generation on a linear program: it solves the LP relaxation of a
/// master model, hands the solution with its duals to `pricing`, applies the update it returns
/// (new columns, changed bounds) and re-solves from the previous basis. It stops when pricing
/// returns an empty update, the time is up or `options.shouldStop` says so. An infeasible LP is
/// handed to `pricing` too, so that a dive can take a fixing back; other failures end the call.
/// Everything happens in one synchronous call (a GLPK problem belongs to its thread).
public protocol ColumnGenerationSolver: Sendable {
    func generateColumns(
        master: MIPModel, options: SolverOptions, pricing: (LPSolution) throws -> LPUpdate
    ) throws -> LPSolution
}
