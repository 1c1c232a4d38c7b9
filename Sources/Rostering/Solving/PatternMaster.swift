import LinearProgramming

/// The weekly search's pattern master: its rows (coverage, types, fairness, break rows, and
/// shift counts over several weeks) and how patterns and break counts join it as columns.
extension PatternSearch {
    /// The pattern master as column generation grows it: its rows, and the columns it has.
    final class PatternMaster {
        var model: MIPModel
        let coverageRow: [Int], typeRow: [Int], fairRow: [Int]
        /// Per shift with several placements of its breaks (with queues, per shift and skill set:
        /// ``PatternSearch/breakKey(_:set:)``): its row `Σ_p b[s,p] − Σ agents on s = 0`.
        let breakRow: [Int: Int]
        /// Per shift without a break row: its row `Σ patterns working s − n[s] = 0`, whose count
        /// `n[s]` covers the shift's intervals (−1 for a shift without one); a pattern's column
        /// then has an entry per shift, not per interval.
        var shiftRow: [Int] = []
        /// The break keys with a break row, in order (a dictionary's order changes from run to run).
        let breakShifts: [Int]
        var columns: [(type: Int, pattern: WeeklyPattern, variable: Int)] = []
        var inMaster: [Set<WeeklyPattern>]
        /// Break-count columns: break key, placement, variable.
        var breakColumns: [(key: Int, plan: Int, variable: Int)] = []
        var breakInMaster = Set<Int>()
        /// Break keys with a break row that some pattern of the master works: only their break
        /// counts can be positive, so only they are priced.
        var worked = Set<Int>()
        /// Break keys with at least one break-count column.
        var counted = Set<Int>()
        /// Per activity with an at-once limit: its row per interval a session may take
        /// (``PatternSearch/addAtOnceRows(to:)``).
        var atOnceRow: [Int: [Int: Int]] = [:]
        /// With queues: the cover row of each queue and interval, at `q × intervals + t` (−1 for
        /// none; ``PatternSearch/addQueueRows(to:)``); `coverageRow` holds the supply rows.
        var queueRow: [Int] = []
        /// The row of each day-level demand (``PatternSearch/addDemandRows(to:)``).
        var demandRow: [Int] = []
        /// Per type: the row of each template maximum outside its pricing state, by template
        /// (``PatternSearch/addMaximaRows(to:)``; empty without any).
        var maximaRow: [[Int: Int]] = []
        /// Per type: its totals row when its pricing state leaves them out, −1 otherwise
        /// (``PatternSearch/addTotalsRows(to:)``; empty without any).
        var totalsRow: [Int] = []

        init(model: MIPModel, coverageRow: [Int], typeRow: [Int], fairRow: [Int], breakRow: [Int: Int], types: Int) {
            self.model = model
            self.coverageRow = coverageRow
            self.typeRow = typeRow
            self.fairRow = fairRow
            self.breakRow = breakRow
            breakShifts = breakRow.keys.sorted()
            inMaster = Array(repeating: [], count: types)
        }
    }

    /// A pattern's column (its shifts without placements: a shift with several placements covers
    /// its whole length and takes one agent off its break row; a shift holding a session covers
    /// its intervals less its own breaks and the session), added to the master; nil when the
    /// master has it, or when its reduced cost at `duals` (the master's own) is not negative.
    func column(_ given: WeeklyPattern, type: Int, in master: PatternMaster, pricedAt duals: [Double]? = nil) -> NewColumn? {
        let pattern = given.masterKey
        guard !master.inMaster[type].contains(pattern) else { return nil }
        remember(pattern, type: type)
        var counts: [Int: Double] = [:]
        let offset = setOfType[type] * problem.horizon.intervalCount
        for (position, shift) in pattern.shifts.enumerated() {
            if pattern.session(at: position) >= 0 {
                let code = pattern.session(at: position)
                let own = WeeklyPattern(shifts: [shift], plans: [pattern.plan(at: position)], sessions: [code])
                forEachInterval(of: own) { counts[master.coverageRow[offset + $0], default: 0] += 1 }
                if let rows = master.atOnceRow[SessionCatalog.activity(of: code)] {
                    for interval in sessionRange(code) { if let row = rows[interval] { counts[row, default: 0] += 1 } }
                }
            } else if let row = master.breakRow[breakKey(shift, set: setOfType[type])] {
                counts[row, default: 0] -= 1
                for interval in covered[shift] { counts[master.coverageRow[offset + interval], default: 0] += 1 }
            } else if !master.shiftRow.isEmpty, master.shiftRow[shift] >= 0 {
                counts[master.shiftRow[shift], default: 0] += 1
                continue  // its count carries the demands too
            } else {
                forEachInterval(of: WeeklyPattern(shifts: [shift])) { counts[master.coverageRow[offset + $0], default: 0] += 1 }
            }
            demandEntries(shift, master: master, into: &counts)
        }
        maximaEntries(pattern, type: type, master: master, into: &counts)
        totalsEntries(pattern, type: type, master: master, into: &counts)
        var entries = counts.sorted { $0.key < $1.key }.map { (row: $0.key, coefficient: $0.value) }
        entries.append((master.typeRow[type], 1))
        if master.fairRow[type] >= 0, let total = types[type].wishes?.totalPoints, let points = wishCosts[type][pattern]?.points, points != 0 {
            entries.append((master.fairRow[type], -100 / Double(total) * points / Double(types[type].members.count)))
        }
        let newColumn = NewColumn(name: "p(t\(type + 1),\(master.inMaster[type].count + 1))", objective: columnCosts[type][pattern] ?? wishCosts[type][pattern]!.cost, entries: entries)
        if let duals, newColumn.reducedCost(at: duals) >= -1e-7 { return nil }
        master.inMaster[type].insert(pattern)
        for (position, shift) in pattern.shifts.enumerated() where pattern.session(at: position) < 0 {
            let key = breakKey(shift, set: setOfType[type])
            if master.breakRow[key] != nil { master.worked.insert(key) }
        }
        master.columns.append((type, pattern, master.model.variables.count))
        newColumn.add(to: &master.model)
        return newColumn
    }

