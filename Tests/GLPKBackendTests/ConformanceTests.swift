import Foundation
@testable import GLPKBackend
import LinearProgramming
import Testing

/// Small problems with independently known optima, solved by the real GLPK.
@Suite struct ConformanceTests {
    let solver = GLPKSolver()

    @Test func smallIntegerProgramReachesTextbookOptimum() throws {
        // max 5x + 4y  s.t. 6x + 4y ≤ 24, x + 2y ≤ 6, x, y integer ≥ 0.
        // LP optimum (3, 1.5) = 21; integer optimum (4, 0) = 20.
        var model = MIPModel(name: "textbook")
        let x = model.addVariable("x", kind: .integer)
        let y = model.addVariable("y", kind: .integer)
        model.addConstraint("material", LinearExpression([LinearTerm(x, 6), LinearTerm(y, 4)]), .lessOrEqual(24))
        model.addConstraint("labour", LinearExpression([LinearTerm(x, 1), LinearTerm(y, 2)]), .lessOrEqual(6))
        model.objective = LinearExpression([LinearTerm(x, 5), LinearTerm(y, 4)])
        model.sense = .maximize
        let result = try solver.solve(model, options: SolverOptions())
        #expect(result.status == .optimal)
        #expect(result.objective == 20)
        #expect(result.values == [4, 0])
        #expect(result.bestBound == 20)
        #expect(result.gap == 0)
    }

    @Test func continuousProblemWithConstantAndRanges() throws {
        // min 2a + 3b + 7 with 1 ≤ a + b ≤ 4, a ≤ 0.25, b ∈ [0, 10] → a = 0.25, b = 0.75.
        var model = MIPModel()
        let a = model.addVariable("a", upperBound: 0.25)
        let b = model.addVariable("b", upperBound: 10)
        model.addConstraint("sum", LinearExpression([LinearTerm(a, 1), LinearTerm(b, 1)]), .range(1, 4))
        model.objective = LinearExpression([LinearTerm(a, 2), LinearTerm(b, 3)], constant: 7)
        let result = try solver.solve(model, options: SolverOptions())
        #expect(result.status == .optimal)
        #expect(abs(result.objective! - 9.75) < 1e-9)
    }

    @Test func repeatedTermsAreSummedNotRejected() throws {
        var model = MIPModel()
        let x = model.addVariable("x", kind: .integer, upperBound: 10)
        // x + x + x ≤ 7 → x ≤ 2.
        model.addConstraint("triple", LinearExpression([LinearTerm(x, 1), LinearTerm(x, 1), LinearTerm(x, 1)]), .lessOrEqual(7))
        model.objective = LinearExpression([LinearTerm(x, -1)])
        let result = try solver.solve(model, options: SolverOptions())
        #expect(result.values == [2])
    }

    @Test func infeasibleAndUnboundedAreStatusesNotErrors() throws {
        var infeasible = MIPModel()
        let x = infeasible.addVariable("x", kind: .binary)
        infeasible.addConstraint("impossible", LinearExpression([LinearTerm(x, 1)]), .greaterOrEqual(2))
        #expect(try solver.solve(infeasible, options: SolverOptions()).status == .infeasible)

        var integerInfeasible = MIPModel()
        let y = integerInfeasible.addVariable("y", kind: .integer, upperBound: 10)
        integerInfeasible.addConstraint("half", LinearExpression([LinearTerm(y, 2)]), .equal(3))
        #expect(try solver.solve(integerInfeasible, options: SolverOptions()).status == .infeasible)

        var unbounded = MIPModel()
        let z = unbounded.addVariable("z", kind: .integer)
        unbounded.objective = LinearExpression([LinearTerm(z, -1)])
        let result = try solver.solve(unbounded, options: SolverOptions())
        #expect(result.status == .unbounded)
        #expect(result.values == nil)
    }

