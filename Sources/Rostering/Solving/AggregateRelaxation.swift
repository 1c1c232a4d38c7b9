import LinearProgramming

/// A lower bound and a first set of interval duals for the weekly search, from a linear program
/// far smaller than the pattern master needs to converge: agents are pooled into **capacity
/// classes** (the same shifts by day, weekly cap, weekly minimum and working days), and a class
/// chooses how many of its members work each shift, keeping its rules only in aggregate.
///
/// Variables `y[c,s] ≥ 0` (members of class c on shift s, eligible for c), coverage slacks as in
/// the master, and rows
///
/// - coverage: `Σ_c Σ_{s ∋ t} y[c,s] + under_t − over_t = r_t` for every interval t (each shift
///   covering its intervals less any single-placement breaks), written as a running sum
///   `z_t = z_{t−1} + (columns whose runs start at t) − (runs that ended at t)` and
///   `z_t + under_t − over_t = r_t`, so that a column has 2 entries per run of intervals
///   instead of one per interval (GLPK's simplex on the dense form of the 24/7 week took 17 s);
/// - one shift a day: `Σ_{s on day d} y[c,s] ≤ |c|`;
/// - per week w: `Σ_{s in w} paid_s·y[c,s] ≤ |c|·cap_c`, `≥ |c|·min_c` on a full week, and
///   `Σ_{s in w} y[c,s] ≤ |c|·days_c`;
///
/// with objective `under·Σ under_t + over·Σ over_t`.
///
/// **Why it bounds.** Every roster gives such a `y` (count each class's members on each shift);
/// its rules per agent imply the aggregate rows, and rest, horizon rules and template maxima are
/// only dropped. The terms left out of the objective (wishes net of day-on refunds, fairness,
/// changed days, shift requests, day-level demands) are never negative for any roster. So the LP's optimum is at most any roster's
/// cost, and its coverage duals are a point where the Lagrangian bound of the pattern master is
/// at least that optimum (the pattern polytope of a class lies inside its aggregate rows).
///
/// **Why it helps.** Around the clock at 15 minutes (600 agents, 193 types, 4,704 shifts a week)
/// column generation started from no useful duals and had not converged after 30 s, with a
/// Lagrangian bound of 0. This LP has at most classes × eligible shifts columns; its duals start
/// the dual smoothing's centre.
///
/// The LP is itself solved by column generation: it starts without `y` columns (an artificial
/// slack at a prohibitive price keeps each weekly minimum feasible), and each round adds the
/// columns of most negative reduced cost (``columnsPerRound``), each priced in O(its runs).
/// Its bound counts only when no column prices out and the artificial slacks are 0.
///
/// **Breaks.** A shift with several placements of its breaks has a column per class and
/// placement, covering the shift's intervals less that placement's breaks; pricing offers a
/// class's shift with its cheapest placement at the round's duals. Members of one class on one
/// shift may take different placements, as the master's break counts allow, so this is the
/// master's break counting in aggregate (on the example week with breaks the relaxation's LP
/// equals the master's, 208.68). A shift whose breaks have a single placement keeps one column
/// per class, covering its intervals less those breaks.
///
/// Not built (nil) with activities (sessions take agents off the phone, which it does not see),
/// at a site staffed by day-level demands alone (no interval counts), or when the LP would have
/// more than ``largestAggregate`` columns (classes × shifts).
struct AggregateRelaxation {
    /// The LP's optimum: a valid lower bound on every roster (−∞ when the LP stopped early).
    let bound: Double
    /// The coverage rows' duals, by interval (0 for intervals without a row).
    let intervalDuals: [Double]
    /// Capacity classes and columns, for the log.
    let classes: Int, columns: Int
    /// Per class: its types, and the LP's members on each shift (positive counts only, by shift).
    var classTypes: [[Int]] = []
    var counts: [[(shift: Int, count: Double)]] = []

    /// Largest number of `y` columns worth building.
    static let largestAggregate = 400_000
    /// GLPK's budget for the LP (counted in simplex iterations, so runs end alike anywhere).
    static let work = WorkLimit(simplexIterations: 300_000)
    /// Most columns added in one round.
    static let columnsPerRound = 3_000
    /// Price of a minute of a weekly minimum left unmet (the artificial slack).
    static let artificialPrice = 1e4
}

/// The rows of the aggregate relaxation: per interval its running-sum and coverage rows, per
/// capacity class its day rows and per week its cap, minimum and working-days rows.
private struct AggregateRows {
    var model: MIPModel
    var flow: [Int] = []
    var coverage: [Int] = []
    /// Per class: row per day (−1 without shifts), per week cap, minimum (−1 if none), days.
    var day: [[Int]] = [], cap: [[Int]] = [], minimum: [[Int]] = [], days: [[Int]] = []
    /// The artificial slack of each minimum row.
    var artificial: [Int] = []
}

