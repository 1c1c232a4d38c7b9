import LinearProgramming

/// The weekly-pattern strategy: every agent works one pattern (their shifts for the horizon),
/// and a master program chooses how many agents of each ``AgentType`` work each pattern so that
/// coverage and wishes cost least.
///
/// 1. **Column generation.** The master's LP relaxation starts from two patterns per type; each
///    round its interval and type duals price every type's cheapest patterns by dynamic
///    programming (``PatternPricing``) and those with a negative reduced cost join.
///    `LP value + Σ_types members × min(0, cheapest reduced cost)` is a valid lower bound on every
///    roster at every round (Lagrangian bound); once nothing prices out it is the LP value, which
///    is at least the full model's LP relaxation.
/// 2. **Dive.** The full model restricted to the shifts of the patterns the LP uses is solved as
///    an LP, and assignments are fixed (all the LP takes whole, then the largest fractional ones)
///    and the LP re-solved until it is whole: a roster. The LP's pattern mix, rounded, is the
///    fallback.
/// 3. **Local search and large neighbourhoods.** Agents move to cheaper patterns of their type's
///    pool; then, repeatedly, a few agents are freed (everyone else keeps their week), their weeks
///    re-optimized by steps 1–2 on what the others leave to cover, and improvements kept, until
///    the roster is within the requested gap of the bound, the time is up, or many neighbourhoods
///    in a row find nothing better.
///
/// The fairness term (min-max share of refused wish points) is not in the master, so the bound
/// stays valid; every roster is scored with it.
final class PatternSearch {
    let problem: RosterProblem
    let solver: any MIPSolver
    let generator: any ColumnGenerationSolver
    let options: SolverOptions
    /// A search inside a neighbourhood: no bound reporting and no neighbourhoods of its own.
    let isNeighbourhood: Bool

    let types: [AgentType]
    let pricers: [PatternPricing]
    let typeOfAgent: [Int]
    /// Intervals each shift covers (breaks included).
    let covered: [Range<Int>]
    /// Per shift, per placement of its breaks: the intervals the breaks take (empty without
    /// break rules; empty for a shift without breaks).
    let breakCover: [[[Int]]]
    /// Where each activity's sessions may go (empty without activities).
    let catalog: SessionCatalog
    /// Each activity's cheapest session per shift when every interval is worth 0: any that fits.
    lazy var anySessions = sessionTable(price: nil)
    /// The root LP's sessions: per session code, the agents its patterns hold it for (their
    /// LP values summed); what the meetings' held times follow (``heldTimes(_:meetings:)``).
    var rootSessions: [Int: Double] = [:]
    /// Penalty of one agent short / one agent too many in one interval.
    let under: Double, over: Double
    /// Every pattern generated so far, per type, and their wish costs.
    var pools: [[WeeklyPattern]]
    var inPool: [Set<WeeklyPattern>]
    var wishCosts: [[WeeklyPattern: (cost: Double, points: Double)]]
    /// Template maxima the pricing state does not keep (``PatternMaxima.swift``), and the
    /// master's cost of each pooled pattern breaking one (its roster cost is +∞).
    let outsideMaxima: OutsideMaxima
    /// Horizon totals the pricing state does not keep (``PatternTotals.swift``), with the same
    /// treatment as those maxima.
    let outsideTotals: OutsideTotals
    /// Most cells a type's pricing state may take here (``PatternPricing/cellBudget(types:)``).
    let pricingCells: Int
    var columnCosts: [[WeeklyPattern: Double]]
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    var masterSize = (variables: 0, rows: 0)
    /// ``startingPatterns()``, once priced.
    var startingCache: [(own: WeeklyPattern?, busy: WeeklyPattern?)]?
    /// Whether ``startingPatterns()`` stopped (Ctrl-C or the time limit) before every type was
    /// priced: the search then has no roster to start from.
    var startingCut = false
    /// Pricing labels created by column generation so far (its work, charged to the meter at
    /// ``HorizonPatternSearch/labelsPerWorkUnit`` a unit as they accumulate).
    var labelsPriced = 0
    /// Whether the pattern master counts agents per shift (``addShiftCounts(to:)``): over
    /// several weeks, where a pattern works 20 and more shifts and its interval entries made
    /// GLPK's simplex slow (four weeks of 30-minute intervals: rounds 29–35 of the root took
    /// 0.3–0.5 s each instead of 1.0–1.5 s); over one week a pattern's column is short and the
    /// extra rows cost about what they save.
    var usesShiftCounts: Bool
    /// Skill sets (the queues each serves; `[[0]]` without queues) and each type's
    /// (``PatternQueues.swift``): coverage is counted per slot `set × intervals + interval`.
    let skillSets: [[Int]]
    let setOfType: [Int]
    /// With queues: the allocation's marginals and penalty for moves and scores.
    let queueView: QueueCoverageView?
    /// Per type, the types that differ from it only by their skill set, itself included
    /// (``twinTypes()``); `[type]` without queues.
    var twins: [[Int]] = []
    /// The day-level demands, counted in coverage vectors after the slots (``PatternDemands.swift``).
    let demandIndex: DemandIndex

