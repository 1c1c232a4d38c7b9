import LinearProgramming

/// The pattern strategy for problems with horizon rules (streaks, totals, weekends, shifts per
/// template, forbidden successions) and day-level requirements and requests: a pattern is one
/// agent's shifts over the whole horizon, priced exactly by ``StreakPricing``.
///
/// 1. **Column generation** on the master (a pattern per agent; day-level and interval coverage
///    rows with their shortage and surplus; template maxima the pricing state leaves out);
///    `LP value + Σ_agents min(0, cheapest reduced cost)` is a valid lower bound at every round.
///    When every weight is whole, so is every roster's objective, and the bound is rounded up.
/// 2. **Branch and price**: a quick dive (patterns the LP takes most of fixed whole, a few column
///    generation rounds per step) for a good roster early, then the tree proper: column
///    generation at every node, branching on whether an agent works a template on a day, the
///    likelier side first, then the open node with the lowest bound. An exhausted tree proves the
///    roster optimal.
/// 3. **Integer master** over the newest patterns (GLPK), for small teams.
/// 4. **Large neighbourhoods**: some agents over the whole horizon, or everyone over a window of
///    days (outside it each keeps their day), searched by the same branch and price with everyone
///    else fixed. Improvements are kept.
///
/// Weekly caps, weekly minimums, working days per week and rest between shifts are not part of
/// its state: ``supports(_:)`` says when they cannot bind, ``isTractable`` whether the state fits
/// (the exact model handles the rest).
final class HorizonPatternSearch {
    let problem: RosterProblem
    let solver: any MIPSolver
    let generator: any ColumnGenerationSolver
    let options: SolverOptions

    let pricers: [StreakPricing]
    let tables = StreakPricing.Tables()
    let templateIndex: [String: Int]
    /// Row of each (day, template) demand, and the demands.
    let demandRow: [Int: Int]
    let demands: [ShiftDemand]
    /// Interval coverage (when the problem staffs by interval): covered intervals per shift.
    let covered: [Range<Int>]
    let intervalUnder: Double, intervalOver: Double
    let intervalCount: Int
    /// Per agent: the objective of their requests if they work nothing, and the change per
    /// (day, template) worked.
    let requestBase: [Double]
    let requestChange: [[Int: Double]]
    /// Whether every objective weight is whole (then so is every roster's objective).
    let wholeObjective: Bool
    /// Patterns generated so far, per agent.
    var pools: [[Pattern]]
    var inPool: [Set<Pattern>]
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    /// Free agents of the current master, and per free agent the row of each template maximum
    /// outside the pricing state.
    var freeCount = 0
    var maximaRows: [[Int: Int]] = []

    /// One agent's shifts over the horizon (shift indices in day order).
    struct Pattern: Hashable {
        let shifts: [Int]
    }

    /// Whether the search keeps every rule of `problem`: no wishes or published roster (their
    /// terms are not priced here), and weekly rules and rest that no combination of shifts can
    /// break. (The pricing tables' size is checked once built: ``isTractable``.)
    static func supports(_ problem: RosterProblem) -> Bool { unsupported(problem) == nil }

    /// What in `problem` the horizon search's state does not hold, in words; nil when it holds
    /// every rule of the problem.
    static func unsupported(_ problem: RosterProblem) -> String? {
        if problem.published != nil { return "a published roster to re-roster against" }
        if problem.preferences.values.contains(where: { !$0.wishes.isEmpty }) { return "agents' preference wishes" }
        let longest = problem.shifts.map(\.paidMinutes).max() ?? 0
        var byDay = Array(repeating: (earliest: Int.max, latest: Int.min), count: problem.horizon.days)
        for shift in problem.shifts {
            byDay[shift.day].earliest = min(byDay[shift.day].earliest, shift.start)
            byDay[shift.day].latest = max(byDay[shift.day].latest, shift.end)
        }
        // The smallest rest any two shifts on different days can leave.
        var tightestRest = Int.max
        for day in byDay.indices where byDay[day].latest != Int.min {
            for later in (day + 1)..<byDay.count where byDay[later].earliest != Int.max {
                tightestRest = min(tightestRest, byDay[later].earliest - byDay[day].latest)
            }
        }
        for agent in problem.agents {
            if agent.minWeeklyMinutes > 0 { return "a weekly minimum (agent \(agent.id))" }
            if agent.maxDaysPerWeek < 7 || agent.maxWeeklyMinutes < 7 * longest { return "a weekly cap that can bind (agent \(agent.id))" }
            if agent.minRestMinutes > 0 && tightestRest < agent.minRestMinutes { return "a rest rule that can bind (agent \(agent.id))" }
        }
        return nil
    }

