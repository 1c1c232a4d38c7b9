/// A decision variable of a ``MIPModel``, identified by its position in the model.
public struct Variable: Hashable, Comparable, Sendable {
    /// Zero-based position of the variable in ``MIPModel/variables``.
    public let index: Int

    public init(index: Int) { self.index = index }

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}

/// The domain of a variable.
public enum VariableKind: Sendable, Equatable {
    /// Any real value within the bounds.
    case continuous
    /// Any integer within the bounds.
    case integer
    /// 0 or 1.
    case binary
}

/// A variable's name, kind and bounds. `nil` bounds are infinite.
public struct VariableDefinition: Sendable, Equatable {
    public var name: String
    public var kind: VariableKind
    public var lowerBound: Double?
    public var upperBound: Double?
}

/// One coefficient of a linear expression.
public struct LinearTerm: Sendable, Equatable {
    public var variable: Variable
    public var coefficient: Double

    public init(_ variable: Variable, _ coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// A sum of coefficient × variable terms plus a constant.
///
/// Terms may name a variable more than once; ``normalized()`` sums them, drops zeros and sorts
/// by variable, which is the form solvers receive.
public struct LinearExpression: Sendable, Equatable {
    public var terms: [LinearTerm]
    public var constant: Double

    public init(_ terms: [LinearTerm] = [], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }

    /// Adds `coefficient × variable`.
    public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
        terms.append(LinearTerm(variable, coefficient))
    }

    /// The same expression with one term per variable, sorted by variable, zero terms removed.
    ///
    /// - Complexity: O(n log n) for n terms.
    public func normalized() -> LinearExpression {
        let sorted = terms.sorted { $0.variable < $1.variable }
        var merged: [LinearTerm] = []
        merged.reserveCapacity(sorted.count)
        for term in sorted {
            if let last = merged.last, last.variable == term.variable {
                merged[merged.count - 1].coefficient += term.coefficient
            } else {
                merged.append(term)
            }
        }
        return LinearExpression(merged.filter { $0.coefficient != 0 }, constant: constant)
    }

    /// The expression's value for the given variable values (indexed like the model's variables).
    public func value(_ values: [Double]) -> Double {
        terms.reduce(constant) { $0 + $1.coefficient * values[$1.variable.index] }
    }
}

/// The bound side of a linear constraint.
public enum ConstraintBound: Sendable, Equatable {
    case lessOrEqual(Double)
    case greaterOrEqual(Double)
    case equal(Double)
    /// `lower ≤ expression ≤ upper`.
    case range(Double, Double)

    /// Lower and upper limits, `nil` meaning infinite.
    public var limits: (lower: Double?, upper: Double?) {
        switch self {
        case .lessOrEqual(let upper): return (nil, upper)
        case .greaterOrEqual(let lower): return (lower, nil)
        case .equal(let value): return (value, value)
        case .range(let lower, let upper): return (lower, upper)
        }
    }
}

/// A named linear constraint `expression ⋈ bound`. The expression's constant is moved to the
/// bound when the model is solved.
public struct ConstraintDefinition: Sendable, Equatable {
    public var name: String
    public var expression: LinearExpression
    public var bound: ConstraintBound
}

/// The size of a model: columns, rows and non-zeros of its constraint matrix.
public struct ModelSize: Sendable, Equatable {
    public var variables: Int
    public var constraints: Int
    public var nonZeros: Int

    public init(variables: Int, constraints: Int, nonZeros: Int) {
        self.variables = variables
        self.constraints = constraints
        self.nonZeros = nonZeros
    }
}

/// Whether the objective is minimized or maximized.
public enum ObjectiveSense: Sendable, Equatable {
    case minimize
    case maximize
}

/// A mixed-integer linear program, independent of any solver.
///
/// Build it with ``addVariable(_:kind:lowerBound:upperBound:)`` and
/// ``addConstraint(_:_:_:)``, set ``objective``, then hand it to a ``MIPSolver``.
public struct MIPModel: Sendable {
    public var name: String
    public private(set) var variables: [VariableDefinition] = []
    public private(set) var constraints: [ConstraintDefinition] = []
    public var objective = LinearExpression()
    public var sense: ObjectiveSense = .minimize
    /// Whether rows are stored (`false` for a model built only to be measured: ``sizing(name:)``).
    public private(set) var storesRows = true
    private var countedRows = 0, countedNonZeros = 0

