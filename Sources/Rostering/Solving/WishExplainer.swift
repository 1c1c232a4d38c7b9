import LinearProgramming

/// A wish with its outcome and, when refused, what stood in the way.
public struct WishExplanation: Sendable, Equatable {
    public let outcome: WishOutcome
    /// Empty when granted.
    public let reason: String
}

/// Explains refused wishes by re-solving: the agent's week is re-optimized with every other
/// agent's shifts kept as rostered and the wish made a hard rule. If that is infeasible, the
/// agent's own rules stand in the way (which ones is found by relaxing them one at a time);
/// otherwise the re-solved week shows what granting would cost: intervals left short, the
/// agent's other wishes refused instead, or the fairness term.
public struct WishExplainer: Sendable {
    public let solver: any MIPSolver
    public let problem: RosterProblem

    public init(solver: any MIPSolver, problem: RosterProblem) {
        self.solver = solver
        self.problem = problem
    }

    /// The reason given for a refusal the time limit or Ctrl-C left unexplained.
    public static let notExplained = "not explained: the time limit (or Ctrl-C) came first"

    /// Work each re-solve may do (in place of the 10 s each had): one agent's week is tiny, and a
    /// count of nodes ends the same way on any machine.
    static let resolveWork = WorkLimit(simplexIterations: 200_000, nodes: 2_000)

    /// Every wish of `roster` with its outcome and, for a refusal, its reason.
    ///
    /// - Parameters:
    ///   - timeLimitSeconds: wall clock for all the explanations together; refusals left when it
    ///     runs out (or `shouldStop` returns true) get ``notExplained``.
    /// - Complexity: up to three small MIPs per refused wish.
    public func explain(_ roster: Roster, timeLimitSeconds: Double? = nil, shouldStop: (() -> Bool)? = nil) throws -> [WishExplanation] {
        let outcomes = WishEvaluation.outcomes(of: roster, problem: problem)
        let clock = ContinuousClock()
        let deadline = timeLimitSeconds.map { clock.now + .milliseconds(Int64(min(max(0, $0), 1e9) * 1000)) }
        return try outcomes.map { outcome in
            guard !outcome.granted else { return WishExplanation(outcome: outcome, reason: "") }
            let left = deadline.map { ($0 - clock.now).seconds }
            if shouldStop?() == true || (left.map { $0 <= 0.05 } ?? false) { return WishExplanation(outcome: outcome, reason: Self.notExplained) }
            var options = SolverOptions(timeLimitSeconds: left)
            options.workLimit = Self.resolveWork
            options.shouldStop = shouldStop
            do {
                return WishExplanation(outcome: outcome, reason: try reason(for: outcome, in: roster, options: options))
            } catch is Unfinished {
                return WishExplanation(outcome: outcome, reason: Self.notExplained)
            }
        }
    }

    /// A re-solve that ended by a limit before finding a week.
    struct Unfinished: Error {}

    func reason(for outcome: WishOutcome, in roster: Roster, options: SolverOptions) throws -> String {
        guard let agentIndex = problem.agents.firstIndex(where: { $0.id == outcome.agentID }) else { return "unknown agent" }
        let agent = problem.agents[agentIndex]
        guard let granted = try resolve(agentIndex: agentIndex, forcing: outcome.wish, roster: roster, relax: nil, options: options) else {
            // Which of the agent's own rules makes it impossible?
            if agent.minWeeklyMinutes > 0,
                try resolve(agentIndex: agentIndex, forcing: outcome.wish, roster: roster, relax: .minimumHours, options: options) != nil
            {
                return "contract: \(Self.hours(agent.minWeeklyMinutes)) h minimum a week cannot be reached with this wish"
            }
            if case .dayOn = outcome.wish.kind,
                try resolve(agentIndex: agentIndex, forcing: outcome.wish, roster: roster, relax: .weeklyCap, options: options) != nil
            {
                return "weekly cap: \(Self.hours(agent.maxWeeklyMinutes)) h or \(agent.maxDaysPerWeek) working days reached"
            }
            if case .dayOn = outcome.wish.kind {
                return "rules: no shift that day fits rest (\(Self.hours(agent.minRestMinutes)) h), availability and the shift templates"
            }
            return "rules: the agent's contract and rest rules leave no other way"
        }
        // Compare the re-solved week with the roster.
        let validator = RosterValidator(problem: problem)
        let costBefore = validator.objective(of: roster), costAfter = validator.objective(of: granted)
        if costAfter < costBefore - 1e-6 {
            return "not reached: granting it would also lower the roster's cost (by \(Self.decimal(costBefore - costAfter))); the search stopped before finding that roster"
        }
        // What granting costs instead, component by component (others' weeks are unchanged).
        let before = problem.coverage(of: roster)
        let after = problem.coverage(of: granted)

        var reasons = shortfallRanges(before: before, after: after).map { "coverage: \($0)" }
        let overBefore = before.reduce(0) { $0 + $1.over }, overAfter = after.reduce(0) { $0 + $1.over }
        if overAfter > overBefore {
            reasons.append("over-staffing: \(Self.hours((overAfter - overBefore) * problem.horizon.intervalMinutes)) more agent-hours above the requirement")
        }
        let ownBefore = WishEvaluation.outcomes(of: roster, problem: problem).filter { $0.agentID == agent.id }
        let ownAfter = WishEvaluation.outcomes(of: granted, problem: problem).filter { $0.agentID == agent.id }
        let worse = zip(ownBefore, ownAfter).filter { $0.1.shortfall > $0.0.shortfall + 1e-9 && $0.0.wish != outcome.wish }.map { $0.1.wish.summary }
        if !worse.isEmpty { reasons.append("conflicts with the agent's other wish: " + worse.joined(separator: ", ")) }
        let fairnessBefore = WishEvaluation.penalty(WishEvaluation.outcomes(of: roster, problem: problem), problem: problem)
        let fairnessAfter = WishEvaluation.penalty(WishEvaluation.outcomes(of: granted, problem: problem), problem: problem)
        if fairnessAfter.fairness > fairnessBefore.fairness + 1e-9 {
            reasons.append("fairness: the worst share of refused wish points would rise")
        }
        if reasons.isEmpty { return "tie: another roster of the same cost was chosen" }
        if abs(costAfter - costBefore) < 1e-6 { return "tie: granting costs as much as it saves — " + reasons.joined(separator: "; ") }
        return reasons.joined(separator: "; ")
    }