    /// Whether every agent's pricing tables stay small enough (see ``StreakPricing/isTractable``).
    var isTractable: Bool { pricers.allSatisfy(\.isTractable) }

    static func successionMatrix(_ problem: RosterProblem, _ templates: [String: Int]) -> [[Bool]] {
        var matrix = Array(repeating: Array(repeating: false, count: templates.count), count: templates.count)
        for rule in problem.dayLevel.successions {
            if let first = templates[rule.first], let next = templates[rule.next] { matrix[first][next] = true }
        }
        return matrix
    }

    init(problem: RosterProblem, solver: any MIPSolver, generator: any ColumnGenerationSolver, options: SolverOptions) {
        self.problem = problem
        self.solver = solver
        self.generator = generator
        self.options = options
        start = clock.now
        let templates = Dictionary(problem.templates.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        templateIndex = templates
        let successions = Self.successionMatrix(problem, templates)
        pricers = problem.agents.indices.map { StreakPricing(problem: problem, agent: $0, templateIndex: templates, successions: successions) }
        demands = problem.dayLevel.demands
        var rows: [Int: Int] = [:]
        for (index, demand) in demands.enumerated() {
            if let template = templates[demand.template] { rows[demand.day * templates.count + template] = index }
        }
        demandRow = rows
        intervalCount = problem.staffsByInterval ? problem.horizon.intervalCount : 0
        covered = problem.shifts.map { problem.staffsByInterval ? problem.coveredIntervals($0) : 0..<0 }
        let hours = Double(problem.horizon.intervalMinutes) / 60
        intervalUnder = problem.weights.underStaffingPerAgentHour * hours
        intervalOver = problem.weights.overStaffingPerAgentHour * hours
        let agentIndex = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var base = Array(repeating: 0.0, count: problem.agents.count)
        var change = Array(repeating: [Int: Double](), count: problem.agents.count)
        for request in problem.dayLevel.requests {
            guard let agent = agentIndex[request.agentID] else { continue }
            let key = request.day * templates.count + (templates[request.template] ?? -1)
            switch request.kind {
            case .on:
                base[agent] += request.weight
                if templates[request.template] != nil { change[agent][key, default: 0] -= request.weight }
            case .off:
                if templates[request.template] != nil { change[agent][key, default: 0] += request.weight }
            }
        }
        requestBase = base
        requestChange = change
        let weights = demands.flatMap { [$0.underWeight, $0.overWeight] } + problem.dayLevel.requests.map(\.weight)
            + (problem.staffsByInterval ? [intervalUnder, intervalOver] : [])
        wholeObjective = weights.allSatisfy { $0 == $0.rounded() }
        pools = Array(repeating: [], count: problem.agents.count)
        inPool = Array(repeating: [], count: problem.agents.count)
    }

    func elapsed() -> Double { (clock.now - start).seconds }
    func timeLeft() -> Double? { options.timeLimitSeconds.map { $0 - elapsed() } }
    func note(_ text: String) { options.log?(String(format: "horizon patterns %.2fs: ", elapsed()) + text) }

    // MARK: Search

    func run() throws -> RosterSolution {
        let team = problem.agents.count
        // A pattern per agent that keeps their rules, or an agent whose rules cannot all hold.
        var choice: [Pattern] = []
        for agent in 0..<team {
            guard let first = firstPattern(agent: agent) else { return infeasible(agent: problem.agents[agent].id) }
            choice.append(first)
            remember(first, agent: agent)
        }
        let all = Array(0..<team)
        let nobody = Array(repeating: Pattern?.none, count: team)
        var best = evaluate(choice)
        let tolerance = (options.relativeGap ?? 0) + 1e-9
        var bound = 0.0
        func closed() -> Bool { (relativeGap(incumbent: best, bound: bound) ?? 1) <= tolerance }
        func improve(to patterns: [Pattern], free: [Int], how: String) -> Bool {
            var candidate = choice
            for (position, agent) in free.enumerated() { candidate[agent] = patterns[position] }
            let value = evaluate(candidate)
            guard value < best - 1e-9 else { return false }
            choice = candidate
            best = value
            note("\(how): \(best)")
            options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: best, bound: bound))
            return true
        }

