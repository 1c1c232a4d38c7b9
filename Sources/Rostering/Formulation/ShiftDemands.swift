import LinearProgramming

extension RosterFormulation {
    /// Day-level requirements (soft): for every demand (day d, template k),
    /// `Σ x[a,s] over shifts of k starting on d + under − over = required`, and the objective pays
    /// `under` and `over` at the demand's own weights per agent.
    mutating func addShiftDemands() {
        struct Key: Hashable { let day: Int, template: String }
        var working: [Key: [Variable]] = [:]
        for entries in assignmentVariables {
            for entry in entries {
                let shift = problem.shifts[entry.shift]
                working[Key(day: shift.day, template: shift.templateName), default: []].append(entry.variable)
            }
        }
        for demand in problem.dayLevel.demands {
            var expression = LinearExpression((working[Key(day: demand.day, template: demand.template)] ?? []).map { LinearTerm($0, 1) })
            let name = "\(label(day: demand.day)),\(demand.template)"
            if demand.required > 0 {
                let under = model.addVariable("shortOn(\(name))", kind: .continuous, lowerBound: 0, upperBound: Double(demand.required))
                expression.add(under, 1)
                model.addObjectiveTerm(under, demand.underWeight)
            }
            if !expression.terms.isEmpty {
                let over = model.addVariable("extraOn(\(name))", kind: .continuous, lowerBound: 0)
                expression.add(over, -1)
                model.addObjectiveTerm(over, demand.overWeight)
            }
            if expression.terms.isEmpty { continue }
            // A demand nobody can serve keeps its row: its shortage is paid through `under`.
            model.addConstraint("demand(\(name))", expression, .equal(Double(demand.required)))
        }
    }
}
