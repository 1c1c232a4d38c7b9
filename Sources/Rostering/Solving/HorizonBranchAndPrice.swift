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
        /// Work done: simplex iterations plus pricing labels converted at
        /// ``HorizonPatternSearch/labelsPerWorkUnit`` to a unit.
        var work = 0
    }

    /// Branch and price over `free` (everyone else fixed at `others`; outside `keep`'s window
    /// days stay as they are): column generation at every node, depth first, branching on
    /// whether an agent works a template on a day (the likelier side first), pruning by the
    /// node's bound against the best roster (`incumbent`: the free agents' current patterns).
    ///
    /// Budgets are in deterministic work (simplex iterations plus converted pricing labels):
    /// `work` for the whole call, `treeWork` for the tree after the quick dive; the run's time
    /// limit, work meter and Ctrl-C stop it too.
    func branchAndPrice(
        free: [Int], others: [Pattern?], seed: [[Pattern]], incumbent: [Pattern], keep: Keep? = nil, work: Int?,
        treeWork: Int? = nil, onImprovement: @escaping ([Pattern]) -> Void = { _ in }
    ) throws -> TreeResult {
        freeCount = free.count
        let tree = HorizonTree(
            search: self, free: free, others: others, incumbent: incumbent, keep: keep, work: work, treeWork: treeWork,
            onImprovement: onImprovement)
        let columns = tree.seedColumns(seed, incumbent: incumbent)
        var built = master(free: free, others: others, columns: columns, integer: false)
        // "No pattern" at a prohibitive cost keeps every node's LP feasible.
        for position in free.indices {
            let variable = built.model.addVariable("none_\(position)", kind: .continuous, lowerBound: 0)
            built.model.addObjectiveTerm(variable, Self.prohibitive)
            built.model.addTerm(variable, 1, toConstraint: position)
        }
        // Model variables: slacks, seed columns, the "none" columns, then generated columns.
        tree.variableOfColumn = columns.indices.map { built.firstColumn + $0 }
        tree.nextVariable = built.model.variables.count
        tree.rows = dualRanges(built.model)
        var lpOptions = options
        lpOptions.timeLimitSeconds = timeLeft().map { max(0.01, $0) }
        lpOptions.workMeter = tree.meter
        lpOptions.log = nil
        _ = try generator.generateColumns(master: built.model, options: lpOptions) { tree.step($0) }
        var result = tree.result
        result.work = tree.meter.iterations
        return result
    }

    /// Cost of an agent's "no pattern" column in the tree's master.
    static let prohibitive = 1e7

    /// Per row of a master after the agents' own: its right-hand side and the range of duals
    /// that keeps its slack columns priced out (demand and interval rows: from minus the surplus
    /// weight to the shortage weight; template maxima, `≤` rows: at most 0).
    func dualRanges(_ model: MIPModel) -> [(rhs: Double, lowest: Double, highest: Double)] {
        model.constraints.indices.dropFirst(freeCount).map { row in
            let offset = row - freeCount
            switch model.constraints[row].bound {
            case .equal(let rhs) where offset < demands.count:
                return (rhs, -demands[offset].overWeight, demands[offset].underWeight)
            case .equal(let rhs): return (rhs, -intervalOver, intervalUnder)
            case .lessOrEqual(let rhs): return (rhs, -.infinity, 0)
            case .greaterOrEqual(let rhs): return (rhs, 0, .infinity)
            case .range(let lower, _): return (lower, 0, 0)  // none today; a zero dual always holds
            }
        }
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
    func integerMaster(free: [Int], others: [Pattern?], current: [Pattern], work: WorkLimit) throws -> [Pattern]? {
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
        mipOptions.timeLimitSeconds = timeLeft().map { max(0.01, $0) }
        mipOptions.workLimit = work
        mipOptions.initialSolution = try solver.completion(of: built.model, fixingIntegersAt: point, options: mipOptions)?.values
        let result = try solver.solve(built.model, options: mipOptions)
        guard result.status.hasSolution, let values = result.values else { return nil }
        var chosen = current
        for (offset, entry) in built.columns.enumerated() where values[built.firstColumn + offset] > 0.5 { chosen[entry.position] = entry.pattern }
        return chosen
    }
}

