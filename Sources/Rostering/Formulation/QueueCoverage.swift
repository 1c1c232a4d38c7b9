import LinearProgramming

extension RosterFormulation {
    /// Coverage of several queues by allocation. `W[g,t]` is the coverage expression of skill set
    /// g in interval t (its agents on the phone: shifts less breaks and sessions, as in
    /// ``addCoverage(placements:sessionStarts:)``). Per set that serves several queues, a
    /// continuous `y[g,q,t] ≥ 0` per queue q of g with
    ///
    /// `W[g,t] − Σ_{q∈g} y[g,q,t] = 0` (row `supply(g,t)`),
    ///
    /// (a set of one queue gives it `W[g,t]` directly), and per queue
    ///
    /// `Σ_{g∋q} y[g,q,t] + under[q,t] − over[q,t] = required[q,t]` (row `cover(q,t)`),
    ///
    /// paying under and over at their weights per agent-hour. Every agent on the phone is placed
    /// on one queue: no agent counts twice. For whole W the best y is a flow, and whole
    /// (``QueueAllocation``), so the model is exact and its LP a relaxation. Agents outside the
    /// problem (``RosterProblem/queueSupplyElsewhere``) join W as a constant.
    /// Size: Σ_{g,t} |g| allocations (sets of several queues) and (G + Q) rows per interval.
    mutating func addQueueCoverage(onPhone covering: [[LinearTerm]]) {
        let intervals = problem.horizon.intervalCount
        let hours = Double(problem.horizon.intervalMinutes) / 60
        queueSlackCosts = []
        for t in 0..<intervals {
            let name = label(instant: problem.horizon.intervalStart(t))
            var served = Array(repeating: LinearExpression(), count: problem.queues.count)
            for (g, set) in skillSets.enumerated() {
                let supply = covering[g * intervals + t]
                let elsewhere = Double(problem.queueSupplyElsewhere[set]?[t] ?? 0)
                guard !supply.isEmpty || elsewhere > 0 else { continue }
                if set.count == 1 {
                    served[set[0]].terms += supply
                    served[set[0]].constant += elsewhere
                    continue
                }
                var row = LinearExpression(supply, constant: elsewhere)
                for q in set {
                    let y = model.addVariable("alloc(g\(g + 1),\(Self.label(problem.queues[q])),\(name))", kind: .continuous, lowerBound: 0)
                    row.add(y, -1)
                    served[q].add(y, 1)
                }
                model.addConstraint("supply(g\(g + 1),\(name))", row, .equal(0))
            }
            for (q, queue) in problem.queues.enumerated() {
                let required = problem.queueRequired[q][t]
                var expression = served[q]
                if expression.terms.isEmpty && expression.constant == 0 && required == 0 { continue }
                let tag = "\(Self.label(queue)),\(name)"
                if required > 0 {
                    let under = model.addVariable("under(\(tag))", kind: .continuous, lowerBound: 0, upperBound: Double(required))
                    expression.add(under, 1)
                    let cost = problem.weights.underStaffingPerAgentHour * hours
                    model.addObjectiveTerm(under, cost)
                    queueSlackCosts.append((under, cost))
                }
                if !expression.terms.isEmpty || expression.constant > 0 {
                    let over = model.addVariable("over(\(tag))", kind: .continuous, lowerBound: 0)
                    expression.add(over, -1)
                    let cost = problem.weights.overStaffingPerAgentHour * hours
                    model.addObjectiveTerm(over, cost)
                    queueSlackCosts.append((over, cost))
                }
                model.addConstraint("cover(\(tag))", expression, .equal(Double(required)))
            }
        }
    }

    /// The queue coverage penalty a solution's values pay (its allocation may be worse than the
    /// best for its roster when a solver stops early; ``RosterProblem/coverage(of:)`` finds the best).
    func queuePenalty(_ values: [Double]) -> Double {
        queueSlackCosts.reduce(0) { $0 + $1.cost * values[$1.variable.index] }
    }
}
