import LinearProgramming

/// Step 1 of ``PatternSearch``: column generation on the pattern master, with the Lagrangian
/// bound, and the LP's pattern counts rounded to a first roster.
extension PatternSearch {
    struct Relaxation {
        /// Valid lower bound on the problem.
        var bound: Double
        /// Per type: the patterns the last LP uses.
        var support: [Int: [WeeklyPattern]]
        /// A pattern per agent: the LP's pattern counts rounded.
        var rounded: [WeeklyPattern]
    }

    /// Column generation on the pattern master until no pattern prices out (or the bound meets
    /// the LP value, or time is up).
    func columnGeneration(timeLimit: Double?, seed: [WeeklyPattern]?) throws -> Relaxation {
        // A round of pricing over many types takes long around the clock: the wall clock and
        // Ctrl-C are checked between types (a round cut short adds nothing and proves nothing).
        let deadline = timeLimit.map { clock.now + .milliseconds(Int(max(0.05, $0) * 1000)) }
        var (master, coverageRow, typeRow, fairRow) = emptyMaster()
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
        lpOptions.timeLimitSeconds = deadline.map { max(0.05, ($0 - clock.now).seconds) }
        var pricingSeconds = 0.0
        let lp = try generator.generateColumns(master: master, options: lpOptions) { solution in
            guard solution.status == .optimal else { return LPUpdate() }
            let pricingStart = self.clock.now
            defer { pricingSeconds += (self.clock.now - pricingStart).seconds }
            var added: [NewColumn] = []
            var lagrangian = solution.objective
            for (index, pricer) in self.pricers.enumerated() {
                if self.options.shouldStop?() == true || deadline.map({ self.clock.now >= $0 }) == true { return LPUpdate() }
                let price = self.pointsPrice(index, duals: solution.duals, fairRow: fairRow)
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

        let (rounded, support) = round(columns, values: lp.values)
        return Relaxation(bound: bound, support: support, rounded: rounded)
    }

    /// Price of one refused wish point of a type's member, from the dual of its fairness row.
    func pointsPrice(_ type: Int, duals: [Double], fairRow: [Int]) -> Double {
        guard fairRow[type] >= 0, let total = types[type].wishes?.totalPoints, total > 0 else { return 0 }
        return max(0, duals[fairRow[type]]) * 100 / Double(total) / Double(types[type].members.count)
    }

    /// The master without patterns: a coverage row per interval that can be covered or is
    /// required (with its under- and over-staffing slack), a row per agent type (its members), and
    /// a fairness row per type with wishes. Returns the rows' indices.
    func emptyMaster() -> (master: MIPModel, coverageRow: [Int], typeRow: [Int], fairRow: [Int]) {
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
        return (master, coverageRow, typeRow, fairRow)
    }

    /// Each type's members spread over its patterns: the LP's whole counts first, then the
    /// largest fractional parts; and the patterns the LP uses, per type. O(columns log columns).
    func round(_ columns: [(type: Int, pattern: WeeklyPattern, variable: Int)], values lpValues: [Double]) -> (rounded: [WeeklyPattern], support: [Int: [WeeklyPattern]]) {
        var rounded = Array(repeating: WeeklyPattern(shifts: []), count: problem.agents.count)
        var support: [Int: [WeeklyPattern]] = [:]
        for (typeIndex, type) in types.enumerated() {
            let candidates = columns.filter { $0.type == typeIndex }
            let values = candidates.map { $0.variable < lpValues.count ? max(0, lpValues[$0.variable]) : 0 }
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
        return (rounded, support)
    }
}
