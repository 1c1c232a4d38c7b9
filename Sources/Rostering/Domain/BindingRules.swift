extension HorizonRules {
    /// The rules that can bind for `agent` over `horizon`; the rest are dropped, so that a rule
    /// which changes nothing (most weekends worked 1 in a one-weekend week) does not change how
    /// the problem is solved either. With `shiftMinutes` the longest shift.
    ///
    /// A rule cannot bind when the agent's weekly rules already keep it: at most
    /// `maxDaysPerWeek` days in each calendar week (so a run of working days spans at most two
    /// weeks unless that is 7), at most `maxWeeklyMinutes` a week, one shift a day.
    /// Complexity: O(weeks + templates).
    public func bindingOnly(for agent: Agent, in horizon: PlanningHorizon, weekends: Int, shiftMinutes longest: Int) -> HorizonRules {
        var daysByWeek = Array(repeating: 0, count: horizon.weekCount)
        for day in 0..<horizon.days { daysByWeek[horizon.weekIndex(ofDay: day)] += 1 }
        let mostDays = daysByWeek.reduce(0) { $0 + min($1, agent.maxDaysPerWeek) }
        let mostMinutes = daysByWeek.reduce(0) { $0 + min(agent.maxWeeklyMinutes, min($1, agent.maxDaysPerWeek) * longest) }
        let longestRun = agent.maxDaysPerWeek >= 7 ? horizon.days
            : horizon.weekCount == 1 ? min(horizon.days, agent.maxDaysPerWeek) : min(horizon.days, 2 * agent.maxDaysPerWeek)
        var kept = self
        kept.maxShiftsPerTemplate = maxShiftsPerTemplate.filter { $0.value < mostDays }
        if let limit = maxWorkingWeekends, limit >= weekends { kept.maxWorkingWeekends = nil }
        if let limit = maxConsecutiveWorkingDays, limit >= longestRun { kept.maxConsecutiveWorkingDays = nil }
        if let least = minConsecutiveWorkingDays, least <= 1 { kept.minConsecutiveWorkingDays = nil }
        if let least = minConsecutiveDaysOff, least <= 1 { kept.minConsecutiveDaysOff = nil }
        if let least = minTotalMinutes, least <= 0 { kept.minTotalMinutes = nil }
        if let most = maxTotalMinutes, most >= mostMinutes { kept.maxTotalMinutes = nil }
        return kept
    }
}

extension RosterProblem {
    /// The same problem with every agent's horizon rules that cannot bind removed
    /// (``HorizonRules/bindingOnly(for:in:weekends:shiftMinutes:)``); every roster of one is a
    /// roster of the other, at the same cost.
    public func withoutRulesThatCannotBind() -> RosterProblem {
        guard agents.contains(where: { !$0.rules.isEmpty }) else { return self }
        let longest = shifts.map(\.paidMinutes).max() ?? 0
        let weekendCount = weekends.count
        return replacingAgents(agents.map { agent in
            var kept = agent
            kept.rules = agent.rules.bindingOnly(for: agent, in: horizon, weekends: weekendCount, shiftMinutes: longest)
            return kept
        })
    }
}