        // Branch and price over everyone: the quick dive, then the tree for 40 % of the time left
        // (10 %, at most 20 s, in teams over 40, where the tree rarely closes and neighbourhoods
        // do better).
        let root = try branchAndPrice(
            free: all, others: nobody, seed: choice.map { [$0] }, incumbent: choice, timeLimit: timeLeft().map { max(0.1, $0) },
            treeSeconds: timeLeft().map { max(0.1, team <= 40 ? $0 * 0.4 : min($0 * 0.1, 20)) }
        ) { found in _ = improve(to: found, free: all, how: "branch and price") }
        bound = max(0, root.rootBound ?? 0)
        if wholeObjective { bound = (bound - 1e-6).rounded(.up) }
        if root.exhausted { bound = best }
        note("branch and price over everyone: \(root.nodes) nodes, roster \(best), bound \(bound)\(root.exhausted ? " (search complete)" : ""), \(pools.reduce(0) { $0 + $1.count }) patterns")
        options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: best, bound: bound))

        // The integer master over everything generated.
        // (Only for small pools: GLPK's root LP of a wide integer master overruns its time limit.)
        if !closed(), options.shouldStop?() != true, (timeLeft() ?? 1) > 0.2, team * Self.integerMasterPatterns <= 1_500 {
            let seconds = timeLeft().map { max(0.1, min($0 * 0.15, 10)) } ?? 10
            if let found = try integerMaster(free: all, others: nobody, current: choice, seconds: seconds) {
                _ = improve(to: found, free: all, how: "integer master")
            }
        }

        // Large neighbourhoods: some agents over the whole horizon, or everyone over a window of
        // days, each searched by branch and price for a few seconds; the schedule shares the time
        // between the two kinds by how well each has done lately, and grows their sizes.
        var random = WeekGenerator.Random(state: 0x5EED)
        let days = problem.horizon.days
        // A tenth of the time limit, between 5 and 30 s.
        let neighbourhoodSeconds = options.timeLimitSeconds.map { min(30, max(5, $0 / 10)) } ?? 5
        // Large teams start small, where there is still much to gain from cheap neighbourhoods.
        var schedule = NeighbourhoodSchedule(
            kinds: team <= 3 ? [.days] : [.agents, .days], scale: team > 40 ? 0.2 : 0.5, memorySeconds: neighbourhoodSeconds)
        func drawn(_ whole: Int, least: Int, scale: Double) -> Int {
            let share = scale * (0.8 + 0.4 * Double(random.below(1_000)) / 1_000)
            return min(whole, max(least, Int((Double(whole) * share).rounded())))
        }
        var neighbourhoods = 0, sinceImprovement = 0
        var stopReason: StopReason?
        while !closed() {
            if options.shouldStop?() == true { stopReason = .interrupted; break }
            if options.workMeter?.isExhausted == true { stopReason = .workLimit; break }
            if let left = timeLeft(), left <= 0.05 { stopReason = .timeLimit; break }
            if options.timeLimitSeconds == nil && sinceImprovement >= 100 { stopReason = .noImprovement; break }
            neighbourhoods += 1
            let kind = schedule.next()
            let scale = schedule.scale[kind.rawValue]
            let free: [Int]
            var keep: Keep?
            switch kind {
            case .days:
                free = all
                let window = drawn(days, least: min(days, 7), scale: scale)
                let first = windowStart(length: window, choice: choice, random: &random)
                keep = Keep(window: first..<(first + window), current: choice)
            case .agents:
                free = neighbourhood(size: drawn(team, least: min(team, 3), scale: scale), choice: choice, random: &random)
            }
            var others: [Pattern?] = choice.map { $0 }
            for agent in free { others[agent] = nil }
            // The newest patterns of each agent that fit (a wide master slows every LP down).
            let seed = free.map { agent in
                Array(pools[agent].filter { keep?.allows($0, agent: agent, shifts: problem.shifts) ?? true }.suffix(Self.seedPatterns))
            }
            let how = "neighbourhood \(neighbourhoods) (\(keep.map { "days \($0.window.lowerBound + 1)–\($0.window.upperBound)" } ?? "\(free.count) agents"))"
            var improved = false
            let began = elapsed()
            _ = try branchAndPrice(
                free: free, others: others, seed: seed, incumbent: free.map { choice[$0] }, keep: keep,
                timeLimit: timeLeft().map { max(0.05, min($0, neighbourhoodSeconds)) } ?? neighbourhoodSeconds
            ) { found in improved = improve(to: found, free: free, how: how) || improved }
            schedule.record(kind, seconds: elapsed() - began, improved: improved)
            sinceImprovement = improved ? 0 : sinceImprovement + 1
        }
        note("\(neighbourhoods) neighbourhoods; roster \(best), bound \(bound)")
        return try package(choice, objective: best, bound: bound, stopReason: stopReason, neighbourhoods: neighbourhoods)
    }

    /// The first day of a window of `length` days: half the time around a day with a demand
    /// left short, otherwise anywhere.
    func windowStart(length: Int, choice: [Pattern], random: inout WeekGenerator.Random) -> Int {
        let (demand, _) = coverage(choice)
        let shortDays = demands.indices.filter { demands[$0].required > demand[$0] }.map { demands[$0].day }
        return Self.windowStart(length: length, days: problem.horizon.days, shortDays: shortDays, random: &random)
    }

    /// The first day of a window of `length` days in a horizon of `days`: when `shortDays` has
    /// any, half the time a window that holds one of them (drawn among them, then among the
    /// windows holding it), otherwise any window.
    static func windowStart(length: Int, days: Int, shortDays: [Int], random: inout WeekGenerator.Random) -> Int {
        if !shortDays.isEmpty, random.below(2) == 0 {
            let day = shortDays[random.below(shortDays.count)]
            let earliest = max(0, day - length + 1), latest = min(day, days - length)
            return earliest + random.below(latest - earliest + 1)
        }
        return random.below(days - length + 1)
    }

    func neighbourhood(size: Int, choice: [Pattern], random: inout WeekGenerator.Random) -> [Int] {
        let team = problem.agents.count
        var chosen = Set<Int>()
        // Half the time: agents around a costly demand (its day), the others at random.
        let (demand, _) = coverage(choice)
        let costly = demands.indices.filter { demands[$0].required != demand[$0] }
        if !costly.isEmpty, random.below(2) == 0 {
            let row = costly[random.below(costly.count)]
            let day = demands[row].day
            let near = (0..<team).filter { agent in
                choice[agent].shifts.contains { abs(problem.shifts[$0].day - day) <= 1 } || !pricers[agent].groups[day].isEmpty
            }
            var candidates = near
            while chosen.count < size / 2, !candidates.isEmpty {
                chosen.insert(candidates.remove(at: random.below(candidates.count)))
            }
        }
        while chosen.count < size { chosen.insert(random.below(team)) }
        return chosen.sorted()
    }

    func package(_ choice: [Pattern], objective: Double, bound rawBound: Double, stopReason: StopReason?, neighbourhoods: Int) throws -> RosterSolution {
        let (roster, intervalCoverage) = try problem.validatedRoster(shifts: choice.map(\.shifts), objective: objective)
        let bound = min(rawBound, objective)
        let gap = relativeGap(incumbent: objective, bound: bound) ?? 1
        let tolerance = (options.relativeGap ?? 0) + 1e-9
        let status: TerminationStatus = gap <= 1e-9 ? .optimal : .feasible(gap <= tolerance ? .gapLimit : (stopReason ?? .timeLimit))
        let result = SolverResult(
            status: status, objective: objective, bestBound: bound, values: nil, wallSeconds: elapsed(),
            solverMessage: "horizon patterns by column generation: \(pools.reduce(0) { $0 + $1.count }) patterns for "
                + "\(problem.agents.count) agents, \(neighbourhoods) neighbourhoods re-optimized")
        options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: objective, bound: bound))
        return RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: intervalCoverage,
            variableCount: pools.reduce(0) { $0 + $1.count } + 2 * (demands.count + intervalCount),
            constraintCount: problem.agents.count + demands.count + intervalCount)
    }

    func infeasible(agent: String) -> RosterSolution {
        let result = SolverResult(
            status: .infeasible, objective: nil, bestBound: nil, values: nil, wallSeconds: elapsed(),
            solverMessage: "agent \(agent) has no pattern over the horizon that keeps all of their rules")
        return RosterSolution(problem: problem, solverResult: result, roster: nil, coverage: [], variableCount: 0, constraintCount: 0)
    }
}
