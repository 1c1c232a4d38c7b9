import LinearProgramming

extension RosterFormulation {
    /// Wishes (soft) and fairness (min-max). For agent `a`'s wish `w` with priority `p` and
    /// `W = p × weight per point`:
    /// - day off `d`: `W · Σ_{s on d} x[a,s]`;
    /// - day on `d`: `W · (1 − Σ_{s on d} x[a,s])`;
    /// - start window / shift lengths: `W · Σ x[a,s]` over the shifts that miss it;
    /// - weekly maximum `m`: `W · over[a,w,week]` with `over ≥ Σ_{s in week} paid(s)/60 · x[a,s] − m/60`;
    /// - break window: per placement of the agent's breaks (``addBreakWindowWishes(_:)``).
    /// Fairness: `z ≥ 100/points_a · Σ_w p_w · shortfall_w` for every agent with wishes, and the
    /// objective pays `fairness weight · z`. Hard unavailability windows are not here: they remove
    /// shifts from the agent's eligible set.
    mutating func addPreferences() {
        let policy = problem.preferencePolicy
        var fairness: Variable?
        let allTerms = problem.agents.indices.map { AgentWishTerms(problem: problem, agent: problem.agents[$0], shifts: assignmentVariables[$0].map { problem.shifts[$0.shift] }) }
        let placementPoints = addBreakWindowWishes(allTerms)
        for (agentIndex, agent) in problem.agents.enumerated() {
            let entries = assignmentVariables[agentIndex]
            guard let terms = allTerms[agentIndex] else { continue }
            // Σ priority × shortfall, for fairness
            var shortfall = LinearExpression(placementPoints[agentIndex] ?? [])
            model.objective.constant += terms.constant
            shortfall.constant += terms.constantPoints
            for entry in entries {
                if let cost = terms.shiftCost[entry.shift], cost != 0 { model.addObjectiveTerm(entry.variable, cost) }
                if let points = terms.shiftPoints[entry.shift], points != 0 { shortfall.add(entry.variable, points) }
            }
            for maximum in terms.weeklyMaximums {
                let wishIndex = maximum.wishIndex
                for (week, weekEntries) in shiftsByWeek(agent: agentIndex).sorted(by: { $0.key < $1.key }) {
                    let possible = weekEntries.reduce(0) { $0 + problem.shifts[$1.shift].paidMinutes }
                    guard possible > maximum.maximumMinutes else { continue }
                    let over = model.addVariable("wishOver(\(Self.label(agent.id)),\(wishIndex + 1),w\(week + 1))", lowerBound: 0)
                    var expression = LinearExpression(weekEntries.map { LinearTerm($0.variable, Double(problem.shifts[$0.shift].paidMinutes) / 60) })
                    expression.add(over, -1)
                    model.addConstraint("wishMaxHours(\(Self.label(agent.id)),\(wishIndex + 1),w\(week + 1))", expression, .lessOrEqual(Double(maximum.maximumMinutes) / 60))
                    model.addObjectiveTerm(over, maximum.weightPerHour)
                    shortfall.add(over, maximum.pointsPerHour)
                }
            }
            guard policy.fairnessWeight > 0, terms.totalPoints > 0 else { continue }
            if fairness == nil {
                fairness = model.addVariable("fairness", lowerBound: 0)
                model.addObjectiveTerm(fairness!, policy.fairnessWeight)
            }
            // z − 100/points · shortfall ≥ 0.
            let scale = 100 / Double(terms.totalPoints)
            var row = LinearExpression(shortfall.terms.map { LinearTerm($0.variable, -$0.coefficient * scale) })
            row.add(fairness!, 1)
            model.addConstraint("fairness(\(Self.label(agent.id)))", row, .greaterOrEqual(shortfall.constant * scale))
        }
    }
}
