import LinearProgramming

/// The tree of ``HorizonPatternSearch``: branch and price over some agents (column generation at
/// every node, branching on agent × day × template), and the integer master over the pool.
extension HorizonPatternSearch {
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
    func branchAndPrice(
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
            if options.shouldStop?() == true || options.workMeter?.isExhausted == true { return true }
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
    func evaluateFree(_ patterns: [Pattern], free: [Int], others: [Pattern?]) -> Double {
        var full = others
        for (position, agent) in free.enumerated() { full[agent] = patterns[position] }
        let choice = full.map { $0 ?? Pattern(shifts: []) }
        let fixedRequests = choice.indices.filter { others[$0] != nil }.reduce(0.0) { $0 + cost(choice[$1], agent: $1) }
        return evaluate(choice) - fixedRequests
    }

    /// GLPK on the integer master over the free agents' pooled patterns, started from `current`.
    func integerMaster(free: [Int], others: [Pattern?], current: [Pattern], seconds: Double?) throws -> [Pattern]? {
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
}