    public init(name: String = "model") { self.name = name }

    /// A model that counts its rows and their non-zeros instead of storing them, and keeps no
    /// variable names: the size of a model too large to hold (``size``). It cannot be solved
    /// (``validate()`` refuses it). Memory O(variables); time O(non-zeros) as they are built.
    public static func sizing(name: String = "model") -> MIPModel {
        var model = MIPModel(name: name)
        model.storesRows = false
        return model
    }

    /// Variables, rows and non-zeros of the constraint matrix.
    public var size: ModelSize {
        guard storesRows else { return ModelSize(variables: variables.count, constraints: countedRows, nonZeros: countedNonZeros) }
        return ModelSize(variables: variables.count, constraints: constraints.count, nonZeros: constraints.reduce(0) { $0 + $1.expression.terms.count })
    }

    /// Adds a variable and returns it. Binary variables ignore the bounds given (they are 0 and 1).
    @discardableResult
    public mutating func addVariable(
        _ name: String, kind: VariableKind = .continuous,
        lowerBound: Double? = 0, upperBound: Double? = nil
    ) -> Variable {
        var definition: VariableDefinition
        if kind == .binary {
            definition = VariableDefinition(name: name, kind: .binary, lowerBound: 0, upperBound: 1)
        } else {
            definition = VariableDefinition(name: name, kind: kind, lowerBound: lowerBound, upperBound: upperBound)
        }
        if !storesRows { definition.name = "" }
        variables.append(definition)
        return Variable(index: variables.count - 1)
    }

    /// Adds the constraint `expression ⋈ bound`. Repeated variables in the expression are summed.
    public mutating func addConstraint(_ name: String, _ expression: LinearExpression, _ bound: ConstraintBound) {
        guard storesRows else {
            countedRows += 1
            countedNonZeros += expression.normalized().terms.count
            return
        }
        constraints.append(ConstraintDefinition(name: name, expression: expression.normalized(), bound: bound))
    }

    /// Narrows a variable's bounds, for example to fix it (`lower == upper`).
    public mutating func setBounds(_ variable: Variable, lower: Double?, upper: Double?) {
        variables[variable.index].lowerBound = lower
        variables[variable.index].upperBound = upper
    }

    /// Adds `coefficient × variable` to constraint `row`, as when a column is added after its
    /// rows (column generation). Keeps the constraint normalized.
    public mutating func addTerm(_ variable: Variable, _ coefficient: Double, toConstraint row: Int) {
        guard storesRows else {
            countedNonZeros += coefficient != 0 ? 1 : 0
            return
        }
        if let last = constraints[row].expression.terms.last, last.variable.index >= variable.index {
            var expression = constraints[row].expression
            expression.add(variable, coefficient)
            constraints[row].expression = expression.normalized()
        } else if coefficient != 0 {
            constraints[row].expression.add(variable, coefficient)
        }
    }

    /// Changes a variable's kind (binary variables get the bounds 0 and 1).
    public mutating func setKind(_ variable: Variable, _ kind: VariableKind) {
        variables[variable.index].kind = kind
        if kind == .binary {
            variables[variable.index].lowerBound = 0
            variables[variable.index].upperBound = 1
        }
    }

    /// The LP relaxation: every integer or binary variable made continuous within its bounds.
    /// Its optimum bounds the model's (from below when minimizing).
    public func relaxation() -> MIPModel {
        var copy = self
        copy.name = name + "_lp"
        copy.variables = variables.map { variable in
            var relaxed = variable
            relaxed.kind = .continuous
            return relaxed
        }
        return copy
    }