    /// The column counting the agents on the shift of break key `key` (with queues, of its
    /// skill set) whose breaks take placement `plan` (it takes them off the phone in the breaks'
    /// intervals), added to the master; nil when the master has it, the key has no break row, or
    /// its reduced cost at `duals` is not negative.
    func breakColumn(key: Int, plan: Int, in master: PatternMaster, pricedAt duals: [Double]? = nil) -> NewColumn? {
        guard let row = master.breakRow[key], !master.breakInMaster.contains(key * BreakRule.mostPlacements + plan) else { return nil }
        let (set, shift) = key.quotientAndRemainder(dividingBy: problem.shifts.count)
        let offset = set * problem.horizon.intervalCount
        var entries = breakCover[shift][plan].map { (row: master.coverageRow[offset + $0], coefficient: -1.0) }
        entries.append((row, 1))
        entries.sort { $0.row < $1.row }
        let newColumn = NewColumn(name: set == 0 ? "b(\(shift),\(plan))" : "b(\(shift),\(plan),g\(set))", objective: 0, entries: entries)
        if let duals, newColumn.reducedCost(at: duals) >= -1e-7 { return nil }
        master.breakInMaster.insert(key * BreakRule.mostPlacements + plan)
        master.counted.insert(key)
        master.breakColumns.append((key, plan, master.model.variables.count))
        newColumn.add(to: &master.model)
        return newColumn
    }