    enum Relaxation { case minimumHours, weeklyCap }

    /// The roster with only `agentIndex`'s week re-optimized and `wish` made hard; nil if infeasible.
    func resolve(agentIndex: Int, forcing wish: Wish, roster: Roster, relax: Relaxation?, options: SolverOptions) throws -> Roster? {
        var relaxedProblem = problem
        if let relax {
            var agents = problem.agents
            switch relax {
            case .minimumHours: agents[agentIndex].minWeeklyMinutes = 0
            case .weeklyCap:
                agents[agentIndex].maxWeeklyMinutes = 7 * 24 * 60
                agents[agentIndex].maxDaysPerWeek = 7
            }
            // Everything else of the problem stays: its shifts and breaks, day-level rules,
            // history and any published roster.
            relaxedProblem = problem.replacingAgents(agents)
        }
        let rostered = Set(roster.assignments.map { ShiftKey(agent: $0.agentID, start: $0.start, end: $0.end) })
        var formulation = RosterFormulation(problem: relaxedProblem) { index, shift in
            index == agentIndex || rostered.contains(ShiftKey(agent: relaxedProblem.agents[index].id, start: shift.start, end: shift.end))
        }
        // Everyone else works exactly as rostered.
        for (index, entries) in formulation.assignmentVariables.enumerated() where index != agentIndex {
            for entry in entries { formulation.model.setBounds(entry.variable, lower: 1, upper: 1) }
        }
        // The wish becomes a rule.
        let zone = problem.horizon.timeZone
        let own = formulation.assignmentVariables[agentIndex]
        func shift(_ entry: RosterFormulation.AssignmentVariable) -> Shift { relaxedProblem.shifts[entry.shift] }
        switch wish.kind {
        case .dayOff(let date):
            for entry in own where zone.local(shift(entry).start).date == date { formulation.model.setBounds(entry.variable, lower: 0, upper: 0) }
        case .dayOn(let date):
            let that = own.filter { zone.local(shift($0).start).date == date }
            guard !that.isEmpty else { return nil }
            formulation.model.addConstraint("wish", LinearExpression(that.map { LinearTerm($0.variable, 1) }), .greaterOrEqual(1))
        case .startWindow(let earliest, let latest, let weekdays):
            for entry in own {
                let local = zone.local(shift(entry).start)
                if weekdays.contains(local.date.weekday), AgentWishTerms.isOutside(local.minuteOfDay, earliest: earliest, latest: latest) {
                    formulation.model.setBounds(entry.variable, lower: 0, upper: 0)
                }
            }
        case .shiftLengths(let lengths):
            for entry in own where !lengths.contains(zone.local(shift(entry).end).wallMinutes - zone.local(shift(entry).start).wallMinutes) {
                formulation.model.setBounds(entry.variable, lower: 0, upper: 0)
            }
        case .breakWindow:
            formulation.forbidRefusals(agent: agentIndex, of: wish)
        case .weeklyMaximum(let maximum):
            for (week, entries) in formulation.shiftsByWeek(agent: agentIndex) {
                formulation.model.addConstraint(
                    "wish(w\(week + 1))", LinearExpression(entries.map { LinearTerm($0.variable, Double(shift($0).paidMinutes) / 60) }),
                    .lessOrEqual(Double(maximum) / 60))
            }
        }
        let result = try solver.solve(formulation.model, options: options)
        // A re-solve cut short proves nothing either way: it must not read as "impossible".
        if case .noSolutionFound = result.status { throw Unfinished() }
        guard result.status.hasSolution, let values = result.values else { return nil }
        return formulation.decode(values)
    }

    /// "Tue 09:00–13:00 would be 2 short" for each run of intervals whose shortage grows.
    func shortfallRanges(before: [IntervalCoverage], after: [IntervalCoverage]) -> [String] {
        let zone = problem.horizon.timeZone
        var ranges: [String] = []
        var index = 0
        while index < before.count {
            let increase = after[index].under - before[index].under
            guard increase > 0 else { index += 1; continue }
            var end = index
            var worst = increase
            while end + 1 < before.count, after[end + 1].under - before[end + 1].under > 0,
                zone.local(before[end + 1].start).date == zone.local(before[index].start).date
            {
                end += 1
                worst = max(worst, after[end].under - before[end].under)
            }
            let start = zone.local(before[index].start)
            let finish = zone.local(before[end].end)
            ranges.append("\(start.date.weekday.abbreviation) \(start.description.suffix(5))–\(finish.description.suffix(5)) would be \(worst) short")
            index = end + 1
        }
        return ranges
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 100).rounded() / 100)
    }

    static func hours(_ minutes: Int) -> String {
        minutes % 60 == 0 ? "\(minutes / 60)" : String(Double(minutes) / 60)
    }
}

struct ShiftKey: Hashable {
    let agent: String
    let start: Instant
    let end: Instant
}