extension PatternSearch {
    /// Agent types pooled by what the aggregate rows see: their shifts by day and the cap,
    /// minimum and working days of their contract. O(types × shifts).
    func capacityClasses() -> [(types: [Int], members: Int)] {
        struct Key: Hashable {
            let shifts: [[Int]]
            let cap, minimum, days: Int
        }
        var order: [Key] = []
        var pooled: [Key: (types: [Int], members: Int)] = [:]
        for (index, type) in types.enumerated() {
            let key = Key(shifts: type.shiftsByDay, cap: type.agent.maxWeeklyMinutes, minimum: type.agent.minWeeklyMinutes, days: type.agent.maxDaysPerWeek)
            if pooled[key] == nil { order.append(key) }
            pooled[key, default: ([], 0)].types.append(index)
            pooled[key]!.members += type.members.count
        }
        return order.map { pooled[$0]! }
    }

    /// Builds and solves the aggregate relaxation (``AggregateRelaxation``); nil when it does not
    /// apply or GLPK fails. O(classes × shifts) a round of its column generation.
    func aggregateRelaxation(deadline: ContinuousClock.Instant?) -> AggregateRelaxation? {
        // Sessions take agents off the phone where over-staffing would cost: without them its
        // bound would not hold.
        guard !problem.hasActivities else { return nil }
        // A site staffed by day-level demands alone: no interval to count, its bound would be 0.
        guard problem.staffsByInterval else { return nil }
        let classes = capacityClasses()
        let columns = classes.reduce(0) { $0 + types[$1.types[0]].shiftsByDay.joined().count }
        guard columns <= AggregateRelaxation.largestAggregate else { return nil }
        let rows = aggregateRows(classes)
        // Each shift's runs of intervals on the phone, per placement of its breaks, as (first,
        // end) pairs.
        let runs = problem.shifts.indices.map { shift -> [[(Int, Int)]] in
            (0..<(breakCover.isEmpty ? 1 : max(1, breakCover[shift].count))).map { plan in
                var list: [(Int, Int)] = []
                forEachInterval(of: WeeklyPattern(shifts: [shift], plans: [plan])) { interval in
                    if let last = list.last, last.1 == interval { list[list.count - 1].1 = interval + 1 } else { list.append((interval, interval + 1)) }
                }
                return list
            }
        }
        let plans = runs.reduce(1) { max($0, $1.count) }
        var added = Set<Int>()
        var order: [Int] = []
        var lpOptions = options
        lpOptions.progress = nil
        lpOptions.log = nil
        lpOptions.workLimit = AggregateRelaxation.work
        lpOptions.timeLimitSeconds = deadline.map { max(0.05, ($0 - clock.now).seconds) }
        var priced = false
        let lp = try? generator.generateColumns(master: rows.model, options: lpOptions) { solution in
            guard solution.status == .optimal, solution.duals.count >= rows.flow.count else { return LPUpdate() }
            if options.shouldStop?() == true || deadline.map({ clock.now >= $0 }) == true { return LPUpdate() }
            let found = self.aggregateColumns(classes, rows: rows, runs: runs, plans: plans, duals: solution.duals, skipping: added)
            if found.isEmpty { priced = true }
            for column in found {
                added.insert(column.key)
                order.append(column.key)
            }
            return LPUpdate(columns: found.map(\.column))
        }
        guard let lp, lp.duals.count >= rows.model.constraints.count else { return nil }
        let feasible = rows.artificial.allSatisfy { $0 < lp.values.count && lp.values[$0] < 1e-6 }
        let duals = rows.coverage.map { $0 >= 0 ? lp.duals[$0] : 0 }
        note("aggregate relaxation: \(classes.count) classes, \(added.count) of \(columns) columns in \(lp.rounds) rounds; LP \(lp.objective)\(priced && feasible ? "" : " (not converged)")")
        var counts = Array(repeating: [(shift: Int, count: Double)](), count: classes.count)
        for (position, key) in order.enumerated() {
            let variable = rows.model.variables.count + position
            guard variable < lp.values.count, lp.values[variable] > 1e-6 else { continue }
            let shift = key / plans % problem.shifts.count
            counts[key / plans / problem.shifts.count].append((shift, lp.values[variable]))
        }
        // A shift taken with several placements counts once.
        counts = counts.map { list in
            var merged: [(shift: Int, count: Double)] = []
            for entry in list.sorted(by: { $0.shift < $1.shift }) {
                if merged.last?.shift == entry.shift { merged[merged.count - 1].count += entry.count } else { merged.append(entry) }
            }
            return merged
        }
        return AggregateRelaxation(
            bound: lp.status == .optimal && priced && feasible ? lp.objective : -.infinity, intervalDuals: duals, classes: classes.count, columns: added.count,
            classTypes: classes.map(\.types), counts: counts.map { $0.sorted { $0.shift < $1.shift } })
    }