    /// - Parameter pricingCells: most cells a type's pricing state may take (nil:
    ///   ``PatternPricing/cellBudget(types:)`` for this problem's types; a neighbourhood gets its
    ///   whole problem's; tests lower it to send rules to the master on small problems).
    init(
        problem: RosterProblem, solver: any MIPSolver, generator: any ColumnGenerationSolver, options: SolverOptions, isNeighbourhood: Bool = false,
        pricingCells: Int? = nil
    ) {
        self.problem = problem
        self.solver = solver
        self.generator = generator
        self.options = options
        self.isNeighbourhood = isNeighbourhood
        start = clock.now
        types = AgentType.types(of: problem)
        let cells = pricingCells ?? PatternPricing.cellBudget(types: types.count)
        self.pricingCells = cells
        pricers = types.map { PatternPricing(problem: problem, type: $0, cellBudget: cells) }
        var typeOf = Array(repeating: 0, count: problem.agents.count)
        for (index, type) in types.enumerated() { for member in type.members { typeOf[member] = index } }
        typeOfAgent = typeOf
        // A site that staffs by day-level demands only counts no interval.
        covered = problem.shifts.map { problem.staffsByInterval ? problem.coveredIntervals($0) : 0..<0 }
        breakCover = !problem.hasBreaks ? [] : problem.shifts.map { shift in
            let plans = problem.breakPlans(of: shift)
            return plans == [.none] ? [] : plans.indices.map { problem.breakIntervals(shift, plan: $0) }
        }
        catalog = SessionCatalog(problem: problem)
        let hours = Double(problem.horizon.intervalMinutes) / 60
        under = problem.weights.underStaffingPerAgentHour * hours
        over = problem.weights.overStaffingPerAgentHour * hours
        pools = Array(repeating: [], count: types.count)
        inPool = Array(repeating: [], count: types.count)
        wishCosts = Array(repeating: [:], count: types.count)
        outsideMaxima = OutsideMaxima(problem: problem, pricers: pricers)
        outsideTotals = OutsideTotals(problem: problem, pricers: pricers)
        columnCosts = Array(repeating: [:], count: types.count)
        // (Shift counts are per shift, not per skill set.)
        usesShiftCounts = problem.horizon.days > 7 && !problem.hasQueues
        skillSets = problem.skillSets().sets
        setOfType = types.map(\.skillSet)
        queueView = problem.hasQueues ? QueueCoverageView(problem: problem, sets: skillSets) : nil
        demandIndex = DemandIndex(problem: problem, offset: skillSets.count * problem.horizon.intervalCount)
        twins = problem.hasQueues ? twinTypes() : types.indices.map { [$0] }
    }

