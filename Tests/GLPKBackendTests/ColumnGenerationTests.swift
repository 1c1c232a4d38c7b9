import Foundation
@testable import GLPKBackend
import LinearProgramming
import Testing

/// Column generation through GLPK's simplex, on problems whose LP optima are known by hand.
@Suite struct ColumnGenerationTests {
    let solver = GLPKSolver()

    /// Cutting stock (Gilmore–Gomory): rolls of width 10, four pieces of width 3 and two of width
    /// 5. Patterns (3,3,3), (5,5), (3,5), (3,3), … The LP optimum takes 4/3 of (3,3,3) and one
    /// (5,5): 7/3 rolls; at the duals (1/3, 1/2) no pattern is worth more than one roll.
    @Test func cuttingStockReachesItsLPOptimumFromSingletonPatterns() throws {
        var master = MIPModel(name: "cutting")
        master.addConstraint("threes", LinearExpression(), .greaterOrEqual(4))
        master.addConstraint("fives", LinearExpression(), .greaterOrEqual(2))
        for (name, row) in [("only3", 0), ("only5", 1)] {
            NewColumn(name: name, objective: 1, entries: [(row, 1)]).add(to: &master)
        }
        var seen: Set<[Int]> = [[1, 0], [0, 1]]
        var lastDuals: [Double] = []
        let result = try solver.generateColumns(master: master, options: SolverOptions()) { solution in
            #expect(solution.status == .optimal)
            lastDuals = solution.duals
            // Pricing by enumeration: the most valuable pattern (a threes, b fives), 3a + 5b ≤ 10.
            var best: (value: Double, pattern: [Int]) = (0, [])
            for a in 0...3 { for b in 0...2 where 3 * a + 5 * b <= 10 {
                let value = Double(a) * solution.duals[0] + Double(b) * solution.duals[1]
                if value > best.value + 1e-9 { best = (value, [a, b]) }
            } }
            guard best.value > 1 + 1e-9, seen.insert(best.pattern).inserted else { return LPUpdate() }
            return LPUpdate(columns: [NewColumn(name: "p\(best.pattern)", objective: 1, entries: [(0, Double(best.pattern[0])), (1, Double(best.pattern[1]))])])
        }
        #expect(result.status == .optimal)
        #expect(abs(result.objective - 7.0 / 3) < 1e-9)
        #expect(abs(lastDuals[0] - 1.0 / 3) < 1e-9 && abs(lastDuals[1] - 0.5) < 1e-9)
        #expect(result.rounds >= 2)
        #expect(result.values.count == 2 + seen.count - 2)
    }

    @Test func boundChangesReachTheLPAndAnInfeasibleLPGoesToPricing() throws {
        // min x + 2y  s.t. x + y ≥ 1, x, y ∈ [0, 1]. Optimum x = 1; fixing x = 0 gives y = 1;
        // also forcing y ≤ 0 is infeasible, and pricing sees that.
        var master = MIPModel(name: "bounds")
        let x = master.addVariable("x", lowerBound: 0, upperBound: 1)
        let y = master.addVariable("y", lowerBound: 0, upperBound: 1)
        master.objective = LinearExpression([LinearTerm(x, 1), LinearTerm(y, 2)])
        master.addConstraint("cover", LinearExpression([LinearTerm(x, 1), LinearTerm(y, 1)]), .greaterOrEqual(1))
        var seen: [(LPSolution.Status, Double)] = []
        let result = try solver.generateColumns(master: master, options: SolverOptions()) { solution in
            seen.append((solution.status, solution.objective))
            switch seen.count {
            case 1: return LPUpdate(bounds: [(x.index, 0, 0)])
            case 2: return LPUpdate(bounds: [(y.index, 0, 0)])
            default: return LPUpdate()
            }
        }
        #expect(seen.map(\.0) == [.optimal, .optimal, .infeasible])
        #expect(seen[0].1 == 1 && seen[1].1 == 2)
        #expect(result.status == .infeasible)
    }

    @Test func invalidColumnsAreRejectedBeforeGLPKSeesThem() throws {
        var master = MIPModel(name: "invalid")
        master.addConstraint("row", LinearExpression(), .greaterOrEqual(1))
        NewColumn(name: "start", objective: 1, entries: [(0, 1)]).add(to: &master)
        for bad in [
            NewColumn(name: "twice", objective: 1, entries: [(0, 1), (0, 2)]),
            NewColumn(name: "nowhere", objective: 1, entries: [(5, 1)]),
            NewColumn(name: "nan", objective: .nan, entries: [(0, 1)]),
        ] {
            #expect(throws: ModelError.self) {
                _ = try solver.generateColumns(master: master, options: SolverOptions()) { _ in LPUpdate(columns: [bad]) }
            }
        }
        #expect(throws: ModelError.self) {
            _ = try solver.generateColumns(master: master, options: SolverOptions()) { _ in LPUpdate(bounds: [(7, 0, 1)]) }
        }
    }

    /// The iteration limit covers every round together: a master that needs more iterations than
    /// allowed ends as `workLimit`, after the same number of rounds every time.
    @Test func theIterationLimitCoversAllRounds() throws {
        func run() throws -> LPSolution {
            // Covering 30 rows, one singleton column each to start; each round adds a column that
            // covers three rows, so every round costs the simplex a few iterations.
            var master = MIPModel(name: "cover")
            for row in 0..<30 { master.addConstraint("r\(row)", LinearExpression(), .greaterOrEqual(1)) }
            for row in 0..<30 { NewColumn(name: "s\(row)", objective: 1, entries: [(row, 1)]).add(to: &master) }
            var added = 0
            var options = SolverOptions()
            options.workLimit = WorkLimit(simplexIterations: 12)
            return try solver.generateColumns(master: master, options: options) { _ in
                guard added < 28 else { return LPUpdate() }
                added += 1
                return LPUpdate(columns: [NewColumn(name: "t\(added)", objective: 1.5, entries: [(added - 1, 1), (added, 1), (added + 1, 1)])])
            }
        }
        let first = try run(), second = try run()
        #expect(first.status == .workLimit)
        #expect(first.rounds == second.rounds && first.objective == second.objective)
    }

    /// The run's shared budget: calls add their iterations, and once it is spent a call stops at
    /// once as a work limit.
    @Test func aSharedWorkMeterStopsLaterCalls() throws {
        let meter = WorkMeter(budget: 10)
        var options = SolverOptions()
        options.workMeter = meter
        var master = MIPModel(name: "cover")
        for row in 0..<30 { master.addConstraint("r\(row)", LinearExpression(), .greaterOrEqual(1)) }
        for row in 0..<30 { NewColumn(name: "s\(row)", objective: 1, entries: [(row, 1)]).add(to: &master) }
        _ = try solver.generateColumns(master: master, options: options) { _ in LPUpdate() }
        #expect(meter.iterations > 0)
        meter.add(1_000)
        let after = try solver.generateColumns(master: master, options: options) { _ in LPUpdate() }
        #expect(after.status == .workLimit && meter.isExhausted)
    }
}
