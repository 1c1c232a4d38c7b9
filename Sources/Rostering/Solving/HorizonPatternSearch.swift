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

    private let pricers: [StreakPricing]
    private let tables = StreakPricing.Tables()
    private let templateIndex: [String: Int]
    /// Row of each (day, template) demand, and the demands.
    private let demandRow: [Int: Int]
    private let demands: [ShiftDemand]
    /// Interval coverage (when the problem staffs by interval): covered intervals per shift.
    private let covered: [Range<Int>]
    private let intervalUnder: Double, intervalOver: Double
    private let intervalCount: Int
    /// Per agent: the objective of their requests if they work nothing, and the change per
    /// (day, template) worked.
    private let requestBase: [Double]
    private let requestChange: [[Int: Double]]
    /// Whether every objective weight is whole (then so is every roster's objective).
    private let wholeObjective: Bool
    /// Patterns generated so far, per agent.
    private var pools: [[Pattern]]
    private var inPool: [Set<Pattern>]
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    /// One agent's shifts over the horizon (shift indices in day order).
    struct Pattern: Hashable {
        let shifts: [Int]
    }

    /// Whether the search keeps every rule of `problem`: no wishes or published roster (their
    /// terms are not priced here), and weekly rules and rest that no combination of shifts can
    /// break. (The pricing tables' size is checked once built: ``isTractable``.)
    static func supports(_ problem: RosterProblem) -> Bool {
        if problem.published != nil { return false }
        if problem.preferences.values.contains(where: { !$0.wishes.isEmpty }) { return false }
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
            if agent.minWeeklyMinutes > 0 || agent.maxDaysPerWeek < 7 || agent.maxWeeklyMinutes < 7 * longest { return false }
            if agent.minRestMinutes > 0 && tightestRest < agent.minRestMinutes { return false }
        }
        return true
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

    private func elapsed() -> Double { (clock.now - start).seconds }
    private func timeLeft() -> Double? { options.timeLimitSeconds.map { $0 - elapsed() } }
    private func note(_ text: String) { options.log?(String(format: "horizon patterns %.2fs: ", elapsed()) + text) }

    // MARK: Costs

    private func key(_ shift: Int) -> Int {
        let definition = problem.shifts[shift]
        return definition.day * templateIndex.count + templateIndex[definition.templateName]!
    }

    /// The objective of an agent's requests under a pattern.
    private func cost(_ pattern: Pattern, agent: Int) -> Double {
        pattern.shifts.reduce(requestBase[agent]) { $0 + (requestChange[agent][key($1)] ?? 0) }
    }

    /// Agents on each demand row and each interval under a choice of patterns.
    private func coverage(_ choice: [Pattern?]) -> (demand: [Int], interval: [Int]) {
        var demand = Array(repeating: 0, count: demands.count)
        var interval = Array(repeating: 0, count: intervalCount)
        for pattern in choice {
            for shift in pattern?.shifts ?? [] {
                if let row = demandRow[key(shift)] { demand[row] += 1 }
                for index in covered[shift] { interval[index] += 1 }
            }
        }
        return (demand, interval)
    }

    /// The objective of a roster (a pattern per agent), from its parts.
    private func evaluate(_ choice: [Pattern]) -> Double {
        let (demand, interval) = coverage(choice)
        var total = choice.enumerated().reduce(0.0) { $0 + cost($1.element, agent: $1.offset) }
        for (row, entry) in demands.enumerated() {
            total += entry.underWeight * Double(max(0, entry.required - demand[row])) + entry.overWeight * Double(max(0, demand[row] - entry.required))
        }
        for index in 0..<intervalCount {
            let required = problem.required[index]
            total += intervalUnder * Double(max(0, required - interval[index])) + intervalOver * Double(max(0, interval[index] - required))
        }
        return total
    }

    private func remember(_ pattern: Pattern, agent: Int) {
        if inPool[agent].insert(pattern).inserted { pools[agent].append(pattern) }
    }

    // MARK: Master

    /// A master over some agents (`free`, in order), everyone else's coverage taken off the
    /// right-hand sides. Rows: one convexity row per free agent, then the demand rows, then the
    /// interval rows. Variables: shortage and surplus per coverage row, then pattern columns.
    private struct Master {
        var model: MIPModel
        var columns: [(position: Int, pattern: Pattern)] = []
        let firstColumn: Int
    }

    private func master(free: [Int], others: [Pattern?], columns: [(position: Int, pattern: Pattern)], integer: Bool) -> Master {
        var model = MIPModel(name: "horizon_patterns")
        let (demandTaken, intervalTaken) = coverage(others)
        for (position, agent) in free.enumerated() {
            model.addConstraint("agent(\(problem.agents[agent].id))_\(position)", LinearExpression(), .equal(1))
        }
        for (row, demand) in demands.enumerated() {
            let under = model.addVariable("short_\(row)", kind: .continuous, lowerBound: 0)
            let over = model.addVariable("extra_\(row)", kind: .continuous, lowerBound: 0)
            model.addObjectiveTerm(under, demand.underWeight)
            model.addObjectiveTerm(over, demand.overWeight)
            model.addConstraint("demand_\(row)", LinearExpression([LinearTerm(under, 1), LinearTerm(over, -1)]), .equal(Double(demand.required - demandTaken[row])))
        }
        for index in 0..<intervalCount {
            let under = model.addVariable("under_\(index)", kind: .continuous, lowerBound: 0)
            let over = model.addVariable("over_\(index)", kind: .continuous, lowerBound: 0)
            model.addObjectiveTerm(under, intervalUnder)
            model.addObjectiveTerm(over, intervalOver)
            model.addConstraint("cover_\(index)", LinearExpression([LinearTerm(under, 1), LinearTerm(over, -1)]), .equal(Double(problem.required[index] - intervalTaken[index])))
        }
        // Maxima per template that the pricing state does not keep: a row per free agent.
        maximaRows = Array(repeating: [:], count: free.count)
        for (position, agent) in free.enumerated() {
            for entry in pricers[agent].maximaOutside {
                maximaRows[position][entry.template] = model.constraints.count
                model.addConstraint("most_\(position)_\(entry.template)", LinearExpression(), .lessOrEqual(Double(entry.most)))
            }
        }
        var built = Master(model: model, firstColumn: model.variables.count)
        for (position, pattern) in columns {
            column(pattern, agent: free[position], position: position).add(to: &built.model, kind: integer ? .binary : .continuous)
            built.columns.append((position, pattern))
        }
        return built
    }

    private func column(_ pattern: Pattern, agent: Int, position: Int) -> NewColumn {
        NewColumn(name: "p\(position)_\(pattern.shifts.count)", objective: cost(pattern, agent: agent), entries: entries(pattern, position: position))
    }

    private var freeCount = 0
    /// Per free agent of the current master: row of each template maximum outside the pricing state.
    private var maximaRows: [[Int: Int]] = []

    private func entries(_ pattern: Pattern, position: Int) -> [(row: Int, coefficient: Double)] {
        var rows: [Int: Double] = [position: 1]
        let maxima = position < maximaRows.count ? maximaRows[position] : [:]
        for shift in pattern.shifts {
            if let row = demandRow[key(shift)] { rows[freeCount + row, default: 0] += 1 }
            if !maxima.isEmpty, let row = maxima[templateIndex[problem.shifts[shift].templateName]!] { rows[row, default: 0] += 1 }
            for index in covered[shift] { rows[freeCount + demands.count + index, default: 0] += 1 }
        }
        return rows.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The cheapest patterns of an agent under row duals (all zero: the cheapest by requests
    /// alone), cheapest first, with their reduced costs before the convexity dual.
    private func price(
        agent: Int, duals: [Double]?, count: Int = 1, keep: Keep? = nil, fixings: [Fixing] = [], position: Int? = nil
    ) -> [(pattern: Pattern, reducedCost: Double)] {
        let pricer = pricers[agent]
        // Branching: a day with a template required, or templates excluded.
        var required: [Int: Int] = [:]
        var excluded: [Int: Set<Int>] = [:]
        for fixing in fixings {
            if fixing.on { required[fixing.day] = fixing.template } else { excluded[fixing.day, default: []].insert(fixing.template) }
        }
        // Outside a window the agent keeps their day as it is.
        var kept: [Int]?
        if let keep {
            var days = Array(repeating: -1, count: problem.horizon.days)
            for shift in keep.current[agent].shifts { days[problem.shifts[shift].day] = shift }
            kept = days
        }
        let offAllowed: StreakPricing.OffAllowed = { day in
            (required[day] == nil || required[day] == -1) && (kept == nil || keep!.window.contains(day) || kept![day] < 0)
        }
        let found = pricer.cheapest(tables: tables, count: count, offAllowed: offAllowed) { day, groupIndex in
            let group = pricer.groups[day][groupIndex]
            if let template = required[day], group.template != template { return (.infinity, -1) }
            if excluded[day]?.contains(group.template) == true { return (.infinity, -1) }
            if let kept, !keep!.window.contains(day) {
                guard kept[day] >= 0, group.shifts.contains(kept[day]) else { return (.infinity, -1) }
            }
            let groupKey = day * self.templateIndex.count + group.template
            var base = self.requestChange[agent][groupKey] ?? 0
            if let duals, let row = self.demandRow[groupKey] { base -= duals[self.freeCount + row] }
            if let duals, let position, let row = self.maximaRows[position][group.template] { base -= duals[row] }
            var best = (cost: Double.infinity, shift: -1)
            for shift in group.shifts {
                if let kept, !keep!.window.contains(day), shift != kept[day] { continue }
                var value = base
                if let duals {
                    for index in self.covered[shift] { value -= duals[self.freeCount + self.demands.count + index] }
                }
                if value < best.cost { best = (value, shift) }
            }
            return best
        }
        return found.map { (Pattern(shifts: $0.pattern.filter { $0 >= 0 }), requestBase[agent] + $0.cost) }
    }

    /// A window of days that a neighbourhood may change; every day outside it stays as in `current`.
    struct Keep {
        let window: Range<Int>
        let current: [Pattern]

        func allows(_ pattern: Pattern, agent: Int, shifts: [Shift]) -> Bool {
            let outside = { (list: [Int]) in list.filter { !window.contains(shifts[$0].day) } }
            return outside(pattern.shifts) == outside(current[agent].shifts)
        }
    }

    /// Whether a pattern keeps the agent's template maxima that the pricing state leaves out.
    private func keepsMaxima(_ pattern: Pattern, agent: Int) -> Bool {
        pricers[agent].maximaOutside.allSatisfy { entry in
            pattern.shifts.filter { templateIndex[problem.shifts[$0].templateName] == entry.template }.count <= entry.most
        }
    }

    /// A pattern that keeps every rule of the agent, cheapest by their requests: the maxima
    /// outside the pricing state are kept by pricing their templates high, then by leaving them
    /// out; nil when the agent's rules cannot all hold.
    private func firstPattern(agent: Int) -> Pattern? {
        let outside = Set(pricers[agent].maximaOutside.map(\.template))
        for penalty in [0.0, 1e4, Double.infinity] where penalty == 0 || !outside.isEmpty {
            let pricer = pricers[agent]
            let found = pricer.cheapest(tables: tables) { day, groupIndex in
                let group = pricer.groups[day][groupIndex]
                let extra = outside.contains(group.template) ? penalty : 0
                return ((self.requestChange[agent][day * self.templateIndex.count + group.template] ?? 0) + extra, group.shifts[0])
            }
            guard let found else { return nil }
            let pattern = Pattern(shifts: found.pattern.filter { $0 >= 0 })
            if keepsMaxima(pattern, agent: agent) { return pattern }
        }
        return nil
    }

    /// Column-generation rounds per step of the quick dive over more than 40 agents.
    static let diveRoundsPerStep = 4

    /// Pooled patterns per agent a neighbourhood's master starts with (the newest that fit).
    static let seedPatterns = 20

    /// Patterns per agent in the integer master.
    static let integerMasterPatterns = 60

    /// Patterns added per agent and round of column generation.
    static let columnsPerRound = 3

    /// A branching decision: free agent `position` works template `template` on `day` (`on`) or
    /// does not (`!on`).
    struct Fixing: Equatable {
        let position: Int, day: Int, template: Int, on: Bool
    }

    /// What a tree search over some agents found.
    struct TreeResult {
        /// Lagrangian bound at the root (valid even when cut short).
        var rootBound: Double?
        /// Whether the search finished: nothing better than its best exists in this neighbourhood.
        var exhausted: Bool
        var nodes: Int
    }

    /// Branch and price over `free` (everyone else fixed at `others`; outside `keep`'s window
    /// days stay as they are): column generation at every node, depth first, branching on
    /// whether an agent works a template on a day (the likelier side first), pruning by the
    /// node's bound against the best roster (`incumbent`: the free agents' current patterns).
    private func branchAndPrice(
        free: [Int], others: [Pattern?], seed: [[Pattern]], incumbent: [Pattern], keep: Keep? = nil, timeLimit: Double?,
        treeSeconds: Double? = nil, onImprovement: ([Pattern]) -> Void = { _ in }
    ) throws -> TreeResult {
        freeCount = free.count
        let days = problem.horizon.days
        let templateCount = templateIndex.count
        let clockStart = clock.now
        // The quick dive may use all of `timeLimit`; the tree after it at most `treeSeconds`.
        var treeStart: ContinuousClock.Instant?
        func timeUp() -> Bool {
            if options.shouldStop?() == true { return true }
            if let treeSeconds, let treeStart, (clock.now - treeStart).seconds >= treeSeconds { return true }
            guard let timeLimit else { return false }
            return (clock.now - clockStart).seconds >= timeLimit
        }
        var columns: [(position: Int, pattern: Pattern)] = []
        var known = Array(repeating: Set<Pattern>(), count: free.count)
        for (position, patterns) in seed.enumerated() {
            for pattern in patterns + [incumbent[position]] where known[position].insert(pattern).inserted { columns.append((position, pattern)) }
        }
        var built = master(free: free, others: others, columns: columns, integer: false)
        // "No pattern" at a prohibitive cost keeps every node's LP feasible.
        let prohibitive = 1e7
        for position in free.indices {
            let variable = built.model.addVariable("none_\(position)", kind: .continuous, lowerBound: 0)
            built.model.addObjectiveTerm(variable, prohibitive)
            built.model.addTerm(variable, 1, toConstraint: position)
        }
        // Model variables: slacks, seed columns, the "none" columns, then generated columns.
        var variableOfColumn = columns.indices.map { built.firstColumn + $0 }
        let firstGenerated = built.model.variables.count
        var generatedCount = 0
        var dayTemplates: [[Int8]] = []
        func daysOf(_ pattern: Pattern) -> [Int8] {
            var row = Array(repeating: Int8(-1), count: days)
            for shift in pattern.shifts { row[problem.shifts[shift].day] = Int8(templateIndex[problem.shifts[shift].templateName]!) }
            return row
        }
        dayTemplates = columns.map { daysOf($0.pattern) }
        var bestValue = evaluateFree(incumbent, free: free, others: others)
        var result = TreeResult(rootBound: nil, exhausted: false, nodes: 1)

        var node: [Fixing] = []
        // Open nodes with their parent's bound: after a branching the likelier child is searched
        // at once (a dive); when a dive ends, the open node with the lowest bound is next.
        var pending: [(fixings: [Fixing], bound: Double)] = []
        var diveNext: [Fixing]?
        var blocked = Array(repeating: false, count: columns.count)
        var atRoot = true
        var nodeBound = -Double.infinity
        func compatible(_ column: Int, _ byPosition: [Int: [Fixing]]) -> Bool {
            for fixing in byPosition[columns[column].position] ?? [] {
                let worked = Int(dayTemplates[column][fixing.day])
                if fixing.on != (worked == fixing.template) { return false }
            }
            return true
        }
        // A quick dive first (whole patterns fixed, no way back) for a good roster early; then
        // the tree proper from the root.
        var quickDive = true
        var incomplete = false
        var roundsAtNode = 0
        // Over 40 agents the quick dive takes bigger steps and does not wait for convergence.
        let large = free.count > 40
        func prune(_ value: Double) -> Bool {
            wholeObjective ? (value - 1e-6).rounded(.up) >= bestValue - 1e-6 : value >= bestValue - 1e-6
        }
        /// Moves to the next pending node; nil when the tree is done.
        func nextNode() -> LPUpdate? {
            if timeUp() { return nil }
            var next = diveNext
            diveNext = nil
            if next == nil {
                pending.removeAll { prune($0.bound) }
                guard let lowest = pending.indices.min(by: { (pending[$0].bound, -$0) < (pending[$1].bound, -$1) }) else {
                    result.exhausted = !incomplete
                    return nil
                }
                next = pending.remove(at: lowest).fixings
            }
            node = next!
            roundsAtNode = 0
            nodeBound = -.infinity
            result.nodes += 1
            var update = LPUpdate()
            let byPosition = Dictionary(grouping: node, by: \.position)
            for column in columns.indices {
                let shouldBlock = !compatible(column, byPosition)
                if shouldBlock != blocked[column] {
                    blocked[column] = shouldBlock
                    update.bounds.append((variableOfColumn[column], 0, shouldBlock ? 0 : nil))
                }
            }
            if update.bounds.isEmpty { update.bounds.append((variableOfColumn[0], 0, blocked[0] ? 0 : nil)) }
            return update
        }

        var lpOptions = options
        lpOptions.timeLimitSeconds = timeLimit
        lpOptions.log = nil
        _ = try generator.generateColumns(master: built.model, options: lpOptions) { solution in
            if timeUp() { return LPUpdate() }
            guard solution.status == .optimal else {
                // An infeasible node cannot happen (the "no pattern" columns) and any other
                // failure ends the search without claiming it complete.
                incomplete = true
                return LPUpdate()
            }
            // Price every free agent under the node's fixings.
            var lagrangian = solution.objective
            var candidates: [(position: Int, agent: Int, pattern: Pattern)] = []
            let byPosition = Dictionary(grouping: node, by: \.position)
            for (position, agent) in free.enumerated() {
                let fixings = byPosition[position] ?? []
                // A pattern fixed whole (the quick dive) has nothing left to price.
                if fixings.count >= days && Set(fixings.filter(\.on).map(\.day)).count == days { continue }
                let priced = self.price(agent: agent, duals: solution.duals, count: Self.columnsPerRound, keep: keep, fixings: fixings, position: position)
                guard let cheapest = priced.first else { continue }
                lagrangian += min(0, cheapest.reducedCost - solution.duals[position])
                for entry in priced where entry.reducedCost - solution.duals[position] < -1e-6 && !known[position].contains(entry.pattern) {
                    candidates.append((position, agent, entry.pattern))
                }
            }
            nodeBound = max(nodeBound, lagrangian)
            if atRoot { result.rootBound = max(result.rootBound ?? -.infinity, lagrangian) }
            // The node cannot beat the best roster: prune it.
            if prune(nodeBound) || (candidates.isEmpty && prune(solution.objective)) {
                atRoot = false
                if quickDive {
                    quickDive = false
                    treeStart = clock.now
                    pending = [([], -.infinity)]
                }
                return nextNode() ?? LPUpdate()
            }
            roundsAtNode += 1
            // The quick dive does not wait for column generation to converge at every step.
            let settled = (self.wholeObjective && (nodeBound - 1e-6).rounded(.up) >= (solution.objective - 1e-6).rounded(.up))
                || (quickDive && !atRoot && large && roundsAtNode > Self.diveRoundsPerStep)
            if !candidates.isEmpty && !settled {
                var update = LPUpdate()
                for (position, agent, pattern) in candidates where known[position].insert(pattern).inserted {
                    update.columns.append(self.column(pattern, agent: agent, position: position))
                    columns.append((position, pattern))
                    dayTemplates.append(daysOf(pattern))
                    blocked.append(false)
                    variableOfColumn.append(firstGenerated + generatedCount)
                    generatedCount += 1
                    self.remember(pattern, agent: agent)
                }
                return update
            }
            atRoot = false
            // Converged: whole, or branch.
            var worked = Array(repeating: [Int: Double](), count: free.count)  // per position: day*T+template → share
            var most = Array(repeating: (column: -1, value: -1.0), count: free.count)
            // For the quick dive: the largest pattern that keeps the template maxima left out of
            // the pricing state (a pattern fixed whole must keep them on its own).
            var mostKeeping = most
            for column in columns.indices where !blocked[column] {
                let value = solution.values[variableOfColumn[column]]
                guard value > 1e-9 else { continue }
                let position = columns[column].position
                if value > most[position].value { most[position] = (column, value) }
                if value > mostKeeping[position].value, self.keepsMaxima(columns[column].pattern, agent: free[position]) {
                    mostKeeping[position] = (column, value)
                }
                for (day, template) in dayTemplates[column].enumerated() where template >= 0 {
                    worked[position][day * templateCount + Int(template), default: 0] += value
                }
            }
            func leaf() -> LPUpdate {
                if quickDive {
                    quickDive = false
                    treeStart = clock.now
                    pending = [([], -.infinity)]
                }
                return nextNode() ?? LPUpdate()
            }
            if most.allSatisfy({ $0.value >= 1 - 1e-6 }) {
                let patterns = most.map { columns[$0.column].pattern }
                let value = self.evaluateFree(patterns, free: free, others: others)
                if value < bestValue - 1e-9 {
                    bestValue = value
                    onImprovement(patterns)
                }
                return leaf()
            }
            if quickDive {
                let fixedPositions = Set(node.map(\.position))
                let most = mostKeeping
                // Fix the patterns the LP takes nearly whole and, so that the dive takes a few
                // steps rather than one per agent, the largest tenth of the others (a fifth, with
                // at most a few rounds of column generation per step, in large searches).
                let open = free.indices.filter { !fixedPositions.contains($0) && most[$0].column >= 0 }
                var chosen = open.filter { most[$0].value >= 0.9 }
                let rest = open.filter { most[$0].value < 0.9 }.sorted { (most[$1].value, $0) < (most[$0].value, $1) }
                chosen += rest.prefix(max(chosen.isEmpty ? 1 : 0, large ? (open.count + 4) / 5 : open.count / 10))
                guard !chosen.isEmpty else { return leaf() }
                var fixings = node
                for position in chosen {
                    for day in 0..<days { fixings.append(Fixing(position: position, day: day, template: Int(dayTemplates[most[position].column][day]), on: true)) }
                }
                diveNext = fixings
                return nextNode() ?? LPUpdate()
            }
            // Branch on the fractional assignment nearest to 1, that side first.
            var choice: Fixing?
            var choiceValue = -1.0
            for position in free.indices {
                for (key, value) in worked[position] where value > 1e-6 && value < 1 - 1e-6 && value > choiceValue {
                    choiceValue = value
                    choice = Fixing(position: position, day: key / templateCount, template: key % templateCount, on: true)
                }
            }
            // Fractional patterns that agree on every template and day (a template with several
            // shifts a day) leave nothing to branch on here: the tree can no longer be complete.
            guard let branch = choice else {
                incomplete = true
                return leaf()
            }
            pending.append((node + [Fixing(position: branch.position, day: branch.day, template: branch.template, on: false)], max(nodeBound, solution.objective)))
            diveNext = node + [branch]
            return nextNode() ?? LPUpdate()
        }
        return result
    }

    /// The objective of the free agents' patterns with everyone else as in `others` (their
    /// requests left out: they do not change).
    private func evaluateFree(_ patterns: [Pattern], free: [Int], others: [Pattern?]) -> Double {
        var full = others
        for (position, agent) in free.enumerated() { full[agent] = patterns[position] }
        let choice = full.map { $0 ?? Pattern(shifts: []) }
        let fixedRequests = choice.indices.filter { others[$0] != nil }.reduce(0.0) { $0 + cost(choice[$1], agent: $1) }
        return evaluate(choice) - fixedRequests
    }

    /// GLPK on the integer master over the free agents' pooled patterns, started from `current`.
    private func integerMaster(free: [Int], others: [Pattern?], current: [Pattern], seconds: Double?) throws -> [Pattern]? {
        freeCount = free.count
        var columns: [(position: Int, pattern: Pattern)] = []
        for (position, agent) in free.enumerated() {
            remember(current[position], agent: agent)
            // The newest patterns (GLPK's time on the integer master grows fast with its width).
            for pattern in pools[agent].suffix(Self.integerMasterPatterns) { columns.append((position, pattern)) }
            if !columns.contains(where: { $0.position == position && $0.pattern == current[position] }) { columns.append((position, current[position])) }
        }
        let built = master(free: free, others: others, columns: columns, integer: true)
        var point = Array(repeating: 0.0, count: built.model.variables.count)
        for (offset, entry) in built.columns.enumerated() where entry.pattern == current[entry.position] { point[built.firstColumn + offset] = 1 }
        var mipOptions = options
        mipOptions.log = nil
        mipOptions.progress = nil
        mipOptions.timeLimitSeconds = seconds
        mipOptions.initialSolution = try solver.completion(of: built.model, fixingIntegersAt: point, options: mipOptions)?.values
        let result = try solver.solve(built.model, options: mipOptions)
        guard result.status.hasSolution, let values = result.values else { return nil }
        var chosen = current
        for (offset, entry) in built.columns.enumerated() where values[built.firstColumn + offset] > 0.5 { chosen[entry.position] = entry.pattern }
        return chosen
    }

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
    private func windowStart(length: Int, choice: [Pattern], random: inout WeekGenerator.Random) -> Int {
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

    private func neighbourhood(size: Int, choice: [Pattern], random: inout WeekGenerator.Random) -> [Int] {
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

    private func package(_ choice: [Pattern], objective: Double, bound rawBound: Double, stopReason: StopReason?, neighbourhoods: Int) throws -> RosterSolution {
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

    private func infeasible(agent: String) -> RosterSolution {
        let result = SolverResult(
            status: .infeasible, objective: nil, bestBound: nil, values: nil, wallSeconds: elapsed(),
            solverMessage: "agent \(agent) has no pattern over the horizon that keeps all of their rules")
        return RosterSolution(problem: problem, solverResult: result, roster: nil, coverage: [], variableCount: 0, constraintCount: 0)
    }
}