    /// The relaxation's rows, without any `y` column yet.
    private func aggregateRows(_ classes: [(types: [Int], members: Int)]) -> AggregateRows {
        let horizon = problem.horizon
        var rows = AggregateRows(model: MIPModel(name: RosterFormulation.safeName(problem.name) + "_aggregate"))
        // On the phone in each interval, z_t, kept by a running sum: a column enters at the
        // first interval of each run it covers and leaves after the run (2 entries a run).
        let onPhone = (0..<horizon.intervalCount).map { rows.model.addVariable("z(\($0))", lowerBound: nil) }
        for interval in 0..<horizon.intervalCount {
            var expression = LinearExpression([LinearTerm(onPhone[interval], 1)])
            if interval > 0 { expression.add(onPhone[interval - 1], -1) }
            rows.flow.append(rows.model.constraints.count)
            rows.model.addConstraint("flow(\(interval))", expression, .equal(0))
        }
        rows.coverage = addCoverageRows(to: &rows.model) { LinearExpression([LinearTerm(onPhone[$0], 1)]) }
        for (number, pool) in classes.enumerated() { addClassRows(number, pool, to: &rows) }
        return rows
    }

    /// One capacity class's rows (see ``AggregateRelaxation``), empty until columns join.
    private func addClassRows(_ number: Int, _ pool: (types: [Int], members: Int), to rows: inout AggregateRows) {
        let type = types[pool.types[0]]
        let horizon = problem.horizon
        let members = Double(pool.members)
        let name = "c\(number + 1)"
        rows.day.append(type.shiftsByDay.enumerated().map { day, shifts in
            guard !shifts.isEmpty else { return -1 }
            rows.model.addConstraint("day(\(name),\(day))", LinearExpression(), .lessOrEqual(members))
            return rows.model.constraints.count - 1
        })
        var cap: [Int] = [], minimum: [Int] = [], days: [Int] = []
        for week in 0..<horizon.weekCount {
            rows.model.addConstraint("cap(\(name),\(week))", LinearExpression(), .lessOrEqual(members * Double(type.agent.maxWeeklyMinutes)))
            cap.append(rows.model.constraints.count - 1)
            if horizon.isFullWeek(week), type.agent.minWeeklyMinutes > 0 {
                let slack = rows.model.addVariable("short(\(name),\(week))", lowerBound: 0)
                rows.model.addObjectiveTerm(slack, AggregateRelaxation.artificialPrice)
                rows.artificial.append(slack.index)
                rows.model.addConstraint(
                    "min(\(name),\(week))", LinearExpression([LinearTerm(slack, 1)]), .greaterOrEqual(members * Double(type.agent.minWeeklyMinutes)))
                minimum.append(rows.model.constraints.count - 1)
            } else {
                minimum.append(-1)
            }
            let most = min(horizon.days(ofWeek: week).count, type.agent.maxDaysPerWeek)
            rows.model.addConstraint("days(\(name),\(week))", LinearExpression(), .lessOrEqual(members * Double(most)))
            days.append(rows.model.constraints.count - 1)
        }
        rows.cap.append(cap)
        rows.minimum.append(minimum)
        rows.days.append(days)
    }

