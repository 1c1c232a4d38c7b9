import LinearProgramming

/// The state of one branch and price of ``HorizonPatternSearch`` (see
/// ``HorizonPatternSearch/branchAndPrice(free:others:seed:incumbent:keep:work:treeWork:onImprovement:)``):
/// the master's columns, the node being solved, the open nodes, and the budgets. Each call of
/// ``step(_:)`` takes the master's LP solution and answers with what to change in the master:
/// new columns, the bounds of the next node, or nothing (done).
///
/// A quick dive comes first (whole patterns fixed, no way back) for a good roster early; then
/// the tree proper from the root, depth first after each branching and otherwise the open node
/// with the lowest bound.
final class HorizonTree {
    typealias Pattern = HorizonPatternSearch.Pattern
    typealias Fixing = HorizonPatternSearch.Fixing

    let search: HorizonPatternSearch
    let free: [Int], others: [Pattern?]
    let keep: HorizonPatternSearch.Keep?
    let onImprovement: ([Pattern]) -> Void
    /// This call's budget (inside the run's), and the tree's after the quick dive.
    let meter: WorkMeter
    let treeWork: Int?
    let days: Int, templateCount: Int
    /// Over 40 agents the quick dive takes bigger steps and does not wait for convergence.
    let large: Bool

    // The master's columns: per column its agent's position, its pattern, its template per day
    // (−1 off), whether the node blocks it, and its variable in the master.
    var columns: [(position: Int, pattern: Pattern)] = []
    var dayTemplates: [[Int8]] = []
    var blocked: [Bool] = []
    var variableOfColumn: [Int] = []
    var known: [Set<Pattern>]
    var nextVariable = 0

    var bestValue: Double
    var result = HorizonPatternSearch.TreeResult(rootBound: nil, exhausted: false, nodes: 1)
    var node: [Fixing] = []
    /// Open nodes with their parent's bound.
    var pending: [(fixings: [Fixing], bound: Double)] = []
    var diveNext: [Fixing]?
    var atRoot = true, quickDive = true, incomplete = false
    var nodeBound = -Double.infinity
    var roundsAtNode = 0
    var treeStart: Int?
    let labelsBefore: Int
    /// Per master row after the agents' own: its right-hand side and the range its dual must
    /// keep for the slack columns to stay priced out (the Lagrangian bound at a smoothed point
    /// needs them). Empty: the root prices at its master's own duals.
    var rows: [(rhs: Double, lowest: Double, highest: Double)] = []
    /// The root's dual smoothing; nodes below it price at their master's own duals.
    lazy var smoothing = DualSmoothing(weight: search.rootSmoothingWeight)
    var charged = 0

    init(
        search: HorizonPatternSearch, free: [Int], others: [Pattern?], incumbent: [Pattern], keep: HorizonPatternSearch.Keep?,
        work: Int?, treeWork: Int?, onImprovement: @escaping ([Pattern]) -> Void
    ) {
        self.search = search
        self.free = free
        self.others = others
        self.keep = keep
        self.onImprovement = onImprovement
        meter = WorkMeter(budget: work ?? Int.max, parent: search.options.workMeter)
        self.treeWork = treeWork
        days = search.problem.horizon.days
        templateCount = search.templateIndex.count
        large = free.count > 40
        known = Array(repeating: [], count: free.count)
        bestValue = search.evaluateFree(incumbent, free: free, others: others)
        labelsBefore = search.tables.labels
    }

    /// Adds the seed columns (each once) and returns them in order.
    func seedColumns(_ seed: [[Pattern]], incumbent: [Pattern]) -> [(position: Int, pattern: Pattern)] {
        for (position, patterns) in seed.enumerated() {
            for pattern in patterns + [incumbent[position]] where known[position].insert(pattern).inserted {
                columns.append((position, pattern))
                dayTemplates.append(daysOf(pattern))
                blocked.append(false)
            }
        }
        return columns
    }

    func daysOf(_ pattern: Pattern) -> [Int8] {
        var row = Array(repeating: Int8(-1), count: days)
        for shift in pattern.shifts {
            row[search.problem.shifts[shift].day] = Int8(search.templateIndex[search.problem.shifts[shift].templateName]!)
        }
        return row
    }

    /// Whether the run or this call must stop (Ctrl-C, budgets, the wall clock).
    func timeUp() -> Bool {
        if search.options.shouldStop?() == true || meter.isExhausted { return true }
        if let treeWork, let treeStart, meter.iterations - treeStart >= treeWork { return true }
        guard let left = search.timeLeft() else { return false }
        return left <= 0
    }

    func prune(_ value: Double) -> Bool {
        search.wholeObjective ? (value - 1e-6).rounded(.up) >= bestValue - 1e-6 : value >= bestValue - 1e-6
    }

    func compatible(_ column: Int, _ byPosition: [Int: [Fixing]]) -> Bool {
        for fixing in byPosition[columns[column].position] ?? [] {
            let worked = Int(dayTemplates[column][fixing.day])
            if fixing.on != (worked == fixing.template) { return false }
        }
        return true
    }

    /// Moves to the next node (the dive's next step, else the open node with the lowest bound)
    /// and returns the bounds that block the columns it excludes; nil when the tree is done.
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

    /// Ends the quick dive (the tree proper starts from the root) and moves on.
    func leaf() -> LPUpdate {
        if quickDive {
            quickDive = false
            treeStart = meter.iterations
            pending = [([], -.infinity)]
        }
        return nextNode() ?? LPUpdate()
    }

