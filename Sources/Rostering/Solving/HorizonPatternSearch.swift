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
    /// The best roster so far (a pattern per agent), its objective, and the proven bound.
    var choice: [Pattern] = []
    var best = 0.0
    var bound = 0.0

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
        if problem.hasQueues { return "several queues" }
        if problem.hasBreaks { return "breaks inside shifts" }
        if problem.hasActivities { return "activities inside shifts" }
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

    init(problem: RosterProblem, solver: any MIPSolver, generator: any ColumnGenerationSolver, options: SolverOptions) {
        self.problem = problem
        self.solver = solver
        self.generator = generator
        self.options = options
        start = clock.now
        let templates = problem.templateIndex
        templateIndex = templates
        let successions = problem.successionMatrix(templates)
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

    /// Weight of the stability centre in the root's dual smoothing (``DualSmoothing``).
    static let smoothingWeight = 0.5
    /// The weight this search's root uses (``smoothingWeight``; 0 in a test prices at the
    /// master's own duals).
    var rootSmoothingWeight = HorizonPatternSearch.smoothingWeight
    /// Pricing labels (``StreakPricing/Tables/labels``) counted as one unit of work: about the
    /// time of one simplex iteration of a neighbourhood's master (measured on instance 12 of the
    /// nurse-rostering benchmark: 30–40 ns a label, 55–70 µs an iteration).
    static let labelsPerWorkUnit = 2_000
    /// Units of work (simplex iterations plus converted labels) the reference machine does in a
    /// second of a neighbourhood (10,500–16,000 on instance 12, masters and evaluation included).
    /// Only used to turn a time limit into work budgets, once, before the search: the budgets,
    /// and so the search, do not depend on how fast the machine actually is.
    static let workPerSecond = 8_000.0

    /// The work a budget of `seconds` stands for (see ``workPerSecond``).
    static func work(seconds: Double) -> Int { Int((seconds * workPerSecond).rounded()) }

    func elapsed() -> Double { (clock.now - start).seconds }
    func timeLeft() -> Double? { options.timeLimitSeconds.map { $0 - elapsed() } }
    func note(_ text: String) { options.log?(String(format: "horizon patterns %.2fs: ", elapsed()) + text) }

    // MARK: Search

    /// Runs the search: a pattern per agent, branch and price over everyone, the integer master
    /// (small teams), then large neighbourhoods until the gap closes or a limit is reached.
    func run() throws -> RosterSolution {
        // A pattern per agent that keeps their rules, or an agent whose rules cannot all hold.
        for agent in problem.agents.indices {
            guard let first = firstPattern(agent: agent) else { return infeasible(agent: problem.agents[agent].id) }
            choice.append(first)
            remember(first, agent: agent)
        }
        best = evaluate(choice)
        let firstRosterWork = improveAgentByAgent()
        note("agent by agent: \(best) (work \(firstRosterWork))")
        // The run's budget in work: its time limit's worth (less the first roster's work) or what
        // is left of its work limit, the smaller.
        let limit = [options.timeLimitSeconds.map { max(0, Self.work(seconds: $0) - firstRosterWork) }, options.workMeter?.remaining].compactMap { $0 }.min()
        try searchEveryone(limit: limit)
        // The integer master over everything generated.
        // (Only for small pools: GLPK's root LP of a wide integer master overruns its limits.)
        let team = problem.agents.count
        if !closed(), options.shouldStop?() != true, (timeLeft() ?? 1) > 0.2, team * Self.integerMasterPatterns <= 1_500 {
            let work = limit.map { max(Self.work(seconds: 0.1), min($0 * 3 / 20, Self.work(seconds: 10))) } ?? Self.work(seconds: 10)
            let nobody = Array(repeating: Pattern?.none, count: team)
            if let found = try integerMaster(free: Array(0..<team), others: nobody, current: choice, work: WorkLimit(simplexIterations: work)) {
                improve(to: found, free: Array(0..<team), how: "integer master")
            }
        }
        let (neighbourhoods, stopReason) = try searchNeighbourhoods(limit: limit)
        note("\(neighbourhoods) neighbourhoods; roster \(best), bound \(bound)")
        return try package(choice, objective: best, bound: bound, stopReason: stopReason, neighbourhoods: neighbourhoods)
    }

    /// Whether the best roster is within the requested gap of the bound.
    func closed() -> Bool { (relativeGap(incumbent: best, bound: bound) ?? 1) <= (options.relativeGap ?? 0) + 1e-9 }

    /// Takes `patterns` for the agents `free` when that makes the roster better.
    @discardableResult
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

    /// Branch and price over everyone: the quick dive, then the tree for 40 % of the run's
    /// budget `limit` (10 %, at most 20 s worth, in teams over 40, where the tree rarely closes
    /// and neighbourhoods do better). In teams over 40 the whole call, dive included, gets at
    /// most half of `limit`, so that neighbourhoods always get the other half (a dive cut short
    /// gives no roster; the first roster stays). Sets the bound.
    func searchEveryone(limit: Int?) throws {
        let team = problem.agents.count
        let all = Array(0..<team)
        let root = try branchAndPrice(
            free: all, others: Array(repeating: nil, count: team), seed: choice.map { [$0] }, incumbent: choice,
            work: team > 40 ? limit.map { $0 / 2 } : nil,
            treeWork: limit.map { team <= 40 ? $0 * 2 / 5 : min($0 / 10, Self.work(seconds: 20)) }
        ) { [unowned self] found in self.improve(to: found, free: all, how: "branch and price") }
        bound = max(0, root.rootBound ?? 0)
        if wholeObjective { bound = (bound - 1e-6).rounded(.up) }
        if root.exhausted { bound = best }
        note("branch and price over everyone: \(root.nodes) nodes, work \(root.work), roster \(best), bound \(bound)\(root.exhausted ? " (search complete)" : ""), \(pools.reduce(0) { $0 + $1.count }) patterns")
        options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: best, bound: bound))
    }

    /// Large neighbourhoods: some agents over the whole horizon, or everyone over a window of
    /// days, each searched by branch and price within a tenth of the run's budget `limit` (5–30 s
    /// worth); the schedule shares the work between the two kinds by how well each has done
    /// lately, and grows their sizes. Returns how many ran and what ended them.
    func searchNeighbourhoods(limit: Int?) throws -> (count: Int, stopReason: StopReason?) {
        let team = problem.agents.count
        var random = WeekGenerator.Random(state: 0x5EED)
        let neighbourhoodWork = limit.map { min(Self.work(seconds: 30), max(Self.work(seconds: 5), $0 / 10)) } ?? Self.work(seconds: 5)
        // Large teams start small, where there is still much to gain from cheap neighbourhoods.
        var schedule = NeighbourhoodSchedule(
            kinds: team <= 3 ? [.days] : [.agents, .days], scale: team > 40 ? 0.2 : 0.5, memory: Double(neighbourhoodWork))
        var neighbourhoods = 0, sinceImprovement = 0
        while !closed() {
            if options.shouldStop?() == true { return (neighbourhoods, .interrupted) }
            if options.workMeter?.isExhausted == true { return (neighbourhoods, .workLimit) }
            if let left = timeLeft(), left <= 0.05 { return (neighbourhoods, .timeLimit) }
            if options.timeLimitSeconds == nil && sinceImprovement >= 100 { return (neighbourhoods, .noImprovement) }
            neighbourhoods += 1
            let kind = schedule.next()
            let (free, keep) = draw(kind, scale: schedule.scale[kind.rawValue], random: &random)
            var others: [Pattern?] = choice.map { $0 }
            for agent in free { others[agent] = nil }
            // The newest patterns of each agent that fit (a wide master slows every LP down).
            let seed = free.map { agent in
                Array(pools[agent].filter { keep?.allows($0, agent: agent, shifts: problem.shifts) ?? true }.suffix(Self.seedPatterns))
            }
            let how = "neighbourhood \(neighbourhoods) (\(keep.map { "days \($0.window.lowerBound + 1)–\($0.window.upperBound)" } ?? "\(free.count) agents"))"
            var improved = false
            let tree = try branchAndPrice(
                free: free, others: others, seed: seed, incumbent: free.map { choice[$0] }, keep: keep, work: neighbourhoodWork
            ) { [unowned self] found in improved = self.improve(to: found, free: free, how: how) || improved }
            schedule.record(kind, work: Double(tree.work), improved: improved)
            sinceImprovement = improved ? 0 : sinceImprovement + 1
        }
        return (neighbourhoods, nil)
    }

    /// The agents and (for a window of days) the days a neighbourhood of `kind` frees, its size
    /// a share `scale` of the team or the horizon drawn ±20 %.
    func draw(_ kind: NeighbourhoodSchedule.Kind, scale: Double, random: inout WeekGenerator.Random) -> (free: [Int], keep: Keep?) {
        func drawn(_ whole: Int, least: Int) -> Int {
            let share = scale * (0.8 + 0.4 * Double(random.below(1_000)) / 1_000)
            return min(whole, max(least, Int((Double(whole) * share).rounded())))
        }
        let team = problem.agents.count, days = problem.horizon.days
        switch kind {
        case .days:
            let window = drawn(days, least: min(days, 7))
            let first = windowStart(length: window, choice: choice, random: &random)
            return (Array(0..<team), Keep(window: first..<(first + window), current: choice))
        case .agents:
            return (neighbourhood(size: drawn(team, least: min(team, 3)), choice: choice, random: &random), nil)
        }
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