extension HorizonTree {
    /// Column generation has converged at the node: a whole solution ends the dive or the
    /// branch; otherwise the quick dive fixes patterns, or the tree branches.
    func converged(_ solution: LPSolution) -> LPUpdate {
        var worked = Array(repeating: [Int: Double](), count: free.count)  // per position: day*T+template → share
        var most = Array(repeating: (column: -1, value: -1.0), count: free.count)
        // For the quick dive: the largest pattern that keeps the template maxima left out of the
        // pricing state (a pattern fixed whole must keep them on its own).
        var mostKeeping = most
        for column in columns.indices where !blocked[column] {
            let value = solution.values[variableOfColumn[column]]
            guard value > 1e-9 else { continue }
            let position = columns[column].position
            if value > most[position].value { most[position] = (column, value) }
            if value > mostKeeping[position].value, search.keepsMaxima(columns[column].pattern, agent: free[position]) {
                mostKeeping[position] = (column, value)
            }
            for (day, template) in dayTemplates[column].enumerated() where template >= 0 {
                worked[position][day * templateCount + Int(template), default: 0] += value
            }
        }
        if most.allSatisfy({ $0.value >= 1 - 1e-6 }) {
            let patterns = most.map { columns[$0.column].pattern }
            let value = search.evaluateFree(patterns, free: free, others: others)
            if value < bestValue - 1e-9 {
                bestValue = value
                onImprovement(patterns)
            }
            return leaf()
        }
        if quickDive { return diveStep(mostKeeping) }
        return branch(worked, bound: max(nodeBound, solution.objective))
    }

    /// The quick dive's next step: fix the patterns the LP takes nearly whole and, so that the
    /// dive takes a few steps rather than one per agent, the largest tenth of the others (a
    /// fifth, with at most a few rounds of column generation per step, in large searches).
    func diveStep(_ most: [(column: Int, value: Double)]) -> LPUpdate {
        let fixedPositions = Set(node.map(\.position))
        let open = free.indices.filter { !fixedPositions.contains($0) && most[$0].column >= 0 }
        var chosen = open.filter { most[$0].value >= 0.9 }
        let rest = open.filter { most[$0].value < 0.9 }.sorted { (most[$1].value, $0) < (most[$0].value, $1) }
        chosen += rest.prefix(max(chosen.isEmpty ? 1 : 0, large ? (open.count + 4) / 5 : open.count / 10))
        guard !chosen.isEmpty else { return leaf() }
        var fixings = node
        for position in chosen {
            for day in 0..<days {
                fixings.append(Fixing(position: position, day: day, template: Int(dayTemplates[most[position].column][day]), on: true))
            }
        }
        diveNext = fixings
        return nextNode() ?? LPUpdate()
    }

    /// Branches on the fractional assignment (agent, day, template) nearest to 1, that side
    /// first. Ties go to the first position and the smallest day and template: a dictionary's
    /// order changes from run to run.
    func branch(_ worked: [[Int: Double]], bound: Double) -> LPUpdate {
        var choice: Fixing?
        var choiceValue = -1.0, choiceKey = Int.max
        for position in free.indices {
            for (key, value) in worked[position] where value > 1e-6 && value < 1 - 1e-6 {
                guard value > choiceValue || (value == choiceValue && choice?.position == position && key < choiceKey) else { continue }
                choiceValue = value
                choiceKey = key
                choice = Fixing(position: position, day: key / templateCount, template: key % templateCount, on: true)
            }
        }
        // Fractional patterns that agree on every template and day (a template with several
        // shifts a day) leave nothing to branch on here: the tree can no longer be complete.
        guard let branch = choice else {
            incomplete = true
            return leaf()
        }
        pending.append((node + [Fixing(position: branch.position, day: branch.day, template: branch.template, on: false)], bound))
        diveNext = node + [branch]
        return nextNode() ?? LPUpdate()
    }
}