    /// Agent-weeks freed per neighbourhood (weeks of 7 days of the horizon): 60 agents over one
    /// week, 15 over four (fewer in small teams). A neighbourhood's column generation grows with
    /// its agents' weeks: over four weeks 60 agents took about 30 s each, and with 15 the rosters
    /// at 60 s were 8–17 % cheaper (seeds 48–50).
    static let neighbourhoodSize = 60
    /// Simplex iterations of each kind's newest neighbourhoods its rate is measured over
    /// (``NeighbourhoodSchedule``): a few neighbourhoods of either kind.
    static let scheduleMemory = 100_000.0

    /// Neighbourhoods without improvement before the next ones grow.
    static let growAfter = 20
    /// GLPK's work on a neighbourhood whose LP leaves room the dive did not find (a count of
    /// nodes and iterations ends the same way on any machine). With branching on the most
    /// fractional variable a node is cheap, and 500 nodes find what 10 did not: M seeds 48–52
    /// reach 0.1 % in 1.0–2.3 s instead of 3.2–26.3 s. Break counts make each node dearer, and
    /// weeks with breaks kept the 10 nodes (their rosters were a little worse with 500).
    static let neighbourhoodMIPWork = WorkLimit(simplexIterations: 200_000, nodes: 500)
    static let neighbourhoodMIPWorkWithBreaks = WorkLimit(simplexIterations: 20_000, nodes: 10)
    /// With queues the allocation makes each node dearer: 100 nodes took M (four queues) seeds
    /// 48/49/50 to the optimum in 12.5 / 4.9 / 7.8 s, against 12.7 / 5.2 / 12.3 s with 500 and
    /// 16.5 / 9.3 / 10.0 s with 10; S and L unchanged.
    static let neighbourhoodMIPWorkWithQueues = WorkLimit(simplexIterations: 200_000, nodes: 100)
    /// Most placements a shift's breaks may have for the neighbourhood MIP to keep its 500
    /// nodes: a single lunch on a few starts keeps nodes cheap (L with a lunch, 5 placements).
    static let fewPlacements = 8
    /// Whether some shift's breaks have more than ``fewPlacements`` placements (the MIP then
    /// gets ``neighbourhoodMIPWorkWithBreaks``).
    var hasManyPlacements: Bool { breakCover.contains { $0.count > Self.fewPlacements } }
    /// Each LP of a neighbourhood (its column generation, its dive): a guard against a runaway
    /// LP in place of the 10 s it had.
    static let neighbourhoodLPWork = WorkLimit(simplexIterations: 200_000)
    /// GLPK's work on the full model of a small team whose gap the search left open. With 5,000
    /// nodes Curtois & Qu's instance 1 (8 nurses, two weeks) ended at 3.5 s on 607 with the bound
    /// 560 and "no improvement"; with 50,000 GLPK proves 607 optimal at 5.0 s. A harder model
    /// meets the time limit first (the S weeks, plain and mixed, still end optimal within 1.4 s).
    static let fullModelWork = WorkLimit(simplexIterations: 20_000_000, nodes: 50_000)
    /// Largest restricted model (assignment variables) worth a dive: GLPK's LP of larger ones
    /// takes longer than the neighbourhoods need to get as far.
    static let largestDive = 8_000
    /// Largest restricted model (variables) a neighbourhood with activity sessions dives in:
    /// on the example week with activities the dives of windows (about 2,000 variables) paid,
    /// those of 26 agents' whole weeks (5,600–7,200) took 3–4 s each and found less than the polish.
    static let largestNeighbourhoodDiveWithSessions = 4_000
    /// Share of the fractional assignments fixed per dive step (1 in `diveShare`).
    static let diveShare = 20
    /// Largest full model (assignment variables) handed to GLPK when the search has not closed
    /// the gap.
    static let largestFullModel = 3_000
    /// Weight of the stability centre in column generation's dual smoothing (``DualSmoothing``).
    static let smoothingWeight = 0.5
    /// Cost of one session past an at-once limit in the master, in agents short for an interval.
    static let atOnceExcessCost = 1_000.0
    /// Times an infeasible dive LP may be backed up before the dive gives up.
    static let backtracks = 200

