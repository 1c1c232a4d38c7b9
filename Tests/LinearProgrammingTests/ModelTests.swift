import LinearProgramming
import Testing

@Suite struct ModelTests {
    @Test func normalizedExpressionsMergeSortAndDropZeros() {
        let a = Variable(index: 0), b = Variable(index: 1), c = Variable(index: 2)
        let expression = LinearExpression([LinearTerm(c, 2), LinearTerm(a, 1), LinearTerm(c, -2), LinearTerm(b, 3), LinearTerm(a, 4)], constant: 1)
        #expect(expression.normalized() == LinearExpression([LinearTerm(a, 5), LinearTerm(b, 3)], constant: 1))
        #expect(expression.value([1, 1, 7]) == 9)
    }

    @Test func violationsListBrokenRowsBoundsAndFractionalIntegers() {
        var model = MIPModel()
        let x = model.addVariable("x", kind: .integer, upperBound: 3)
        let y = model.addVariable("y", kind: .binary)
        model.addConstraint("sum", LinearExpression([LinearTerm(x, 1), LinearTerm(y, 1)]), .lessOrEqual(2))
        #expect(model.violations(of: [2, 0]).isEmpty)
        #expect(model.violations(of: [2, 1]) == ["sum: 3.0 > 2.0"])
        #expect(model.violations(of: [1.5, 0]) == ["x is fractional (1.5)"])
        #expect(model.violations(of: [4, 0]).contains("x > 3.0"))
    }

    @Test func validationCatchesWhatASolverWouldChokeOn() {
        var model = MIPModel()
        let x = model.addVariable("x", lowerBound: 0, upperBound: .infinity)
        #expect(throws: ModelError.invalidBound(what: "variable x (#0) upper bound", value: .infinity)) { try model.validate() }
        model.setBounds(x, lower: 0, upper: 1)
        model.addConstraint("r", LinearExpression([LinearTerm(x, 1)]), .range(3, 2))
        #expect(throws: ModelError.emptyDomain(what: "constraint r", lower: 3, upper: 2)) { try model.validate() }
    }

    @Test func gapFollowsTheSolverDefinition() {
        #expect(relativeGap(incumbent: 110, bound: 100) == 10.0 / 110)
        #expect(relativeGap(incumbent: 5, bound: 5) == 0)
        #expect(relativeGap(incumbent: nil, bound: 5) == nil)
    }
}

/// A step's work budget inside the run's.
@Suite struct WorkMeterTests {
    @Test func workAddedToAStepCountsAgainstTheRunToo() {
        let run = WorkMeter(budget: 100)
        let step = WorkMeter(budget: 30, parent: run)
        step.add(20)
        #expect(step.iterations == 20 && run.iterations == 20)
        #expect(step.remaining == 10 && run.remaining == 80)
        step.add(15)
        #expect(step.isExhausted && !run.isExhausted)
        // A fresh step is spent as soon as the run is, whatever its own budget.
        let next = WorkMeter(budget: 1_000, parent: run)
        #expect(next.remaining == 65)
        run.add(65)
        #expect(run.isExhausted && next.isExhausted && next.remaining == 0 && next.iterations == 0)
        // Negative amounts add nothing.
        next.add(-5)
        #expect(next.iterations == 0 && run.iterations == 100)
    }
}