    /// The `y` columns of most negative reduced cost at `duals` that are not in the LP yet (at
    /// most ``AggregateRelaxation/columnsPerRound``), keyed by (class × shifts + shift) × `plans`
    /// + placement, in key order. A shift with several placements of its breaks enters with its
    /// cheapest at `duals` (`runs`: per shift and placement, its runs on the phone), so the
    /// relaxation counts breaks as the master's break counts do. O(classes × shifts + shifts ×
    /// placements × runs).
    private func aggregateColumns(
        _ classes: [(types: [Int], members: Int)], rows: AggregateRows, runs: [[[(Int, Int)]]], plans: Int, duals: [Double], skipping added: Set<Int>
    ) -> [(key: Int, column: NewColumn)] {
        let horizon = problem.horizon
        // What the running sum pays for a shift: −dual at each run's start, +dual after its end;
        // its cheapest placement.
        func price(_ list: [(Int, Int)]) -> Double {
            var sum = 0.0
            for run in list { sum += duals[rows.flow[run.0]] - (run.1 < rows.flow.count ? duals[rows.flow[run.1]] : 0) }
            return sum
        }
        let cheapest = runs.map { placements -> (price: Double, plan: Int) in
            var best = (price: price(placements[0]), plan: 0)
            for plan in placements.indices.dropFirst() {
                let value = price(placements[plan])
                if value < best.price { best = (value, plan) }
            }
            return best
        }
        var candidates: [(cost: Double, key: Int, number: Int, shift: Int)] = []
        for (number, pool) in classes.enumerated() {
            for (day, shifts) in types[pool.types[0]].shiftsByDay.enumerated() where !shifts.isEmpty {
                let week = horizon.weekIndex(ofDay: day)
                let weekly = duals[rows.cap[number][week]] + (rows.minimum[number][week] >= 0 ? duals[rows.minimum[number][week]] : 0)
                let fixed = duals[rows.day[number][day]] + duals[rows.days[number][week]]
                for shift in shifts {
                    let key = (number * problem.shifts.count + shift) * plans + cheapest[shift].plan
                    let cost = cheapest[shift].price - fixed - weekly * Double(problem.shifts[shift].paidMinutes)
                    if cost < -1e-7, !added.contains(key) { candidates.append((cost, key, number, shift)) }
                }
            }
        }
        candidates.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.key < $1.key }
        return candidates.prefix(AggregateRelaxation.columnsPerRound).sorted { $0.key < $1.key }.map { candidate in
            let shift = candidate.shift, number = candidate.number
            let week = horizon.weekIndex(ofDay: problem.shifts[shift].day)
            let paid = Double(problem.shifts[shift].paidMinutes)
            var entries: [(row: Int, coefficient: Double)] = []
            for run in runs[shift][candidate.key % plans] {
                entries.append((rows.flow[run.0], -1))
                if run.1 < rows.flow.count { entries.append((rows.flow[run.1], 1)) }
            }
            entries.append((rows.day[number][problem.shifts[shift].day], 1))
            entries.append((rows.cap[number][week], paid))
            if rows.minimum[number][week] >= 0 { entries.append((rows.minimum[number][week], paid)) }
            entries.append((rows.days[number][week], 1))
            entries.sort { $0.row < $1.row }
            return (candidate.key, NewColumn(name: "y(c\(number + 1),\(shift),\(candidate.key % plans + 1))", objective: 0, entries: entries))
        }
    }
}

extension PatternSearch {
    /// Weeks for every agent that follow the relaxation's shift counts: class by class (the
    /// classes on all cores), each member in turn takes the pattern of their type that uses the
    /// most of the counts still left (a shift is worth `min(1, left)` × 10⁵, then its coverage
    /// at the relaxation's duals, less its wish cost), and the counts it uses go down by one.
    /// The pricing keeps every rule, so each week is valid: columns for the master near the LP's
    /// optimum (around the clock its LP after 30 s fell from 13,811 to 9,828 with them), and a
    /// roster, though a poor one (members early in a class take the counts up to their cap and
    /// wishes barely count: 2–3 × the optimum on the benchmark weeks; weighing the counts by
    /// paid minutes, or charging shifts outside them, was no better). Nil when a type has no
    /// pattern or on Ctrl-C. O(agents × pricing).
    func weeksFollowing(_ relaxation: AggregateRelaxation) -> [WeeklyPattern]? {
        let price = relaxation.intervalDuals.map { max(-over, $0) }
        let coverageValue = covered.indices.map { shift in covered[shift].reduce(0.0) { $0 + price[$1] } }
        let perClass = parallelMap(relaxation.classTypes.count) { number -> [(agent: Int, pattern: WeeklyPattern)]? in
            var left = [Int: Double]()
            for entry in relaxation.counts[number] { left[entry.shift] = entry.count }
            var weeks: [(agent: Int, pattern: WeeklyPattern)] = []
            for type in relaxation.classTypes[number] {
                for agent in types[type].members {
                    if options.shouldStop?() == true { return nil }
                    guard let found = pricers[type].cheapest(shiftCost: { shift in
                        self.wishShiftCost(type, shift) - coverageValue[shift] - 1e5 * min(1, left[shift] ?? 0)
                    }, stop: { self.isOutOfTime }) else { return nil }
                    for shift in found.pattern.shifts { if let count = left[shift] { left[shift] = max(0, count - 1) } }
                    weeks.append((agent, found.pattern))
                }
            }
            return weeks
        }
        var choice = Array(repeating: WeeklyPattern(shifts: []), count: problem.agents.count)
        for weeks in perClass {
            guard let weeks else { return nil }
            for (agent, pattern) in weeks { choice[agent] = pattern }
        }
        return choice
    }
}