    /// Adds `coefficient × variable` to the objective.
    public mutating func addObjectiveTerm(_ variable: Variable, _ coefficient: Double) {
        objective.add(variable, coefficient)
    }

    /// Checks that every number is finite, every bound pair is ordered, and every term names a
    /// variable of this model. Solvers call it before touching their own API.
    public func validate() throws(ModelError) {
        guard storesRows else { throw .unsupported("model \(name) was built only to be measured and has no rows to solve") }
        for (index, variable) in variables.enumerated() {
            if let lower = variable.lowerBound, !lower.isFinite {
                throw .invalidBound(what: "variable \(variable.name) (#\(index)) lower bound", value: lower)
            }
            if let upper = variable.upperBound, !upper.isFinite {
                throw .invalidBound(what: "variable \(variable.name) (#\(index)) upper bound", value: upper)
            }
            if let lower = variable.lowerBound, let upper = variable.upperBound, lower > upper {
                throw .emptyDomain(what: "variable \(variable.name) (#\(index))", lower: lower, upper: upper)
            }
        }
        try validate(objective, in: "objective")
        for constraint in constraints {
            try validate(constraint.expression, in: "constraint \(constraint.name)")
            let (lower, upper) = constraint.bound.limits
            for limit in [lower, upper].compactMap({ $0 }) where !limit.isFinite {
                throw .invalidBound(what: "constraint \(constraint.name)", value: limit)
            }
            if let lower, let upper, lower > upper {
                throw .emptyDomain(what: "constraint \(constraint.name)", lower: lower, upper: upper)
            }
        }
    }

    private func validate(_ expression: LinearExpression, in place: String) throws(ModelError) {
        if !expression.constant.isFinite {
            throw .invalidCoefficient(place: place, variable: nil, value: expression.constant)
        }
        for term in expression.terms {
            guard term.variable.index >= 0, term.variable.index < variables.count else {
                throw .unknownVariable(place: place, index: term.variable.index)
            }
            if !term.coefficient.isFinite {
                throw .invalidCoefficient(
                    place: place, variable: variables[term.variable.index].name, value: term.coefficient)
            }
        }
    }

    /// The objective's value at the given point.
    public func objectiveValue(_ values: [Double]) -> Double { objective.value(values) }

    /// Names of the constraints and variable bounds that `values` violates by more than `tolerance`,
    /// and integer variables with fractional values. Empty when the point is feasible.
    public func violations(of values: [Double], tolerance: Double = 1e-6) -> [String] {
        var found: [String] = []
        for (index, variable) in variables.enumerated() {
            let value = values[index]
            if let lower = variable.lowerBound, value < lower - tolerance { found.append("\(variable.name) < \(lower)") }
            if let upper = variable.upperBound, value > upper + tolerance { found.append("\(variable.name) > \(upper)") }
            if variable.kind != .continuous, abs(value - value.rounded()) > tolerance {
                found.append("\(variable.name) is fractional (\(value))")
            }
        }
        for constraint in constraints {
            let value = constraint.expression.value(values)
            let (lower, upper) = constraint.bound.limits
            if let lower, value < lower - tolerance { found.append("\(constraint.name): \(value) < \(lower)") }
            if let upper, value > upper + tolerance { found.append("\(constraint.name): \(value) > \(upper)") }
        }
        return found
    }
}

/// A model that no solver should be handed.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case invalidBound(what: String, value: Double)
    case emptyDomain(what: String, lower: Double, upper: Double)
    case invalidCoefficient(place: String, variable: String?, value: Double)
    case unknownVariable(place: String, index: Int)
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidBound(let what, let value): return "\(what) is not a finite number (\(value))"
        case .emptyDomain(let what, let lower, let upper): return "\(what) has lower bound \(lower) above upper bound \(upper)"
        case .invalidCoefficient(let place, let variable, let value):
            return "\(place): coefficient \(value) of \(variable ?? "the constant") is not finite"
        case .unknownVariable(let place, let index): return "\(place) refers to variable #\(index), which the model does not have"
        case .unsupported(let message): return message
        }
    }
}