    /// One round: price, then add columns, or prune, or (converged) branch.
    func step(_ solution: LPSolution) -> LPUpdate {
        if timeUp() { return LPUpdate() }
        guard solution.status == .optimal else {
            // An infeasible node cannot happen (the "no pattern" columns) and any other failure
            // ends the search without claiming it complete.
            incomplete = true
            return LPUpdate()
        }
        let (lagrangian, candidates) = atRoot && !rows.isEmpty ? priceSmoothed(solution) : price(solution)
        nodeBound = max(nodeBound, lagrangian)
        if atRoot { result.rootBound = max(result.rootBound ?? -.infinity, lagrangian) }
        // The node cannot beat the best roster: prune it.
        if prune(nodeBound) || (candidates.isEmpty && prune(solution.objective)) {
            atRoot = false
            return leaf()
        }
        roundsAtNode += 1
        // The quick dive does not wait for column generation to converge at every step.
        let settled = (search.wholeObjective && (nodeBound - 1e-6).rounded(.up) >= (solution.objective - 1e-6).rounded(.up))
            || (quickDive && !atRoot && large && roundsAtNode > HorizonPatternSearch.diveRoundsPerStep)
        if !candidates.isEmpty && !settled { return add(candidates) }
        atRoot = false
        return converged(solution)
    }

    /// Prices every free agent under the node's fixings at the master's duals: the Lagrangian
    /// bound `LP value + Σ_agents min(0, cheapest reduced cost)` and the patterns of negative
    /// reduced cost not yet in the master.
    func price(_ solution: LPSolution) -> (lagrangian: Double, candidates: [(position: Int, agent: Int, pattern: Pattern)]) {
        let (cheapest, candidates) = price(at: solution.duals, keeping: nil)
        var lagrangian = solution.objective
        for (position, cost) in cheapest.enumerated() { if let cost { lagrangian += min(0, cost - solution.duals[position]) } }
        return (lagrangian, candidates)
    }

    /// The root's pricing, at duals smoothed between the best point so far and the master's
    /// (``DualSmoothing``), then at the master's own when nothing found prices out there. The
    /// bound at a point `π` (clamped to the range ``rows`` gives each row's dual) is
    /// `Σ_rows rhs·π + Σ_agents min(prohibitive, cheapest pattern's c − a·π)`.
    func priceSmoothed(_ solution: LPSolution) -> (lagrangian: Double, candidates: [(position: Int, agent: Int, pattern: Pattern)]) {
        for (duals, isMaster) in smoothing.points(for: solution.duals) {
            var point = duals
            for (offset, row) in rows.enumerated() { point[free.count + offset] = min(row.highest, max(row.lowest, duals[free.count + offset])) }
            let (cheapest, candidates) = price(at: point, keeping: isMaster ? nil : solution.duals)
            var bound = 0.0
            for (offset, row) in rows.enumerated() { bound += row.rhs * point[free.count + offset] }
            for cost in cheapest { bound += min(HorizonPatternSearch.prohibitive, cost ?? HorizonPatternSearch.prohibitive) }
            smoothing.record(point, bound: bound)
            if !candidates.isEmpty || isMaster { return (smoothing.centreBound, candidates) }
            smoothing.mispriced()
        }
        return (smoothing.centreBound, [])
    }

    /// Prices every free agent under the node's fixings at `duals`: per agent the cheapest
    /// pattern's `c − a·π` (before its own row's dual; nil when the node leaves none or fixes
    /// it whole), and the patterns not yet in the master whose reduced cost at the master's duals
    /// (`masterDuals`; nil: `duals` are the master's) is negative. Charges the labels to the meter.
    func price(at duals: [Double], keeping masterDuals: [Double]?) -> (cheapest: [Double?], candidates: [(position: Int, agent: Int, pattern: Pattern)]) {
        var cheapestCosts: [Double?] = Array(repeating: nil, count: free.count)
        var candidates: [(position: Int, agent: Int, pattern: Pattern)] = []
        let byPosition = Dictionary(grouping: node, by: \.position)
        for (position, agent) in free.enumerated() {
            let fixings = byPosition[position] ?? []
            // A pattern fixed whole (the quick dive) has nothing left to price.
            if fixings.count >= days && Set(fixings.filter(\.on).map(\.day)).count == days { continue }
            let priced = search.price(
                agent: agent, duals: duals, count: HorizonPatternSearch.columnsPerRound, keep: keep, fixings: fixings, position: position)
            guard let cheapest = priced.first else { continue }
            cheapestCosts[position] = cheapest.reducedCost
            for entry in priced where entry.reducedCost - duals[position] < -1e-6 && !known[position].contains(entry.pattern) {
                if let masterDuals, search.column(entry.pattern, agent: agent, position: position).reducedCost(at: masterDuals) >= -1e-6 { continue }
                candidates.append((position, agent, entry.pattern))
            }
        }
        let pricingWork = (search.tables.labels - labelsBefore) / HorizonPatternSearch.labelsPerWorkUnit
        meter.add(pricingWork - charged)
        charged = pricingWork
        return (cheapestCosts, candidates)
    }

    /// The new columns for `candidates` (each pattern once per agent), pooled for later.
    func add(_ candidates: [(position: Int, agent: Int, pattern: Pattern)]) -> LPUpdate {
        var update = LPUpdate()
        for (position, agent, pattern) in candidates where known[position].insert(pattern).inserted {
            update.columns.append(search.column(pattern, agent: agent, position: position))
            columns.append((position, pattern))
            dayTemplates.append(daysOf(pattern))
            blocked.append(false)
            variableOfColumn.append(nextVariable)
            nextVariable += 1
            search.remember(pattern, agent: agent)
        }
        return update
    }
}