    @Test func invalidModelsAreRejectedBeforeGLPKSeesThem() throws {
        var model = MIPModel()
        let x = model.addVariable("x", lowerBound: 5, upperBound: 1)
        model.objective = LinearExpression([LinearTerm(x, 1)])
        #expect(throws: ModelError.self) { try solver.solve(model, options: SolverOptions()) }

        var nan = MIPModel()
        let y = nan.addVariable("y")
        nan.addConstraint("bad", LinearExpression([LinearTerm(y, .nan)]), .lessOrEqual(1))
        #expect(throws: ModelError.self) { try solver.solve(nan, options: SolverOptions()) }

        var foreign = MIPModel()
        foreign.addConstraint("ghost", LinearExpression([LinearTerm(Variable(index: 3), 1)]), .lessOrEqual(1))
        #expect(throws: ModelError.self) { try solver.solve(foreign, options: SolverOptions()) }

        var empty = MIPModel()
        #expect(throws: ModelError.self) {
            try solver.solve(empty, options: SolverOptions(timeLimitSeconds: -1))
        }
        empty.objective.constant = 3
        #expect(try solver.solve(empty, options: SolverOptions()).objective == 3)
    }

    /// Union Airways (Hillier & Lieberman, sec. 3.4): optimum 30,610 with x = (48, 31, 39, 43, 15).
    @Test func unionAirwaysPersonnelScheduling() throws {
        let rows = try fixtureCSV("shift-covering/hillier_lieberman_union_airways.csv")
        // Two tables in one file: periods (period,min_agents,covered_by_shifts), then shifts.
        let periods = rows.prefix { $0.count == 3 && $0[0] != "shift" }.dropFirst()
        let shiftRows = rows.drop { $0.first != "shift" }.dropFirst()
        var model = MIPModel(name: "union_airways")
        var shiftVariables: [String: Variable] = [:]
        for row in shiftRows {
            let variable = model.addVariable("shift\(row[0])", kind: .integer)
            shiftVariables[row[0]] = variable
            model.addObjectiveTerm(variable, Double(row[2])!)
        }
        #expect(shiftVariables.count == 5)
        for row in periods {
            let terms = row[2].split(separator: "|").map { LinearTerm(shiftVariables[String($0)]!, 1) }
            model.addConstraint("period(\(row[0]))", LinearExpression(terms), .greaterOrEqual(Double(row[1])!))
        }
        #expect(model.constraints.count == 10)
        let result = try solver.solve(model, options: SolverOptions())
        #expect(result.status == .optimal)
        #expect(result.objective == 30_610)
        #expect(result.values == [48, 31, 39, 43, 15])
    }

    /// Cyclic day, hourly requirement, 8-hour shifts starting on any hour: 55 shifts at least.
    @Test func cyclicEightHourDay() throws {
        let rows = try fixtureCSV("shift-covering/cyclic_8h_daily_callcenter_demand.csv").dropFirst()
        let required = rows.map { Double($0[1])! }
        #expect(required.count == 24)
        var model = MIPModel(name: "cyclic_day")
        let starts = (0..<24).map { model.addVariable("start\($0)", kind: .integer) }
        for hour in 0..<24 {
            // Shifts starting in the 8 hours up to and including `hour` cover it.
            let terms = (0..<8).map { LinearTerm(starts[(hour - $0 + 24) % 24], 1) }
            model.addConstraint("hour\(hour)", LinearExpression(terms), .greaterOrEqual(required[hour]))
        }
        model.objective = LinearExpression(starts.map { LinearTerm($0, 1) })
        let result = try solver.solve(model, options: SolverOptions())
        #expect(result.status == .optimal)
        #expect(result.objective == 55)
        #expect(model.violations(of: result.values!).isEmpty)
    }

    @Test func progressAndLogAreReported() throws {
        // A knapsack-like problem big enough to branch.
        var model = MIPModel(name: "branching")
        let weights = (0..<30).map { Double(($0 * 37) % 23 + 5) }
        let profits = (0..<30).map { Double(($0 * 53) % 31 + 7) }
        let items = (0..<30).map { model.addVariable("item\($0)", kind: .binary) }
        model.addConstraint("capacity", LinearExpression(zip(items, weights).map { LinearTerm($0, $1) }), .lessOrEqual(101))
        model.objective = LinearExpression(zip(items, profits).map { LinearTerm($0, $1) })
        model.sense = .maximize
        let lines = LockedBox<[String]>([])
        let reports = LockedBox<[SolverProgress]>([])
        var options = SolverOptions()
        options.log = { line in lines.mutate { $0.append(line) } }
        options.progress = { progress in reports.mutate { $0.append(progress) } }
        let result = try solver.solve(model, options: options)
        #expect(result.status == .optimal)
        #expect(lines.value.contains { $0.contains("mip =") }, "\(lines.value)")
        #expect(!reports.value.isEmpty)
        #expect(reports.value.contains { $0.incumbent != nil })
        // With maximization, the bound never lies below the incumbent.
        for report in reports.value {
            if let incumbent = report.incumbent, let bound = report.bound { #expect(bound >= incumbent - 1e-6) }
        }
    }

    /// What ``LPFile`` writes, GLPK's own reader reads back as the same model: names (made
    /// safe and unique), kinds, bounds of every shape, every kind of row (a range as two rows),
    /// long rows wrapped, and the same optimum.
    @Test func writesCPLEXLPThatGLPKReadsBackAsTheSameModel() throws {
        var model = MIPModel(name: "lp writer")
        let x = model.addVariable("x(ana,Mon1123_0900_8h)", kind: .binary)
        let under = model.addVariable("under(Mon1123_0930)", lowerBound: 0, upperBound: 3)
        let count = model.addVariable("count", kind: .integer, lowerBound: 1, upperBound: 7)
        let free = model.addVariable("free var é", lowerBound: nil, upperBound: nil)
        let fixed = model.addVariable("9fixed", lowerBound: 2.5, upperBound: 2.5)
        let below = model.addVariable("below", lowerBound: nil, upperBound: 4)
        let many = (0..<60).map { model.addVariable("long_name_for_wrapping_\($0)", lowerBound: 0, upperBound: 1) }
        model.addConstraint("cover(Mon1123_0930)", LinearExpression([LinearTerm(x, 1), LinearTerm(under, 1)]), .equal(3))
        model.addConstraint("cover(Mon1123_0930)", LinearExpression([LinearTerm(x, 1), LinearTerm(count, -0.25)]), .lessOrEqual(1))
        model.addConstraint("range", LinearExpression([LinearTerm(free, 1), LinearTerm(below, 1)], constant: 1), .range(-2, 5.5))
        model.addConstraint("least", LinearExpression([LinearTerm(count, 1e-7), LinearTerm(free, -3)]), .greaterOrEqual(-10))
        model.addConstraint("wide", LinearExpression(many.map { LinearTerm($0, 1) } + [LinearTerm(fixed, 1)]), .lessOrEqual(30))
        model.objective = LinearExpression([LinearTerm(under, 50), LinearTerm(count, 1), LinearTerm(free, 1), LinearTerm(below, -1)] + many.map { LinearTerm($0, -0.5) }, constant: 12)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try solver.writeLP(model, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").allSatisfy { $0.utf8.count < 255 })
        #expect(text.contains("constant term = 12"))
        let read = try solver.readLP(from: path)
        let names = ["x(ana,Mon1123_0900_8h)", "under(Mon1123_0930)", "count", "free_var__", "_9fixed", "below"] + (0..<60).map { "long_name_for_wrapping_\($0)" }
        // GLPK numbers variables in the order the file first names them: map them by name.
        let position = Dictionary(uniqueKeysWithValues: read.variables.enumerated().map { ($1.name, $0) })
        let index = try names.map { try #require(position[$0], "\($0) was read back") }
        #expect(read.variables.count == model.variables.count)
        let renumbered = { (expression: LinearExpression) in
            expression.terms.map { LinearTerm(Variable(index: index[$0.variable.index]), $0.coefficient) }.sorted { $0.variable < $1.variable }
        }
        #expect(index.map { read.variables[$0].kind } == [.integer, .continuous, .integer] + Array(repeating: .continuous, count: 63))
        #expect(index.prefix(6).map { [read.variables[$0].lowerBound, read.variables[$0].upperBound] } == [[0, 1], [0, 3], [1, 7], [nil, nil], [2.5, 2.5], [nil, 4]])
        #expect(read.constraints.map(\.name) == ["cover(Mon1123_0930)", "cover(Mon1123_0930)#2", "range#lo", "range#hi", "least", "wide"])
        #expect(read.constraints.map(\.bound) == [.equal(3), .lessOrEqual(1), .greaterOrEqual(-3), .lessOrEqual(4.5), .greaterOrEqual(-10), .lessOrEqual(30)])
        for (readRow, row) in zip(read.constraints, [0, 1, 2, 2, 3, 4].map { model.constraints[$0] }) {
            #expect(readRow.expression.normalized().terms == renumbered(row.expression), "\(readRow.name)")
        }
        #expect(read.objective.normalized().terms == renumbered(model.objective.normalized()))
        var bounded = model
        bounded.setBounds(free, lower: -100, upper: 100)
        var readBounded = read
        readBounded.setBounds(Variable(index: index[free.index]), lower: -100, upper: 100)
        let original = try #require(try solver.solve(bounded, options: SolverOptions(timeLimitSeconds: 10)).objective)
        let back = try #require(try solver.solve(readBounded, options: SolverOptions(timeLimitSeconds: 10)).objective)
        #expect(abs(original - (back + 12)) < 1e-9, "the constant is only a comment in the file")
        #expect(throws: SolverError.self) { try solver.writeLP(model, to: "/nonexistent-dir/x.lp") }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir/x.lp"))
        // A model without variables has nothing the format could name: refused, no file.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).lp").path
        #expect(throws: ModelError.self) { try solver.writeLP(MIPModel(name: "empty"), to: empty) }
        #expect(!FileManager.default.fileExists(atPath: empty))
    }

    /// Rows list their terms by descending variable and numbers have 15 significant digits, as
    /// in GLPK's own files: peers then read the same problem in the same order (CBC took twice
    /// as long on an M week whose file differed from GLPK's only in those).
    @Test func writesTermsAndNumbersInGLPKsOrder() throws {
        var model = MIPModel(name: "order")
        let a = model.addVariable("a"), b = model.addVariable("b")
        model.addConstraint("r", LinearExpression([LinearTerm(a, 200.0 / 3), LinearTerm(b, -2)]), .lessOrEqual(4))
        model.objective = LinearExpression([LinearTerm(a, 1), LinearTerm(b, 0.1)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try solver.writeLP(model, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(" objective: + a + 0.1 b\n"), "\(text)")
        #expect(text.contains(" r: - 2 b + 66.6666666666667 a <= 4\n"), "\(text)")
    }

    /// A hard-ish market-split-like problem (GLPK does not prove it in seconds).
    static func marketSplit() -> MIPModel {
        var model = MIPModel(name: "market_split")
        let count = 40
        let vars = (0..<count).map { model.addVariable("v\($0)", kind: .binary) }
        for row in 0..<4 {
            let coefficients = (0..<count).map { Double((($0 + 1) * (row + 3) * 7919) % 97) }
            let target = (coefficients.reduce(0, +) / 2).rounded(.down)
            let slackPlus = model.addVariable("plus\(row)")
            let slackMinus = model.addVariable("minus\(row)")
            var expression = LinearExpression(zip(vars, coefficients).map { LinearTerm($0, $1) })
            expression.add(slackPlus, 1)
            expression.add(slackMinus, -1)
            model.addConstraint("split\(row)", expression, .equal(target))
            model.addObjectiveTerm(slackPlus, 1)
            model.addObjectiveTerm(slackMinus, 1)
        }
        return model
    }

    @Test func timeLimitIsHonoured() throws {
        // With a tiny limit we must not claim optimality unless proven.
        let model = Self.marketSplit()
        let start = Date()
        let result = try solver.solve(model, options: SolverOptions(timeLimitSeconds: 0.5))
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 5)
        switch result.status {
        case .optimal:
            #expect(result.gap == 0)
        case .feasible(let reason):
            #expect(reason == .timeLimit)
            #expect(result.bestBound != nil)
        case .noSolutionFound(let reason):
            #expect(reason == .timeLimit)
        default:
            Issue.record("unexpected status \(result.status)")
        }
    }
}

/// Reads a CSV from Tests/Fixtures (plain comma-separated, no quoting needed for these files;
/// their sources are named in Tests/Fixtures/shift-covering/SOURCES.md).
func fixtureCSV(_ relativePath: String) throws -> [[String]] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

@Suite struct GuardTests {
    @Test func aGLPKErrorIsCaughtInsteadOfAbortingAndGLPKStillWorksAfterwards() throws {
        #expect(GLPKSolver.guardCatchesGLPKErrorForTesting())
        // The thread's GLPK environment was freed; the next solve on this thread starts afresh.
        var model = MIPModel()
        let x = model.addVariable("x", kind: .integer, upperBound: 3)
        model.objective = LinearExpression([LinearTerm(x, -1)])
        #expect(try GLPKSolver().solve(model, options: SolverOptions()).objective == -3)
    }
}

@Suite struct FixingTests {
    @Test func binariesCanBeFixedThroughTheirBounds() throws {
        // max x + y with x + y ≤ 2: both 1, unless x is fixed to 0.
        var model = MIPModel()
        let x = model.addVariable("x", kind: .binary)
        let y = model.addVariable("y", kind: .binary)
        model.addConstraint("cap", LinearExpression([LinearTerm(x, 1), LinearTerm(y, 1)]), .lessOrEqual(2))
        model.objective = LinearExpression([LinearTerm(x, 1), LinearTerm(y, 1)])
        model.sense = .maximize
        #expect(try GLPKSolver().solve(model, options: SolverOptions()).objective == 2)
        model.setBounds(x, lower: 0, upper: 0)
        let fixed = try GLPKSolver().solve(model, options: SolverOptions())
        #expect(fixed.objective == 1)
        #expect(fixed.values == [0, 1])
    }

    @Test func aWarmStartIsUsedAndNeverMakesAResultWorse() throws {
        var model = MIPModel(name: "warm")
        let items = (0..<25).map { model.addVariable("i\($0)", kind: .binary) }
        model.addConstraint("w", LinearExpression(items.enumerated().map { LinearTerm($1, Double(($0 * 37) % 23 + 5)) }), .lessOrEqual(90))
        model.objective = LinearExpression(items.enumerated().map { LinearTerm($1, Double(($0 * 53) % 31 + 7)) })
        model.sense = .maximize
        let cold = try GLPKSolver().solve(model, options: SolverOptions())
        var options = SolverOptions()
        options.initialSolution = Array(repeating: 0, count: 25)  // feasible, poor
        let warm = try GLPKSolver().solve(model, options: options)
        #expect(warm.status == .optimal)
        #expect(warm.objective == cold.objective)
        options.initialSolution = Array(repeating: 1, count: 25)  // infeasible: ignored
        #expect(try GLPKSolver().solve(model, options: options).objective == cold.objective)
    }
}

/// Deterministic work limits: nodes and simplex iterations instead of seconds.
@Suite struct WorkLimitTests {
    let solver = GLPKSolver()

    /// Jeroslow's problem with a penalized slack: 2·Σx + s − t = 41 over 41 binaries. The LP
    /// reaches 0, every integer point costs at least 1, and branch and bound without cuts needs
    /// exponentially many nodes to prove it.
    static func jeroslow() -> MIPModel {
        var model = MIPModel(name: "jeroslow")
        var expression = LinearExpression((0..<41).map { LinearTerm(model.addVariable("x\($0)", kind: .binary), 2) })
        let plus = model.addVariable("s"), minus = model.addVariable("t")
        expression.add(plus, 1)
        expression.add(minus, -1)
        model.addConstraint("odd", expression, .equal(41))
        model.addObjectiveTerm(plus, 1)
        model.addObjectiveTerm(minus, 1)
        return model
    }

    /// A node limit ends the search the same way every time (unlike a time limit), says so, and
    /// keeps the best solution and bound found by then.
    @Test func aNodeLimitEndsTheSearchTheSameWayEveryTime() throws {
        let model = Self.jeroslow()
        var options = SolverOptions(timeLimitSeconds: 120)
        options.presolve = false
        options.workLimit = WorkLimit(nodes: 300)
        let first = try solver.solve(model, options: options)
        let second = try solver.solve(model, options: options)
        switch first.status {
        case .feasible(let reason), .noSolutionFound(let reason): #expect(reason == .workLimit)
        default: Issue.record("unexpected status \(first.status)")
        }
        #expect(first.status == second.status && first.objective == second.objective && first.values == second.values)
        #expect(first.bestBound == second.bestBound)
        #expect(first.solverMessage.contains("GLP_ESTOP"))
        if first.status.hasSolution { #expect(abs((first.objective ?? 0) - 1) < 1e-9 && (first.bestBound ?? 1) < 1) }
    }

    /// A simplex iteration limit on the warm start and the tree ends the search as a work limit.
    @Test func anIterationLimitEndsTheSearchAsWorkLimit() throws {
        let model = Self.jeroslow()
        var options = SolverOptions(timeLimitSeconds: 120)
        options.presolve = false
        options.workLimit = WorkLimit(simplexIterations: 500)
        let result = try solver.solve(model, options: options)
        switch result.status {
        case .feasible(let reason), .noSolutionFound(let reason): #expect(reason == .workLimit)
        default: Issue.record("unexpected status \(result.status)")
        }
    }
}
