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
    private let isNeighbourhood: Bool

    private let types: [AgentType]
    private let pricers: [PatternPricing]
    private let typeOfAgent: [Int]
    /// Intervals each shift covers.
    private let covered: [Range<Int>]
    /// Penalty of one agent short / one agent too many in one interval.
    private let under: Double, over: Double
    /// Every pattern generated so far, per type, and their wish costs.
    private var pools: [[WeeklyPattern]]
    private var inPool: [Set<WeeklyPattern>]
    private var wishCosts: [[WeeklyPattern: (cost: Double, points: Double)]]
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var masterSize = (variables: 0, rows: 0)

    init(problem: RosterProblem, solver: any MIPSolver, generator: any ColumnGenerationSolver, options: SolverOptions, isNeighbourhood: Bool = false) {
        self.problem = problem
        self.solver = solver
        self.generator = generator
        self.options = options
        self.isNeighbourhood = isNeighbourhood
        start = clock.now
        types = AgentType.types(of: problem)
        pricers = types.map { PatternPricing(problem: problem, type: $0) }
        var typeOf = Array(repeating: 0, count: problem.agents.count)
        for (index, type) in types.enumerated() { for member in type.members { typeOf[member] = index } }
        typeOfAgent = typeOf
        covered = problem.shifts.map { problem.coveredIntervals($0) }
        let hours = Double(problem.horizon.intervalMinutes) / 60
        under = problem.weights.underStaffingPerAgentHour * hours
        over = problem.weights.overStaffingPerAgentHour * hours
        pools = Array(repeating: [], count: types.count)
        inPool = Array(repeating: [], count: types.count)
        wishCosts = Array(repeating: [:], count: types.count)
    }

    /// Agents freed per neighbourhood (fewer in small teams).
    static let neighbourhoodSize = 60
    /// Neighbourhoods without improvement before the next ones grow.
    static let growAfter = 20
    /// GLPK's work on a neighbourhood whose LP leaves room the dive did not find (replaces the
    /// 0.5 s it had: a count of nodes and iterations ends the same way on any machine).
    static let neighbourhoodMIPWork = WorkLimit(simplexIterations: 20_000, nodes: 200)
    /// Each LP of a neighbourhood (its column generation, its dive): a guard against a runaway
    /// LP in place of the 10 s it had.
    static let neighbourhoodLPWork = WorkLimit(simplexIterations: 200_000)
    /// GLPK's work on the full model of a small team whose gap the search left open.
    static let fullModelWork = WorkLimit(simplexIterations: 2_000_000, nodes: 5_000)
    /// Largest restricted model (assignment variables) worth a dive: GLPK's LP of larger ones
    /// takes longer than the neighbourhoods need to get as far.
    static let largestDive = 8_000
    /// Share of the fractional assignments fixed per dive step (1 in `diveShare`).
    static let diveShare = 20
    /// Largest full model (assignment variables) handed to GLPK when the search has not closed
    /// the gap.
    static let largestFullModel = 3_000
    /// Times an infeasible dive LP may be backed up before the dive gives up.
    static let backtracks = 200

    private func elapsed() -> Double { (clock.now - start).seconds }
    private func timeLeft() -> Double? { options.timeLimitSeconds.map { $0 - elapsed() } }
    private func note(_ text: String) {
        guard !isNeighbourhood else { return }
        options.log?(String(format: "patterns %.2fs: ", elapsed()) + text)
    }
    private func report(incumbent: Double?, bound: Double) {
        guard !isNeighbourhood else { return }
        options.progress?(SolverProgress(elapsedSeconds: elapsed(), incumbent: incumbent, bound: bound))
    }

    /// Agents whose rules no week can keep, if any (the first member of the first such type).
    private func agentWithoutPattern() -> String? {
        for (index, pricer) in pricers.enumerated() where pricer.cheapest(shiftCost: { self.wishShiftCost(index, $0) }) == nil {
            return problem.agents[types[index].members[0]].id
        }
        return nil
    }

    func run() throws -> RosterSolution {
        if let agent = agentWithoutPattern() { return infeasible(agent: agent) }
        var (choice, best, bound) = try search()
        var coverage = coverageOf(choice)
        let tolerance = (options.relativeGap ?? 0) + 1e-9

        // Large neighbourhoods: free a few agents, re-optimize their weeks, keep improvements.
        var random = WeekGenerator.Random(state: 0x5EED)
        // Neighbourhoods grow by half after every 20 that find nothing (up to half the team, or
        // two thirds of a small one), and shrink back after an improvement.
        let team = problem.agents.count
        let baseSize = min(Self.neighbourhoodSize, max(8, 2 * team / 3))
        let largest = max(baseSize, min(team - 1, team < 90 ? 2 * team / 3 : team / 2))
        var size = baseSize
        let patience = max(100, 5 * problem.agents.count / baseSize)
        var sinceImprovement = 0
        var neighbourhoods = 0
        var promising = 0
        var stopReason: StopReason?
        while (relativeGap(incumbent: best, bound: bound) ?? 1) > tolerance {
            if options.shouldStop?() == true { stopReason = .interrupted; break }
            if let left = timeLeft(), left <= 0.05 { stopReason = .timeLimit; break }
            if sinceImprovement >= patience || size >= problem.agents.count { stopReason = .noImprovement; break }
            if sinceImprovement > 0 && sinceImprovement % Self.growAfter == 0 { size = min(largest, size + size / 2) }
            let free = neighbourhood(size: size, choice: choice, coverage: coverage, random: &random)
            var base = coverage
            for agent in free { apply(choice[agent], to: &base, change: -1) }
            neighbourhoods += 1
            var local = options
            local.timeLimitSeconds = timeLeft().map { max(0.05, $0) }
            local.workLimit = Self.neighbourhoodLPWork
            local.relativeGap = nil
            local.log = nil  // GLPK's own log of every neighbourhood would drown the search's
            let inner = PatternSearch(
                problem: problem.subproblem(agents: free, required: zip(problem.required, base).map { $0 - $1 }),
                solver: solver, generator: generator, options: local, isNeighbourhood: true)
            guard inner.agentWithoutPattern() == nil else { continue }
            let innerResult = try inner.search(seed: free.map { choice[$0] })
            let found = innerResult.choice
            if innerResult.bound < innerResult.objective - 1e-6 * max(1, abs(innerResult.objective)) { promising += 1 }
            var candidate = choice
            for (position, agent) in free.enumerated() { candidate[agent] = found[position] }
            var candidateCoverage = base
            for agent in free { apply(candidate[agent], to: &candidateCoverage, change: 1) }
            let value = evaluate(candidate, coverage: candidateCoverage)
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
        if (relativeGap(incumbent: best, bound: bound) ?? 1) > tolerance, options.shouldStop?() != true, (timeLeft() ?? 1) > 0.1 {
            let variables = problem.agents.indices.reduce(0) { $0 + types[typeOfAgent[$1]].shiftsByDay.reduce(0) { $0 + $1.count } }
            let solved: (patterns: [WeeklyPattern]?, bound: Double?) = variables <= Self.largestFullModel ? try polish(choice, work: Self.fullModelWork) : (nil, nil)
            if let proven = solved.bound { bound = max(bound, proven) }
            if let polished = solved.patterns {
                let polishedCoverage = coverageOf(polished)
                let value = evaluate(polished, coverage: polishedCoverage)
                if value < best - 1e-9 {
                    best = value
                    choice = polished
                    coverage = polishedCoverage
                }
                note("full model: roster \(best), bound \(bound)")
            }
        }

        // The roster, checked by the independent validator against the objective computed here.
        let (roster, intervalCoverage) = try problem.validatedRoster(shifts: choice.map(\.shifts), objective: best)
        bound = min(bound, best)
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
        improveLocally(&choice, coverage: &coverage)
        var best = evaluate(choice, coverage: coverage)
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
        let diveSize = problem.agents.indices.reduce(0) { $0 + allowed[typeOfAgent[$1]].count }
        if options.shouldStop?() != true, diveSize <= Self.largestDive, let dived = try dive(allowed: allowed, timeLimit: timeLeft().map { max(0.05, $0 * 0.5) }) {
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
            if let solved = try polish(choice, allowed: allowed, work: Self.neighbourhoodMIPWork).patterns {
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

    // MARK: - Column generation

    private struct Relaxation {
        /// Valid lower bound on the problem.
        var bound: Double
        /// Per type: the patterns the last LP uses.
        var support: [Int: [WeeklyPattern]]
        /// A pattern per agent: the LP's pattern counts rounded.
        var rounded: [WeeklyPattern]
    }

    /// Column generation on the pattern master until no pattern prices out (or the bound meets
    /// the LP value, or time is up).
    private func columnGeneration(timeLimit: Double?, seed: [WeeklyPattern]?) throws -> Relaxation {
        let horizon = problem.horizon
        var master = MIPModel(name: RosterFormulation.safeName(problem.name) + "_patterns")
        var coverageRow = Array(repeating: -1, count: horizon.intervalCount)
        var coverable = Array(repeating: false, count: horizon.intervalCount)
        for range in covered { for interval in range { coverable[interval] = true } }
        for interval in 0..<horizon.intervalCount where coverable[interval] || problem.required[interval] > 0 {
            let required = problem.required[interval]
            var expression = LinearExpression()
            if required > 0 {
                let slack = master.addVariable("under(\(interval))", lowerBound: 0, upperBound: Double(required))
                master.addObjectiveTerm(slack, under)
                expression.add(slack, 1)
            }
            let surplus = master.addVariable("over(\(interval))", lowerBound: 0)
            master.addObjectiveTerm(surplus, over)
            expression.add(surplus, -1)
            coverageRow[interval] = master.constraints.count
            master.addConstraint("cover(\(interval))", expression, .equal(Double(required)))
        }
        let typeRow = types.indices.map { index -> Int in
            master.addConstraint("agents(t\(index + 1))", LinearExpression(), .equal(Double(types[index].members.count)))
            return master.constraints.count - 1
        }
        // Fairness: z ≥ the members' average share of refused points, per type with wishes (the
        // worst share when the type has one member; a relaxation otherwise, so the bound holds).
        var fairRow = Array(repeating: -1, count: types.count)
        if problem.preferencePolicy.fairnessWeight > 0, types.contains(where: { ($0.wishes?.totalPoints ?? 0) > 0 }) {
            let level = master.addVariable("fairness", lowerBound: 0)
            master.addObjectiveTerm(level, problem.preferencePolicy.fairnessWeight)
            for (index, type) in types.enumerated() where (type.wishes?.totalPoints ?? 0) > 0 {
                fairRow[index] = master.constraints.count
                master.addConstraint("fair(t\(index + 1))", LinearExpression([LinearTerm(level, 1)]), .greaterOrEqual(0))
            }
        }
        /// Price of one refused point of a type's member, from the dual of its fairness row.
        func pointsPrice(_ type: Int, _ duals: [Double]) -> Double {
            guard fairRow[type] >= 0, let total = types[type].wishes?.totalPoints, total > 0 else { return 0 }
            return max(0, duals[fairRow[type]]) * 100 / Double(total) / Double(types[type].members.count)
        }
        var columns: [(type: Int, pattern: WeeklyPattern, variable: Int)] = []
        var inMaster = Array(repeating: Set<WeeklyPattern>(), count: types.count)
        func column(_ pattern: WeeklyPattern, type: Int) -> NewColumn? {
            guard inMaster[type].insert(pattern).inserted else { return nil }
            remember(pattern, type: type)
            var counts: [Int: Double] = [:]
            for shift in pattern.shifts { for interval in covered[shift] { counts[coverageRow[interval], default: 0] += 1 } }
            var entries = counts.sorted { $0.key < $1.key }.map { (row: $0.key, coefficient: $0.value) }
            entries.append((typeRow[type], 1))
            if fairRow[type] >= 0, let total = types[type].wishes?.totalPoints, let points = wishCosts[type][pattern]?.points, points != 0 {
                entries.append((fairRow[type], -100 / Double(total) * points / Double(types[type].members.count)))
            }
            let newColumn = NewColumn(name: "p(t\(type + 1),\(inMaster[type].count))", objective: wishCosts[type][pattern]!.cost, entries: entries)
            columns.append((type, pattern, master.variables.count))
            newColumn.add(to: &master)
            return newColumn
        }
        // Two patterns per type to start: the cheapest for its wishes alone, and the one that
        // covers the most needed time; and the seed's.
        for (agent, pattern) in (seed ?? []).enumerated() { _ = column(pattern, type: typeOfAgent[agent]) }
        for (index, pricer) in pricers.enumerated() {
            if let own = pricer.cheapest(shiftCost: { self.wishShiftCost(index, $0) }) { _ = column(own.pattern, type: index) }
            if let busy = pricer.cheapest(shiftCost: { shift in
                self.wishShiftCost(index, shift) - self.covered[shift].reduce(0.0) { $0 + (self.problem.required[$1] > 0 ? self.under : -self.over) }
            }) {
                _ = column(busy.pattern, type: index)
            }
        }

        // Every term of the objective is ≥ 0 (slack, wishes net of day-on refunds, fairness,
        // changed days), so 0 bounds it before the first Lagrangian bound does better.
        var bound = 0.0
        var lpOptions = options
        lpOptions.progress = nil
        lpOptions.log = nil
        lpOptions.timeLimitSeconds = timeLimit.map { max(0.05, $0) }
        var pricingSeconds = 0.0
        let lp = try generator.generateColumns(master: master, options: lpOptions) { solution in
            guard solution.status == .optimal else { return LPUpdate() }
            let pricingStart = self.clock.now
            defer { pricingSeconds += (self.clock.now - pricingStart).seconds }
            var added: [NewColumn] = []
            var lagrangian = solution.objective
            for (index, pricer) in self.pricers.enumerated() {
                let price = pointsPrice(index, solution.duals)
                let points = self.types[index].wishes?.shiftPoints
                guard let best = pricer.cheapest(pointsPrice: price, shiftCost: { shift in
                    self.wishShiftCost(index, shift) + price * (points?[shift] ?? 0)
                        - self.covered[shift].reduce(0.0) { $0 + solution.duals[coverageRow[$1]] }
                }) else { continue }
                let reducedCost = best.cost - solution.duals[typeRow[index]]
                if reducedCost < 0 { lagrangian += Double(self.types[index].members.count) * reducedCost }
                if reducedCost < -1e-7, let newColumn = column(best.pattern, type: index) { added.append(newColumn) }
            }
            bound = max(bound, lagrangian)
            if added.isEmpty { bound = max(bound, solution.objective) }
            self.report(incumbent: nil, bound: bound)
            // Done when nothing prices out or the LP value meets the bound.
            if solution.objective - bound <= 1e-6 * max(1, abs(solution.objective)) { return LPUpdate() }
            return LPUpdate(columns: added)
        }
        switch lp.status {
        case .optimal, .timeLimit, .workLimit: break
        case .infeasible, .unbounded, .failed:
            throw SolverError("the pattern master's LP ended \(lp.status) after \(lp.rounds) rounds")
        }
        masterSize = (master.variables.count, master.constraints.count)
        note("column generation: \(lp.rounds) rounds, \(columns.count) patterns for \(types.count) agent types; LP \(lp.objective), bound \(bound); pricing \(pricingSeconds) s")

        // Each type's members over its patterns: the LP's whole counts first, then the largest
        // fractional parts.
        var rounded = Array(repeating: WeeklyPattern(shifts: []), count: problem.agents.count)
        var support: [Int: [WeeklyPattern]] = [:]
        for (typeIndex, type) in types.enumerated() {
            let candidates = columns.filter { $0.type == typeIndex }
            let values = candidates.map { $0.variable < lp.values.count ? max(0, lp.values[$0.variable]) : 0 }
            for (position, candidate) in candidates.enumerated() where values[position] > 1e-6 {
                support[typeIndex, default: []].append(candidate.pattern)
            }
            var counts = values.map { Int(($0 + 1e-6).rounded(.down)) }
            var left = type.members.count - counts.reduce(0, +)
            let byFraction = candidates.indices.sorted { lhs, rhs in
                let a = values[lhs] - Double(counts[lhs]), b = values[rhs] - Double(counts[rhs])
                return a != b ? a > b : lhs < rhs
            }
            var cursor = 0
            while left > 0 {
                counts[byFraction[cursor % byFraction.count]] += 1
                left -= 1
                cursor += 1
            }
            while left < 0, let position = counts.indices.last(where: { counts[$0] > 0 }) {
                counts[position] -= 1
                left += 1
            }
            var members = type.members[...]
            for (position, count) in counts.enumerated() {
                for _ in 0..<count { rounded[members.popFirst()!] = candidates[position].pattern }
            }
        }
        return Relaxation(bound: bound, support: support, rounded: rounded)
    }

    // MARK: - Dive

    /// A dive on the full model restricted to `allowed` shifts per type: solve its LP, fix every
    /// assignment the LP takes whole, else the largest fractional ones (of different agents), and
    /// re-solve with the dual simplex; an infeasible step is taken back and its first fixing turned
    /// around. Returns one pattern per agent when the LP ends whole.
    private func dive(allowed: [Set<Int>], timeLimit: Double?) throws -> [WeeklyPattern]? {
        let restricted = RosterFormulation(problem: problem) { agent, shift in allowed[self.typeOfAgent[agent]].contains(shift.index) }
        let assignments = restricted.assignmentVariables.enumerated().flatMap { agent, entries in
            entries.map { (agent: agent, shift: $0.shift, variable: $0.variable.index) }
        }
        var fixed = Array(repeating: false, count: restricted.model.variables.count)
        var working = Array(repeating: Set<Int>(), count: problem.agents.count)
        var excluded = Array(repeating: Set<Int>(), count: problem.agents.count)
        /// Fixings so far, newest last, so that an infeasible LP can back up.
        enum Step { case ones([Int]), several([Int]), up(Int), down(Int) }
        var stack: [Step] = []
        var agentOf: [Int: Int] = [:], shiftOf: [Int: Int] = [:]
        for entry in assignments {
            agentOf[entry.variable] = entry.agent
            shiftOf[entry.variable] = entry.shift
        }
        func unfix(_ variable: Int) {
            fixed[variable] = false
            working[agentOf[variable]!].remove(shiftOf[variable]!)
            excluded[agentOf[variable]!].remove(shiftOf[variable]!)
        }
        var single = false
        var whole = false
        var steps = 0
        var backtracks = 0
        var lpOptions = options
        lpOptions.progress = nil
        lpOptions.log = nil
        lpOptions.timeLimitSeconds = timeLimit
        let lp = try generator.generateColumns(master: restricted.model.relaxation(), options: lpOptions) { solution in
            steps += 1
            if solution.status == .infeasible {
                // Back up: several fixings are freed (then one at a time), a single one is turned
                // around, a turned-around one is freed and the step before it is backed up too.
                backtracks += 1
                guard backtracks <= Self.backtracks else { return LPUpdate() }
                var changes: [(variable: Int, lower: Double, upper: Double?)] = []
                while let step = stack.popLast() {
                    switch step {
                    case .several(let variables):
                        for variable in variables { unfix(variable); changes.append((variable, 0, 1)) }
                        single = true
                        return LPUpdate(bounds: changes)
                    case .up(let variable):
                        unfix(variable)
                        fixed[variable] = true
                        excluded[agentOf[variable]!].insert(shiftOf[variable]!)
                        stack.append(.down(variable))
                        changes.append((variable, 0, 0))
                        return LPUpdate(bounds: changes)
                    case .down(let variable):
                        unfix(variable)
                        changes.append((variable, 0, 1))
                    case .ones(let variables):
                        for variable in variables { unfix(variable); changes.append((variable, 0, 1)) }
                    }
                }
                return LPUpdate()
            }
            var ones: [(variable: Int, agent: Int, shift: Int)] = []
            var fractional: [(variable: Int, agent: Int, shift: Int, value: Double)] = []
            for entry in assignments where !fixed[entry.variable] {
                let value = solution.values[entry.variable]
                if value >= 1 - 1e-6 {
                    ones.append((entry.variable, entry.agent, entry.shift))
                } else if value > 1e-6 {
                    fractional.append((entry.variable, entry.agent, entry.shift, value))
                }
            }
            if fractional.isEmpty {
                whole = true
                return LPUpdate()
            }
            var changes: [(variable: Int, lower: Double, upper: Double?)] = []
            var step: [Int] = []
            // A fixing to 1 is made only when the agent still has a whole week with every shift
            // fixed so far; otherwise the assignment is fixed to 0.
            func fix(_ variable: Int, agent: Int, shift: Int) -> Bool {
                fixed[variable] = true
                if canWork(agent: agent, shift: shift, working: working[agent], excluded: excluded[agent], allowed: allowed[typeOfAgent[agent]]) {
                    working[agent].insert(shift)
                    changes.append((variable, 1, 1))
                    step.append(variable)
                    return true
                }
                excluded[agent].insert(shift)
                changes.append((variable, 0, 0))
                return false
            }
            if !ones.isEmpty {
                for one in ones { _ = fix(one.variable, agent: one.agent, shift: one.shift) }
                stack.append(.ones(step))
            } else {
                fractional.sort { $0.value != $1.value ? $0.value > $1.value : $0.variable < $1.variable }
                let wanted = single ? 1 : max(1, fractional.count / Self.diveShare)
                var agents = Set<Int>()
                for candidate in fractional where step.count < wanted && !agents.contains(candidate.agent) {
                    if fix(candidate.variable, agent: candidate.agent, shift: candidate.shift) { agents.insert(candidate.agent) }
                }
                stack.append(step.count == 1 ? .up(step[0]) : .several(step))
                single = false
            }
            return LPUpdate(bounds: changes)
        }
        note("dive: \(restricted.model.variables.count) variables, \(steps) LP solves, \(backtracks) backtracks, \(whole ? "whole" : "not whole (\(lp.status))")")
        guard whole else { return nil }
        var patterns = Array(repeating: [Int](), count: problem.agents.count)
        for entry in assignments where lp.values[entry.variable] > 0.5 { patterns[entry.agent].append(entry.shift) }
        return patterns.map { WeeklyPattern(shifts: $0.sorted { problem.shifts[$0].start < problem.shifts[$1].start }) }
    }

    /// Whether the agent has a whole week that works every shift of `working` and `shift`, none of
    /// `excluded`, and only `allowed` shifts (dynamic programming with those shifts priced far
    /// apart, then checked).
    private func canWork(agent: Int, shift: Int, working: Set<Int>, excluded: Set<Int>, allowed: Set<Int>) -> Bool {
        let big = 1e7
        let type = typeOfAgent[agent]
        guard let found = pricers[type].cheapest(shiftCost: { candidate in
            if candidate == shift || working.contains(candidate) { return -big }
            return excluded.contains(candidate) || !allowed.contains(candidate) ? big : 0
        }) else { return false }
        let chosen = Set(found.pattern.shifts)
        return chosen.contains(shift) && working.isSubset(of: chosen) && chosen.isDisjoint(with: excluded) && chosen.isSubset(of: allowed.union([shift]))
    }

    /// Solves the full model (or, with `allowed`, the model restricted to those shifts per type)
    /// started from `choice`, for `work` within the time left. Returns GLPK's roster as patterns,
    /// when it has one, and the bound it proved, which bounds the whole problem only without
    /// `allowed`.
    private func polish(_ choice: [WeeklyPattern], allowed: [Set<Int>]? = nil, work: WorkLimit) throws -> (patterns: [WeeklyPattern]?, bound: Double?) {
        let full = allowed.map { allowed in
            RosterFormulation(problem: problem) { agent, shift in allowed[self.typeOfAgent[agent]].contains(shift.index) }
        } ?? RosterFormulation(problem: problem)
        let chosen = choice.map { Set($0.shifts) }
        var quiet = options
        quiet.progress = nil
        quiet.log = nil
        quiet.timeLimitSeconds = timeLeft().map { max(0.1, $0) }
        var search = options
        search.progress = nil
        search.initialSolution = try solver.completion(of: full.model, fixingIntegersAt: full.point { chosen[$0].contains($1) }, options: quiet)?.values
        search.timeLimitSeconds = timeLeft().map { max(0.1, $0) }
        search.workLimit = work
        let result = try solver.solve(full.model, options: search)
        guard result.status.hasSolution, let values = result.values else { return (nil, result.bestBound) }
        let patterns = full.assignmentVariables.map { entries in
            WeeklyPattern(shifts: entries.filter { values[$0.variable.index] > 0.5 }.map(\.shift))
        }
        return (patterns, result.bestBound)
    }

    // MARK: - Patterns, costs and moves

    /// What working `shift` costs a member of `type` besides coverage: wishes and, when
    /// re-rostering, changed agent-days.
    private func wishShiftCost(_ type: Int, _ shift: Int) -> Double {
        (types[type].wishes?.shiftCost[shift] ?? 0) + (types[type].changeCost[shift] ?? 0)
    }

    /// Adds a pattern to its type's pool (with its wish cost and refused points).
    private func remember(_ pattern: WeeklyPattern, type: Int) {
        guard inPool[type].insert(pattern).inserted else { return }
        pools[type].append(pattern)
        var cost = types[type].changeConstant, points = 0.0
        for shift in pattern.shifts { cost += types[type].changeCost[shift] ?? 0 }
        if let wishes = types[type].wishes {
            let horizon = problem.horizon
            cost += wishes.constant
            points = wishes.constantPoints
            var minutesByWeek = Array(repeating: 0, count: horizon.weekCount)
            for shift in pattern.shifts {
                cost += wishes.shiftCost[shift] ?? 0
                points += wishes.shiftPoints[shift] ?? 0
                minutesByWeek[horizon.weekIndex(ofDay: problem.shifts[shift].day)] += problem.shifts[shift].paidMinutes
            }
            for minutes in minutesByWeek {
                cost += wishes.weeklyMaximumCost(minutes: minutes)
                points += wishes.weeklyMaximumPoints(minutes: minutes)
            }
        }
        wishCosts[type][pattern] = (cost, points)
    }

    private func apply(_ pattern: WeeklyPattern, to coverage: inout [Int], change: Int) {
        for shift in pattern.shifts { for interval in covered[shift] { coverage[interval] += change } }
    }

    private func coverageOf(_ choice: [WeeklyPattern]) -> [Int] {
        var coverage = Array(repeating: 0, count: problem.horizon.intervalCount)
        for pattern in choice { apply(pattern, to: &coverage, change: 1) }
        return coverage
    }

    /// The objective of a roster given as one pattern per agent: coverage, wishes and fairness.
    private func evaluate(_ choice: [WeeklyPattern], coverage: [Int]) -> Double {
        var total = 0.0
        for (interval, count) in coverage.enumerated() {
            let required = problem.required[interval]
            total += count < required ? Double(required - count) * under : Double(count - required) * over
        }
        var worstShare = 0.0
        for (agent, pattern) in choice.enumerated() {
            let type = typeOfAgent[agent]
            remember(pattern, type: type)
            let (cost, points) = wishCosts[type][pattern]!
            total += cost
            if let wishes = types[type].wishes, wishes.totalPoints > 0 { worstShare = max(worstShare, 100 / Double(wishes.totalPoints) * points) }
        }
        let fairness = problem.preferencePolicy.fairnessWeight
        return total + (fairness > 0 ? fairness * worstShare : 0)
    }

    /// The objective's parts, for the log: under- and over-staffing, wishes, worst refused share.
    private func breakdown(_ choice: [WeeklyPattern], coverage: [Int]) -> String {
        var short = 0, surplus = 0
        for (interval, count) in coverage.enumerated() {
            short += max(0, problem.required[interval] - count)
            surplus += max(0, count - problem.required[interval])
        }
        var wishes = 0.0, worst = 0.0
        for (agent, pattern) in choice.enumerated() {
            let type = typeOfAgent[agent]
            remember(pattern, type: type)
            wishes += wishCosts[type][pattern]!.cost
            if let total = types[type].wishes?.totalPoints, total > 0 { worst = max(worst, 100 / Double(total) * wishCosts[type][pattern]!.points) }
        }
        let above = choice.indices.reduce(0) { total, agent in
            total + max(0, choice[agent].shifts.reduce(0) { $0 + problem.shifts[$1].paidMinutes } - problem.agents[agent].minWeeklyMinutes * problem.horizon.weekCount)
        }
        let idle = coverage.indices.filter { problem.required[$0] == 0 && coverage[$0] > 0 }.reduce(0) { $0 + coverage[$1] }
        return "\(short) agent-intervals short, \(surplus) over (\(idle) where none is needed), \(above / 60) h above minimums, wishes \(wishes), worst refused share \(worst) %"
    }

    /// Moves one agent at a time to the cheapest pattern of their type's pool (coverage change
    /// plus wish cost) while the worst refused share does not grow, until a pass moves nobody.
    private func improveLocally(_ choice: inout [WeeklyPattern], coverage: inout [Int]) {
        let required = problem.required
        func marginal(_ pattern: WeeklyPattern, type: Int) -> Double {
            var total = wishCosts[type][pattern]?.cost ?? 0
            for shift in pattern.shifts { for interval in covered[shift] { total += coverage[interval] < required[interval] ? -under : over } }
            return total
        }
        func share(_ pattern: WeeklyPattern, type: Int) -> Double {
            guard let total = types[type].wishes?.totalPoints, total > 0, let points = wishCosts[type][pattern]?.points else { return 0 }
            return 100 / Double(total) * points
        }
        let worstShare = choice.indices.reduce(0.0) { max($0, share(choice[$1], type: typeOfAgent[$1])) }
        for _ in 0..<50 {
            var moved = false
            for agent in choice.indices {
                let type = typeOfAgent[agent]
                guard pools[type].count > 1 else { continue }
                let current = choice[agent]
                apply(current, to: &coverage, change: -1)
                var bestPattern = current
                var bestCost = marginal(current, type: type)
                for candidate in pools[type] where candidate != current && share(candidate, type: type) <= worstShare + 1e-9 {
                    let cost = marginal(candidate, type: type)
                    if cost < bestCost - 1e-9 {
                        bestCost = cost
                        bestPattern = candidate
                    }
                }
                apply(bestPattern, to: &coverage, change: 1)
                if bestPattern != current {
                    choice[agent] = bestPattern
                    moved = true
                }
            }
            if !moved || options.shouldStop?() == true { break }
        }
    }

    /// Agents to free around an interval drawn with odds by how far its coverage is off: a sixth
    /// working it, up to a third working its day, up to two thirds with more hours than their
    /// contract's minimum (they can give hours back), the rest at random.
    private func neighbourhood(size: Int, choice: [WeeklyPattern], coverage: [Int], random: inout WeekGenerator.Random) -> [Int] {
        var chosen = Set<Int>()
        func take(_ candidates: [Int], upTo count: Int) {
            var candidates = candidates.filter { !chosen.contains($0) }
            while chosen.count < count, !candidates.isEmpty { chosen.insert(candidates.remove(at: random.below(candidates.count))) }
        }
        // An interval drawn with odds by how far its coverage is off (short counts ten times).
        let weights = coverage.indices.map { max(0, problem.required[$0] - coverage[$0]) * 10 + max(0, coverage[$0] - problem.required[$0]) }
        let total = weights.reduce(0, +)
        if total > 0 {
            var draw = random.below(total)
            var interval = 0
            while draw >= weights[interval] { draw -= weights[interval]; interval += 1 }
            let horizon = problem.horizon
            let day = horizon.dayIndex(of: horizon.timeZone.local(horizon.intervalStart(interval)).date) ?? 0
            take(choice.indices.filter { agent in choice[agent].shifts.contains { covered[$0].contains(interval) } }, upTo: size / 6)
            take(choice.indices.filter { agent in choice[agent].shifts.contains { problem.shifts[$0].day == day } }, upTo: size / 3)
        }
        take(choice.indices.filter { agent in
            choice[agent].shifts.reduce(0) { $0 + problem.shifts[$1].paidMinutes } > problem.agents[agent].minWeeklyMinutes * problem.horizon.weekCount
        }, upTo: 2 * size / 3)
        while chosen.count < size { chosen.insert(random.below(problem.agents.count)) }
        return chosen.sorted()
    }

    private func infeasible(agent: String) -> RosterSolution {
        let result = SolverResult(
            status: .infeasible, objective: nil, bestBound: nil, values: nil, wallSeconds: elapsed(),
            solverMessage: "agent \(agent) has no week that keeps all of their rules")
        return RosterSolution(problem: problem, solverResult: result, roster: nil, coverage: [], variableCount: 0, constraintCount: 0)
    }
}