    /// The master without patterns: a coverage row per interval that can be covered or is
    /// required (with its under- and over-staffing slack), a row per agent type (its members), a
    /// fairness row per type with wishes, a break row per shift with several placements, and a
    /// row per day-level demand.
    func emptyMaster() -> PatternMaster {
        var master = MIPModel(name: RosterFormulation.safeName(problem.name) + "_patterns")
        var queueRow: [Int] = []
        var coverageRow: [Int]
        if problem.hasQueues {
            (coverageRow, queueRow) = addQueueRows(to: &master)
        } else {
            coverageRow = addCoverageRows(to: &master) { _ in LinearExpression() }
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
        // A row per shift some type may work whose breaks have several placements (with queues,
        // per shift and skill set).
        var breakRow: [Int: Int] = [:]
        if !breakCover.isEmpty {
            for (index, type) in types.enumerated() {
                for shift in type.shiftsByDay.joined() where breakCover[shift].count > 1 {
                    let key = breakKey(shift, set: setOfType[index])
                    guard breakRow[key] == nil else { continue }
                    breakRow[key] = master.constraints.count
                    master.addConstraint(key == shift ? "breaks(\(shift))" : "breaks(\(shift),g\(setOfType[index]))", LinearExpression(), .equal(0))
                }
            }
        }
        let patternMaster = PatternMaster(model: master, coverageRow: coverageRow, typeRow: typeRow, fairRow: fairRow, breakRow: breakRow, types: types.count)
        patternMaster.queueRow = queueRow
        addDemandRows(to: patternMaster)
        if usesShiftCounts { addShiftCounts(to: patternMaster) }
        addAtOnceRows(to: patternMaster)
        addMaximaRows(to: patternMaster)
        addTotalsRows(to: patternMaster)
        return patternMaster
    }

    /// Per activity with an at-once limit N, a row per interval some session of it may take:
    /// `Σ_p (sessions of p in t)·λ_p − e_t ≤ N − (held there outside the problem)`, empty at
    /// first. The excess `e_t ≥ 0` at ``atOnceExcessCost`` keeps the first masters feasible
    /// (every starting pattern of a type may hold its session at the same time); a relaxation,
    /// so the bound holds.
    func addAtOnceRows(to master: PatternMaster) {
        for k in problem.activities.indices {
            guard let limit = atOnceLimit(k) else { continue }
            var intervals = Set<Int>()
            for starts in catalog.fits[k].values { for start in starts { intervals.formUnion(catalog.ranges[k][start]) } }
            let elsewhere = k < problem.sessionsElsewhere.count ? problem.sessionsElsewhere[k] : [:]
            var rows: [Int: Int] = [:]
            for interval in intervals.sorted() {
                rows[interval] = master.model.constraints.count
                let excess = master.model.addVariable("excess(\(k),\(interval))", lowerBound: 0)
                master.model.addObjectiveTerm(excess, Self.atOnceExcessCost * max(1, under))
                master.model.addConstraint(
                    "atonce(\(k),\(interval))", LinearExpression([LinearTerm(excess, -1)]), .lessOrEqual(Double(max(0, limit - elsewhere[interval, default: 0]))))
            }
            master.atOnceRow[k] = rows
        }
    }

    /// A count per shift without a break row that some type may work: `n[s] ≥ 0` covers the
    /// shift's intervals on their coverage rows (and counts on its day-level demands' rows), and the row `Σ_{p ∋ s} λ_p − n[s] = 0` is where
    /// patterns working `s` enter. The same LP, but a pattern's column has an entry per shift
    /// instead of one per interval worked; and pricing may go on from the interval duals alone,
    /// since with `σ_s = Σ_{t ∈ s} π_t` on the shift rows any optimal dual `(π, σ)` stays optimal:
    /// the rows' right-hand sides are 0, `n[s]`'s reduced cost becomes 0, and a pattern's can only
    /// rise (`σ ≥ Σ π` is `n[s]`'s own dual feasibility). O(shifts × intervals per shift).
    func addShiftCounts(to master: PatternMaster) {
        var shiftRow = Array(repeating: -1, count: problem.shifts.count)
        var workable = Array(repeating: false, count: problem.shifts.count)
        for type in types { for shift in type.shiftsByDay.joined() { workable[shift] = true } }
        for shift in problem.shifts.indices where workable[shift] && master.breakRow[shift] == nil {
            var expression = LinearExpression()
            let count = master.model.addVariable("n(\(shift))", lowerBound: 0)
            expression.add(count, -1)
            shiftRow[shift] = master.model.constraints.count
            master.model.addConstraint("shift(\(shift))", expression, .equal(0))
            var entries: [Int] = []
            forEachInterval(of: WeeklyPattern(shifts: [shift])) { entries.append(master.coverageRow[$0]) }
            for d in demandIndex.ofShift[shift] { entries.append(master.demandRow[d]) }
            for row in entries { master.model.addTerm(count, 1, toConstraint: row) }
        }
        master.shiftRow = shiftRow
    }

    /// The row `expression + under − over = rightHandSide`, named `row(tag)`, with slack prices
    /// `prices` (the master's per interval when not given): under-staffing (at most `required`;
    /// none when it is 0) and over-staffing. Returns the row's index. Shared by the coverage
    /// rows, with queues the cover rows, and the day-level demands' rows.
    func addSlackRow(
        to model: inout MIPModel, row: String, tag: String, _ expression: LinearExpression, required: Int, rightHandSide: Int,
        prices: (under: Double, over: Double)? = nil
    ) -> Int {
        var expression = expression
        let (underPrice, overPrice) = prices ?? (under, over)
        if required > 0 {
            let slack = model.addVariable("\(row == "demand" ? "short" : "under")(\(tag))", lowerBound: 0, upperBound: Double(required))
            model.addObjectiveTerm(slack, underPrice)
            expression.add(slack, 1)
        }
        let surplus = model.addVariable("\(row == "demand" ? "extra" : "over")(\(tag))", lowerBound: 0)
        model.addObjectiveTerm(surplus, overPrice)
        expression.add(surplus, -1)
        model.addConstraint("\(row)(\(tag))", expression, .equal(Double(rightHandSide)))
        return model.constraints.count - 1
    }

    /// A coverage row per interval that some shift covers or that is required,
    /// `start(t) + under_t − over_t = r_t`, with the master's slack prices (under at most r_t);
    /// the row of each interval, −1 for none. Shared by the pattern master (which starts its rows
    /// empty) and the aggregate relaxation (which starts them with its running sum). O(intervals).
    func addCoverageRows(to model: inout MIPModel, start: (Int) -> LinearExpression) -> [Int] {
        let horizon = problem.horizon
        var coverageRow = Array(repeating: -1, count: horizon.intervalCount)
        var coverable = Array(repeating: false, count: horizon.intervalCount)
        for range in covered { for interval in range { coverable[interval] = true } }
        for interval in 0..<horizon.intervalCount where coverable[interval] || problem.required[interval] > 0 {
            let required = problem.required[interval]
            coverageRow[interval] = addSlackRow(to: &model, row: "cover", tag: "\(interval)", start(interval), required: required, rightHandSide: required)
        }
        return coverageRow
    }
}
