import LinearProgramming

extension RosterFormulation {
    /// Weighted shift requests (soft). Off (agent a, day d, template k): the objective pays the
    /// weight per `x[a,s]` for shifts of k starting on d. On: a refusal variable
    /// `r ≥ 1 − Σ x[a,s]` over those shifts is paid at the weight (a request for a shift the
    /// agent cannot work is a constant).
    mutating func addShiftRequests() {
        let agentIndex = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (number, request) in problem.dayLevel.requests.enumerated() {
            guard let agent = agentIndex[request.agentID] else { continue }
            let matching = assignmentVariables[agent].filter {
                problem.shifts[$0.shift].day == request.day && problem.shifts[$0.shift].templateName == request.template
            }
            switch request.kind {
            case .off:
                for entry in matching { model.addObjectiveTerm(entry.variable, request.weight) }
            case .on:
                if matching.isEmpty {
                    model.objective.constant += request.weight
                    continue
                }
                let refused = model.addVariable(
                    "refused(\(Self.label(request.agentID)),\(label(day: request.day)),\(request.template),\(number))",
                    kind: .continuous, lowerBound: 0, upperBound: 1)
                model.addObjectiveTerm(refused, request.weight)
                var expression = LinearExpression(matching.map { LinearTerm($0.variable, 1) })
                expression.add(refused, 1)
                model.addConstraint("request(\(Self.label(request.agentID)),\(label(day: request.day)),\(request.template),\(number))", expression, .greaterOrEqual(1))
            }
        }
    }
}