    func elapsed() -> Double { (clock.now - start).seconds }
    func timeLeft() -> Double? { options.timeLimitSeconds.map { $0 - elapsed() } }
    func note(_ text: String) {
        guard !isNeighbourhood else { return }
        options.log?(String(format: "patterns %.2fs: ", elapsed()) + text)
    }
    func report(incumbent: Double?, bound: Double) {
        guard !isNeighbourhood else { return }
        options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: incumbent, bound: bound))
    }

    /// What in the problem this search does not keep, in words; nil when it keeps every rule.
    /// Day-level demands are not allocated to queues, breaks and activities need intervals to
    /// count, and the pricing state of a type's horizon rules must fit
    /// (``PatternPricing/isTractable``).
    var unsupported: String? {
        if let activities = unsupportedActivities { return activities }
        if !problem.dayLevel.demands.isEmpty, problem.hasQueues { return "day-level demands with several queues" }
        if !problem.staffsByInterval {
            if problem.hasBreaks || problem.hasActivities { return "breaks or activities at a site without interval requirements" }
            if problem.required.contains(where: { $0 != 0 }) { return "interval requirements that do not count" }
        }
        if let type = pricers.firstIndex(where: { !$0.isTractable }) {
            return "the pricing state of agent \(problem.agents[types[type].members[0]].id)'s horizon rules would be too large"
        }
        return nil
    }

    /// No roster the search found keeps every hard session under its at-once limit, or every
    /// template maximum outside the pricing state (the exact model then takes the problem).
    struct NoRosterKeepingAtOnce: Error {
        /// The rules no roster kept, as the route's reason names them.
        var rules: [String] = []
    }

    func run() throws -> RosterSolution {
        if let agent = agentWithoutPattern() { return infeasible(agent: agent) }
        if startingCut { return stoppedBeforeARoster() }
        let found = try improved()
        guard found.best.isFinite else {
            let rules = [
                problem.hasActivities ? "activities' at-once limits" : nil, outsideMaxima.isEmpty ? nil : "template maxima",
                outsideTotals.isEmpty ? nil : "horizon totals",
            ]
            throw NoRosterKeepingAtOnce(rules: rules.compactMap { $0 })
        }
        return try package(
            found.choice, best: found.best, bound: found.bound, tolerance: (options.relativeGap ?? 0) + 1e-9, stopReason: found.stopReason,
            neighbourhoods: found.neighbourhoods)
    }

    /// The search, its large neighbourhoods and (for a small team) the full model's polish: a
    /// pattern per agent, its objective and the bound, not validated yet (``run()`` validates
    /// and packages them). Every agent must have a pattern (``agentWithoutPattern()``).
    func improved() throws -> (choice: [WeeklyPattern], best: Double, bound: Double, stopReason: StopReason?, neighbourhoods: Int) {
        var (choice, best, bound) = try search()
        var coverage = coverageOf(choice)
        let tolerance = (options.relativeGap ?? 0) + 1e-9

        // Large neighbourhoods: free a few agents, re-optimize their weeks, keep improvements.
        var random = WeekGenerator.Random(state: 0x5EED)
        // Neighbourhoods grow by half after every 20 that find nothing (up to half the team, or
        // two thirds of a small one), and shrink back after an improvement.
        let team = problem.agents.count
        // With queues a small team gets neighbourhoods too (two thirds of it): GLPK's polish of
        // its full model, with the allocation, often stops short (7 agents, two queues: 715
        // after 5,000 nodes where 4 agents re-optimized together reach 695 at once).
        let baseSize = problem.hasQueues && team <= 8 ? max(2, 2 * team / 3) : Self.baseNeighbourhoodSize(team: team, days: problem.horizon.days)
        let everyone = Self.everyoneWindow(team: team, days: problem.horizon.days)
        let windowLength = everyone ?? Self.windowLength(days: problem.horizon.days)
        let windowAgents = everyone == nil ? Self.windowAgents(team: team, length: windowLength ?? 7) : team
        let largest = max(baseSize, min(team - 1, team < 90 ? 2 * team / 3 : team / 2))
        var size = baseSize
        let patience = max(100, 5 * problem.agents.count / baseSize)
        var sinceImprovement = 0
        var neighbourhoods = 0
        // Whole horizons of a few agents, or a window of days of many, sharing the work by how
        // often each improves (over four weeks a week of 60 closed in 2 s where 15 agents over
        // the four weeks took 15 s and gained a quarter as much).
        var schedule = windowLength == nil ? nil : NeighbourhoodSchedule(kinds: [.days, .agents], scale: 0.5, memory: Self.scheduleMemory)
        var promising = 0
        var stopReason: StopReason?
        while (relativeGap(incumbent: best, bound: bound) ?? 1) > tolerance {
            if options.shouldStop?() == true { stopReason = .interrupted; break }
            if options.workMeter?.isExhausted == true { stopReason = .workLimit; break }
            if let left = timeLeft(), left <= 0.05 { stopReason = .timeLimit; break }
            if sinceImprovement >= patience || size >= problem.agents.count { stopReason = .noImprovement; break }
            if sinceImprovement > 0 && sinceImprovement % Self.growAfter == 0 { size = min(largest, size + size / 2) }
            // Or a window of days around the interval drawn.
            let kind = schedule?.next() ?? .agents
            let windowed = kind == .days
            let (free, day) = neighbourhood(size: windowed ? windowAgents : size, choice: choice, coverage: coverage, random: &random)
            let window = !windowed ? nil : Self.window(around: day ?? random.below(problem.horizon.days), days: problem.horizon.days, length: windowLength ?? 7)
            var base = coverage
            for agent in free { apply(choice[agent], of: agent, to: &base, change: -1) }
            neighbourhoods += 1
            let meter = WorkMeter(budget: Int.max, parent: options.workMeter)
            guard let (found, hasRoom) = try searchNeighbourhood(free: free, base: base, window: window, choice: choice, meter: schedule == nil ? nil : meter) else { continue }
            if hasRoom { promising += 1 }
            var candidate = choice
            for (position, agent) in free.enumerated() { candidate[agent] = found[position] }
            var candidateCoverage = base
            for agent in free { apply(candidate[agent], of: agent, to: &candidateCoverage, change: 1) }
            let value = evaluate(candidate, coverage: candidateCoverage)
            schedule?.record(kind, work: Double(meter.iterations), improved: value < best - 1e-9)
            if value < best - 1e-9 {
                choice = candidate
                coverage = candidateCoverage
                for agent in free { remember(choice[agent], type: typeOfAgent[agent]) }
                improveLocally(&choice, coverage: &coverage)
                best = evaluate(choice, coverage: coverage)
                sinceImprovement = 0
                size = baseSize
                note("neighbourhood \(neighbourhoods): \(best)")
                report(incumbent: best, bound: bound)
            } else {
                sinceImprovement += 1
            }
        }
        note("\(neighbourhoods) neighbourhoods (\(promising) with room by their LP bound); roster \(best), bound \(bound); \(breakdown(choice, coverage: coverage))")

        // A small team whose roster is not proven yet: the full model, started from the roster.
        if (relativeGap(incumbent: best, bound: bound) ?? 1) > tolerance { try polishSmallTeam(&choice, best: &best, bound: &bound) }
        return (choice, best, bound, stopReason, neighbourhoods)
    }

    /// The search inside one neighbourhood (``neighbourhoodProblem(free:base:window:choice:)``),
    /// seeded with the freed agents' weeks, its work charged to `meter` when given: their new
    /// weeks, and whether its LP bound left room below what it found; nil when a freed agent
    /// has no week at all there.
    private func searchNeighbourhood(free: [Int], base: [Int], window: ClosedRange<Int>?, choice: [WeeklyPattern], meter: WorkMeter?) throws -> ([WeeklyPattern], Bool)? {
        var local = options
        local.timeLimitSeconds = timeLeft().map { max(0.05, $0) }
        local.workLimit = Self.neighbourhoodLPWork
        if let meter { local.workMeter = meter }
        local.relativeGap = nil
        local.log = nil  // GLPK's own log of every neighbourhood would drown the search's
        let inner = PatternSearch(
            problem: neighbourhoodProblem(free: free, base: base, window: window, choice: choice),
            solver: solver, generator: generator, options: local, isNeighbourhood: true, pricingCells: pricingCells)
        guard inner.isReady else { return nil }
        let result = try inner.search(seed: free.map { choice[$0] })
        return (result.choice, result.bound < result.objective - 1e-6 * max(1, abs(result.objective)))
    }

    /// GLPK on the full model of a small team (at most ``largestFullModel`` assignment
    /// variables), started from `choice`, for ``fullModelWork``: keeps a better roster and a
    /// better bound.
    private func polishSmallTeam(_ choice: inout [WeeklyPattern], best: inout Double, bound: inout Double) throws {
        guard options.shouldStop?() != true, options.workMeter?.isExhausted != true, (timeLeft() ?? 1) > 0.1 else { return }
        let variables = problem.agents.indices.reduce(0) { $0 + types[typeOfAgent[$1]].shiftsByDay.reduce(0) { $0 + $1.count } }
        guard variables <= Self.largestFullModel else { return }
        let solved = try polish(choice, work: Self.fullModelWork)
        if let proven = solved.bound { bound = max(bound, proven) }
        if let polished = solved.patterns {
            let value = evaluate(polished, coverage: coverageOf(polished))
            if value < best - 1e-9 {
                best = value
                choice = polished
            }
            note("full model: roster \(best), bound \(bound)")
        }
    }

    /// The roster, checked by the independent validator against the objective computed here,
    /// with the status the gap and the stop reason give.
    private func package(
        _ choice: [WeeklyPattern], best: Double, bound rawBound: Double, tolerance: Double, stopReason: StopReason?, neighbourhoods: Int
    ) throws -> RosterSolution {
        let (roster, intervalCoverage) = try problem.validatedRoster(
            placed: choice.map(\.placed), sessions: choice.map { pattern in pattern.shifts.indices.map { self.rosterSessions(pattern.session(at: $0)) } }, objective: best)
        let bound = min(rawBound, best)
        let gap = relativeGap(incumbent: best, bound: bound) ?? 1
        let status: TerminationStatus
        if gap <= 1e-9 {
            status = .optimal
        } else if gap <= tolerance {
            status = .feasible(.gapLimit)
        } else {
            status = .feasible(stopReason ?? .timeLimit)
        }
        let result = SolverResult(
            status: status, objective: best, bestBound: bound, values: nil, wallSeconds: elapsed(),
            solverMessage: "weekly patterns by column generation: \(pools.reduce(0) { $0 + $1.count }) patterns for "
                + "\(types.count) agent types, \(neighbourhoods) neighbourhoods re-optimized")
        report(incumbent: best, bound: bound)
        return RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: intervalCoverage,
            variableCount: masterSize.variables, constraintCount: masterSize.rows)
    }

    /// Steps 1 and 2 and the local search: a pattern per agent, its objective, and the bound.
    /// With a `seed` (a pattern per agent), its patterns start the master, and the dive is skipped
    /// when the bound shows that nothing cheaper exists.
    func search(seed: [WeeklyPattern]? = nil) throws -> (choice: [WeeklyPattern], objective: Double, bound: Double) {
        let root = try columnGeneration(timeLimit: timeLeft().map { $0 * (isNeighbourhood ? 0.7 : 0.5) }, seed: seed)
        var choice = root.rounded
        var coverage = coverageOf(choice)
        repairOutside(&choice, coverage: &coverage)
        improveLocally(&choice, coverage: &coverage)
        var best = evaluate(choice, coverage: coverage)
        if let early = root.early, early.value < best - 1e-9 {
            (choice, best) = early
            coverage = coverageOf(choice)
        }
        if let seed {
            let seedValue = evaluate(seed, coverage: coverageOf(seed))
            if seedValue <= best {
                best = seedValue
                choice = seed
                coverage = coverageOf(seed)
            }
            if root.bound >= best - 1e-6 * max(1, abs(best)) { return (choice, best, root.bound) }
        }
        note("rounded LP: \(best)")
        report(incumbent: best, bound: root.bound)
        var allowed = Array(repeating: Set<Int>(), count: types.count)
        for (type, patterns) in root.support { for pattern in patterns { allowed[type].formUnion(pattern.shifts) } }
        for (agent, pattern) in choice.enumerated() { allowed[typeOfAgent[agent]].formUnion(pattern.shifts) }
        // Placements the dive and the restricted model may give: the LP's, and the roster's; and
        // the sessions (with their own placements) of the LP's patterns and of the roster.
        let held = heldSessions(root.support.keys.sorted().flatMap { root.support[$0]! } + choice)
        var lpPlacements = root.placements
        for (shift, plans) in held.plans { lpPlacements[shift, default: []].formUnion(plans) }
        let placements = offered(lpPlacements.mapValues { $0.sorted() }, keeping: choice)
        let diveSize = problem.agents.indices.reduce(0) { $0 + allowed[typeOfAgent[$1]].count }
        if options.shouldStop?() != true, diveSize <= Self.largestDive,
            let dived = try dive(allowed: allowed, placements: placements, sessions: held.codes, timeLimit: timeLeft().map { max(0.05, $0 * 0.5) })
        {
            var divedCoverage = coverageOf(dived)
            var improved = dived
            for (agent, pattern) in improved.enumerated() { remember(pattern, type: typeOfAgent[agent]) }
            improveLocally(&improved, coverage: &divedCoverage)
            let value = evaluate(improved, coverage: divedCoverage)
            note("dive: \(value)")
            if value < best - 1e-9 {
                best = value
                choice = improved
                coverage = divedCoverage
                report(incumbent: best, bound: root.bound)
            }
        }
        // In a neighbourhood whose LP bound leaves room the dive did not find: GLPK on the
        // restricted model, started from the best roster, for a little work.
        if isNeighbourhood, seed != nil, root.bound < best - 1e-6 * max(1, abs(best)),
            options.shouldStop?() != true, diveSize <= Self.largestDive
        {
            // The dive's local moves may have taken pooled patterns with shifts outside `allowed`.
            for (agent, pattern) in choice.enumerated() { allowed[typeOfAgent[agent]].formUnion(pattern.shifts) }
            let sessions = heldSessions(choice).codes.merging(held.codes) { $0.union($1) }
            if let solved = try polish(
                choice, allowed: allowed, placements: placements, sessions: sessions,
                work: hasManyPlacements ? Self.neighbourhoodMIPWorkWithBreaks : problem.hasQueues ? Self.neighbourhoodMIPWorkWithQueues : Self.neighbourhoodMIPWork
            ).patterns {
                let solvedCoverage = coverageOf(solved)
                let value = evaluate(solved, coverage: solvedCoverage)
                if value < best - 1e-9 {
                    best = value
                    choice = solved
                }
            }
        }
        return (choice, best, root.bound)
    }


    /// Ctrl-C or the time limit before every type had a week to start from: no roster, and the
    /// bound 0 (every term of the objective is at least 0).
    func stoppedBeforeARoster() -> RosterSolution {
        let reason: StopReason = options.shouldStop?() == true ? .interrupted : .timeLimit
        let result = SolverResult(
            status: .noSolutionFound(reason), objective: nil, bestBound: 0, values: nil, wallSeconds: elapsed(),
            solverMessage: "weekly patterns: stopped while pricing the first weeks of \(types.count) agent types")
        return RosterSolution(problem: problem, solverResult: result, roster: nil, coverage: [], variableCount: 0, constraintCount: 0)
    }

    func infeasible(agent: String) -> RosterSolution {
        let result = SolverResult(
            status: .infeasible, objective: nil, bestBound: nil, values: nil, wallSeconds: elapsed(),
            solverMessage: "agent \(agent) has no week that keeps all of their rules")
        return RosterSolution(problem: problem, solverResult: result, roster: nil, coverage: [], variableCount: 0, constraintCount: 0)
    }
}
