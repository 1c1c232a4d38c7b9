import LinearProgramming

extension RosterFormulation {
    /// Wishes (soft) and fairness (min-max). For agent `a`'s wish `w` with priority `p` and
    /// `W = p × weight per point`:
    /// - day off `d`: `W · Σ_{s on d} x[a,s]`;
    /// - day on `d`: `W · (1 − Σ_{s on d} x[a,s])`;
    /// - start window / shift lengths: `W · Σ x[a,s]` over the shifts that miss it;
    /// - weekly maximum `m`: `W · over[a,w,week]` with `over ≥ Σ_{s in week} paid(s)/60 · x[a,s] − m/60`.
    /// Fairness: `z ≥ 100/points_a · Σ_w p_w · shortfall_w` for every agent with wishes, and the
    /// objective pays `fairness weight · z`. Hard unavailability windows are not here: they remove
    /// shifts from the agent's eligible set.
    mutating func addPreferences() {
        let policy = problem.preferencePolicy
        let zone = problem.horizon.timeZone
        var fairness: Variable?
        for (agentIndex, agent) in problem.agents.enumerated() {
            guard let preferences = problem.preferences[agent.id], !preferences.wishes.isEmpty else { continue }
            var shortfall = LinearExpression()  // Σ priority × shortfall, for fairness
            let entries = assignmentVariables[agentIndex]
            for (wishIndex, wish) in preferences.wishes.enumerated() {
                let weight = Double(wish.priority) * problem.wishWeightPerPoint(agentID: agent.id)
                let points = Double(wish.priority)
                func shiftsWhere(_ predicate: (Shift) -> Bool) -> [Variable] {
                    entries.filter { predicate(problem.shifts[$0.shift]) }.map(\.variable)
                }
                switch wish.kind {
                case .dayOff(let date):
                    for variable in shiftsWhere({ zone.local($0.start).date == date }) {
                        model.addObjectiveTerm(variable, weight)
                        shortfall.add(variable, points)
                    }
                case .dayOn(let date):
                    model.objective.constant += weight
                    shortfall.constant += points
                    for variable in shiftsWhere({ zone.local($0.start).date == date }) {
                        model.addObjectiveTerm(variable, -weight)
                        shortfall.add(variable, -points)
                    }
                case .startWindow(let earliest, let latest, let weekdays):
                    let misses = shiftsWhere { shift in
                        let local = zone.local(shift.start)
                        return weekdays.contains(local.date.weekday)
                            && (local.minuteOfDay < (earliest?.minutes ?? 0) || local.minuteOfDay > (latest?.minutes ?? 1439))
                    }
                    for variable in misses {
                        model.addObjectiveTerm(variable, weight)
                        shortfall.add(variable, points)
                    }
                case .shiftLengths(let lengths):
                    for variable in shiftsWhere({ !lengths.contains(zone.local($0.end).wallMinutes - zone.local($0.start).wallMinutes) }) {
                        model.addObjectiveTerm(variable, weight)
                        shortfall.add(variable, points)
                    }
                case .weeklyMaximum(let maximum):
                    for (week, weekEntries) in shiftsByWeek(agent: agentIndex).sorted(by: { $0.key < $1.key }) {
                        let possible = weekEntries.reduce(0) { $0 + problem.shifts[$1.shift].paidMinutes }
                        guard possible > maximum else { continue }
                        let over = model.addVariable("wishOver(\(Self.label(agent.id)),\(wishIndex + 1),w\(week + 1))", lowerBound: 0)
                        var expression = LinearExpression(weekEntries.map { LinearTerm($0.variable, Double(problem.shifts[$0.shift].paidMinutes) / 60) })
                        expression.add(over, -1)
                        model.addConstraint("wishMaxHours(\(Self.label(agent.id)),\(wishIndex + 1),w\(week + 1))", expression, .lessOrEqual(Double(maximum) / 60))
                        model.addObjectiveTerm(over, weight)
                        shortfall.add(over, points)
                    }
                }
            }
            guard policy.fairnessWeight > 0, preferences.points > 0 else { continue }
            if fairness == nil {
                fairness = model.addVariable("fairness", lowerBound: 0)
                model.addObjectiveTerm(fairness!, policy.fairnessWeight)
            }
            // z − 100/points · shortfall ≥ 0.
            let scale = 100 / Double(preferences.points)
            var row = LinearExpression(shortfall.terms.map { LinearTerm($0.variable, -$0.coefficient * scale) })
            row.add(fairness!, 1)
            model.addConstraint("fairness(\(Self.label(agent.id)))", row, .greaterOrEqual(shortfall.constant * scale))
        }
    }
}
