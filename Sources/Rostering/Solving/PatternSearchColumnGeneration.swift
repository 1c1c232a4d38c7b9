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
        /// Per shift with a break row: the placements the last LP counts agents on.
        var placements: [Int: Set<Int>] = [:]
        /// The best roster rounded from the LP while column generation ran (``earlyRounds``).
        var early: (choice: [WeeklyPattern], value: Double)?
    }

    /// Rounds of the root's column generation after which its LP is rounded to a roster (the
    /// best kept and reported), so that a long column generation has a roster early: around the
    /// clock at 15 minutes it ran 30 s before its first. Counted in rounds, so the same rosters
    /// come on any machine.
    static let earlyRounds: Set<Int> = [4, 16, 64, 256]

    /// Column generation on the pattern master until no pattern prices out (or the bound meets
    /// the LP value, or time is up), pricing at duals smoothed with `smoothingWeight`
    /// (``DualSmoothing``; 0 prices at the master's own).
    func columnGeneration(timeLimit: Double?, seed: [WeeklyPattern]?, smoothingWeight: Double = PatternSearch.smoothingWeight) throws -> Relaxation {
        // A round of pricing over many types takes long around the clock: the wall clock and
        // Ctrl-C are checked between types (a round cut short adds nothing and proves nothing).
        let deadline = timeLimit.map { clock.now + .milliseconds(Int(max(0.05, $0) * 1000)) }
        let master = emptyMaster()
        startingColumns(seed: seed, in: master)

        // Every term of the objective is ≥ 0 (slack, wishes net of day-on refunds, fairness,
        // changed days, requests net of day-on refunds, demands), so 0 bounds it before the first Lagrangian bound does better.
        var bound = 0.0
        var lpOptions = options
        lpOptions.progress = nil
        lpOptions.log = nil
        lpOptions.timeLimitSeconds = deadline.map { max(0.05, ($0 - clock.now).seconds) }
        var pricingSeconds = 0.0
        var smoothing = DualSmoothing(weight: smoothingWeight)
        // The root starts its smoothing from the aggregate relaxation's duals, and its bound.
        // (In neighbourhoods it was measured too: no faster there, and M's seeds 48–55 took longer.)
        // With queues the relaxation is that of the queues merged (a relaxation too), and its
        // interval duals price every slot and queue of the interval.
        var warmStart = isNeighbourhood || smoothingWeight == 0 ? nil : aggregateRelaxation(deadline: deadline)
        var early: (choice: [WeeklyPattern], value: Double)?
        if let warmStart {
            bound = max(bound, warmStart.bound)
            report(incumbent: nil, bound: bound)
            early = followedRelaxation(warmStart, in: master)
            if let early { report(incumbent: early.value, bound: bound) }
        }
        var rounds = 0
        let lp = try generator.generateColumns(master: master.model, options: lpOptions) { solution in
            guard solution.status == .optimal else { return LPUpdate() }
            rounds += 1
            if !self.isNeighbourhood, Self.earlyRounds.contains(rounds), options.shouldStop?() != true {
                let found = self.roundedRoster(master, values: solution.values)
                if found.value < (early?.value ?? .infinity) - 1e-9 {
                    early = found
                    self.note("round \(rounds): LP \(solution.objective) rounded to \(found.value)")
                    self.report(incumbent: found.value, bound: bound)
                }
            }
            let pricingStart = self.clock.now
            defer { pricingSeconds += (self.clock.now - pricingStart).seconds }
            var warmColumns: [NewColumn] = []
            if let warm = warmStart {
                warmStart = nil
                guard let found = self.priceAtRelaxation(warm, solution: solution, master: master, smoothing: &smoothing, deadline: deadline) else { return LPUpdate() }
                warmColumns = found
            }
            guard let (priced, lagrangian) = self.price(solution, master: master, smoothing: &smoothing, deadline: deadline) else { return LPUpdate() }
            let added = warmColumns + priced
            bound = max(bound, lagrangian)
            if added.isEmpty { bound = max(bound, solution.objective) }
            self.report(incumbent: early?.value, bound: bound)
            // Done when nothing prices out or the LP value meets the bound.
            if solution.objective - bound <= 1e-6 * max(1, abs(solution.objective)) { return LPUpdate() }
            return LPUpdate(columns: added)
        }
        switch lp.status {
        case .optimal, .timeLimit, .workLimit: break
        case .infeasible, .unbounded, .failed:
            throw SolverError("the pattern master's LP ended \(lp.status) after \(lp.rounds) rounds")
        }
        masterSize = (master.model.variables.count, master.model.constraints.count)
        note("column generation: \(lp.rounds) rounds, \(master.columns.count) patterns for \(types.count) agent types\(master.breakColumns.isEmpty ? "" : ", \(master.breakColumns.count) break placements"); LP \(lp.objective), bound \(bound); pricing \(pricingSeconds) s, \(smoothing.mispricings) mispricings")

        let (rounded, support) = round(master.columns, values: lp.values)
        if problem.hasActivities, !isNeighbourhood {
            rootSessions = [:]
            for column in master.columns where column.variable < lp.values.count && lp.values[column.variable] > 1e-6 {
                for code in column.pattern.sessions where code >= 0 { rootSessions[code, default: 0] += lp.values[column.variable] }
            }
        }
        let counts = breakCounts(master, values: lp.values)
        var placements: [Int: Set<Int>] = [:]
        for (key, list) in counts { placements[key % problem.shifts.count, default: []].formUnion(list.map(\.plan)) }
        return Relaxation(bound: bound, support: support, rounded: placeBreaks(rounded, counts: counts), placements: placements, early: early)
    }

    /// The weeks that follow the aggregate relaxation (``weeksFollowing(_:)``) as a roster,
    /// improved by local moves, and their patterns as columns of the master; nil when a type has
    /// no pattern or on Ctrl-C.
    func followedRelaxation(_ relaxation: AggregateRelaxation, in master: PatternMaster) -> (choice: [WeeklyPattern], value: Double)? {
        guard var choice = weeksFollowing(relaxation) else { return nil }
        for (agent, pattern) in choice.enumerated() {
            remember(pattern, type: typeOfAgent[agent])
            _ = column(pattern, type: typeOfAgent[agent], in: master)
        }
        choice = placeBreaks(choice, counts: [:])
        var coverage = coverageOf(choice)
        improveLocally(&choice, coverage: &coverage)
        let value = evaluate(choice, coverage: coverage)
        note("weeks following the relaxation: \(value); \(breakdown(choice, coverage: coverage))")
        return (choice, value)
    }

    /// The LP's break counts per break key (``breakKey(_:set:)``): placement and value.
    func breakCounts(_ master: PatternMaster, values: [Double]) -> [Int: [(plan: Int, value: Double)]] {
        var counts: [Int: [(plan: Int, value: Double)]] = [:]
        for entry in master.breakColumns where entry.variable < values.count && values[entry.variable] > 1e-6 {
            counts[entry.key, default: []].append((entry.plan, values[entry.variable]))
        }
        return counts
    }

    /// A roster from an LP of the master: its pattern counts rounded, breaks placed, improved by
    /// local moves; and its objective. O(agents × pool moves).
    func roundedRoster(_ master: PatternMaster, values: [Double]) -> (choice: [WeeklyPattern], value: Double) {
        var choice = placeBreaks(round(master.columns, values: values).rounded, counts: breakCounts(master, values: values))
        var coverage = coverageOf(choice)
        improveLocally(&choice, coverage: &coverage)
        return (choice, evaluate(choice, coverage: coverage))
    }

    /// Agents whose rules no week can keep, if any (the first member of the first such type);
    /// nil too when pricing stopped before every type had its week (``startingCut``).
    func agentWithoutPattern() -> String? {
        let patterns = startingPatterns()
        guard !startingCut else { return nil }
        for (index, patterns) in patterns.enumerated() where patterns.own == nil {
            return problem.agents[types[index].members[0]].id
        }
        return nil
    }

    /// Whether every type has a week to start from: no agent without one, and the starting
    /// patterns all priced.
    var isReady: Bool { agentWithoutPattern() == nil && !startingCut }

    /// Per type, the two patterns the master starts from: the cheapest for its wishes alone
    /// (nil when no pattern keeps the type's rules), and the one that covers the most needed
    /// time. Priced once, the types shared among the cores (around the clock, 193 types priced
    /// one after the other took 5 s before column generation began). Ctrl-C and the time limit
    /// are checked before each type (the weekly pricing of Curtois & Qu's instance 10, 40 agents
    /// over four weeks, took 34 s here, past a 30-s limit); a type not priced sets
    /// ``startingCut``.
    func startingPatterns() -> [(own: WeeklyPattern?, busy: WeeklyPattern?)] {
        if let startingCache { return startingCache }
        let busyPrice = problem.required.map { $0 > 0 ? under : -over }
        let busyBreaks = cheapestBreaks(price: busyPrice)
        let anySession = problem.hasActivities ? anySessions : []
        let busySessions = problem.hasActivities ? sessionTable(price: busyPrice) : []
        let busyDemands = demandBusyPrice()
        let found = parallelMap(pricers.count) { index -> (own: WeeklyPattern?, busy: WeeklyPattern?)? in
            if self.isOutOfTime { return nil }
            let ownCost = { self.wishShiftCost(index, $0) }, stop = { self.isOutOfTime }
            let own = self.keptOutside(
                pricers[index].cheapest(shiftCost: ownCost, sessionCost: self.sessionCost(index, table: anySession, base: ownCost), stop: stop)?.pattern,
                type: index, cost: ownCost)
            // A pricing stopped part-way found nothing and proves nothing.
            if self.isOutOfTime { return nil }
            guard own != nil else { return (nil, nil) }
            let busyBase = { shift in self.wishShiftCost(index, shift) - busyDemands[shift] - self.covered[shift].reduce(0.0) { $0 + busyPrice[$1] } }
            let busy = pricers[index].cheapest(
                shiftCost: { busyBase($0) + busyBreaks.cost[$0] }, sessionCost: self.sessionCost(index, table: busySessions, base: busyBase, price: busyPrice), stop: stop)?.pattern
            return self.isOutOfTime ? nil : (own, busy)
        }
        startingCut = found.contains { $0 == nil }
        let priced = found.map { $0 ?? (nil, nil) }
        startingCache = priced
        return priced
    }

    /// Two patterns per type to start: the cheapest for its wishes alone, and the one that covers
    /// the most needed time; the seed's; and for every break row the placement that takes the
    /// fewest needed intervals (so that the first LP is feasible).
    func startingColumns(seed: [WeeklyPattern]?, in master: PatternMaster) {
        let busyPrice = problem.required.map { $0 > 0 ? under : -over }
        let busyBreaks = cheapestBreaks(price: busyPrice)
        defer { for key in master.worked.sorted() { _ = breakColumn(key: key, plan: busyBreaks.plan[key % problem.shifts.count], in: master) } }
        for (agent, pattern) in (seed ?? []).enumerated() {
            _ = column(pattern, type: typeOfAgent[agent], in: master)
            for (shift, plan) in pattern.placed { _ = breakColumn(key: breakKey(shift, set: setOfType[typeOfAgent[agent]]), plan: plan, in: master) }
        }
        for (index, patterns) in startingPatterns().enumerated() {
            if let own = patterns.own { _ = column(own, type: index, in: master) }
            if let busy = patterns.busy { _ = column(busy, type: index, in: master) }
        }
    }

    /// Prices at the aggregate relaxation's coverage duals (the other rows' at 0) and makes that
    /// point the smoothing's first centre: its Lagrangian bound is at least the relaxation's LP
    /// value. Returns the columns found there that price out at the master's duals; nil when
    /// stopped. O(types × pricing).
    func priceAtRelaxation(_ relaxation: AggregateRelaxation, solution: LPSolution, master: PatternMaster, smoothing: inout DualSmoothing, deadline: ContinuousClock.Instant?) -> [NewColumn]? {
        var point = Array(repeating: 0.0, count: solution.duals.count)
        let intervals = problem.horizon.intervalCount
        for (slot, row) in master.coverageRow.enumerated() where row >= 0 && row < point.count { point[row] = relaxation.intervalDuals[slot % intervals] }
        for (position, row) in master.queueRow.enumerated() where row >= 0 && row < point.count { point[row] = relaxation.intervalDuals[position % intervals] }
        let masterDuals = impliedBreakDuals(solution.duals, master: master)
        guard let (added, bound) = price(at: point, keeping: masterDuals, master: master, deadline: deadline) else { return nil }
        smoothing.record(point, bound: bound)
        note("Lagrangian bound at the relaxation's duals: \(bound)")
        return added
    }

    /// One round of pricing: at the smoothed duals (``DualSmoothing``), then at the master's own
    /// when nothing found there prices out at them. Returns the new columns and the best
    /// Lagrangian bound so far; nil when stopped before every type was priced.
    func price(_ solution: LPSolution, master: PatternMaster, smoothing: inout DualSmoothing, deadline: ContinuousClock.Instant?) -> ([NewColumn], Double)? {
        let masterDuals = impliedBreakDuals(solution.duals, master: master)
        for (duals, isMaster) in smoothing.points(for: masterDuals) {
            guard let (added, bound) = price(at: duals, keeping: masterDuals, master: master, deadline: deadline) else { return nil }
            smoothing.record(duals, bound: bound)
            if !added.isEmpty || isMaster { return (added, smoothing.centreBound) }
            smoothing.mispriced()
        }
        return ([], smoothing.centreBound)
    }

    /// The master's duals, with each break row that has no count yet at its shift's cheapest
    /// placement at the interval duals: such a row is empty, its own dual says nothing, and this
    /// one keeps every count of the shift priced out, so a pattern that works the shift prices
    /// as it would once its count joins. O(rows + Σ placements × break intervals).
    func impliedBreakDuals(_ duals: [Double], master: PatternMaster) -> [Double] {
        guard !master.breakShifts.isEmpty else { return duals }
        var implied = duals
        let cheapest = cheapestBreaksBySet(price: slotPrices(duals, master: master).price)
        let shifts = problem.shifts.count
        for key in master.breakShifts where !master.counted.contains(key) { implied[master.breakRow[key]!] = cheapest[key / shifts].cost[key % shifts] }
        return implied
    }

    /// Pricing at one dual point: the break placements and patterns cheapest there whose reduced
    /// cost at the master's duals (`masterDuals`) is negative, and the Lagrangian bound at the
    /// point. The bound keeps each agent's choice of placements in the subproblem (a shift's
    /// cheapest placement at the interval duals), so it holds whatever the break rows' duals are:
    ///
    /// `L(π) = Σ_t r_t·(π_t + min(0, under − π_t)) + Σ_τ |τ|·min_p (c_p + φ_τ·points_p − π·a_p)`
    ///
    /// (with queues, the slot form of ``PatternQueues.swift``; day-level demands add their part,
    /// ``PatternDemands.swift``) over intervals t with their
    /// requirement r_t and types τ with their members, valid for
    /// `π_t ≥ −over` (interval duals are clamped there) and fairness duals φ summing to at most
    /// the fairness weight (−∞ otherwise). O(types × pricing), the types shared among the cores.
    func price(at duals: [Double], keeping masterDuals: [Double], master: PatternMaster, deadline: ContinuousClock.Instant?) -> ([NewColumn], Double)? {
        var added: [NewColumn] = []
        let (intervalPrice, coverageBound) = slotPrices(duals, master: master)
        let (demandPrice, demandBound) = demandPrices(duals, master: master)
        let (outsidePrice, outsideBound) = outsidePrices(duals, master: master)
        var lagrangian = coverageBound + demandBound + outsideBound
        let fairness = master.fairRow.reduce(0.0) { $1 >= 0 ? $0 + max(0, duals[$1]) : $0 }
        if fairness > problem.preferencePolicy.fairnessWeight + 1e-9 { lagrangian = -.infinity }
        // Per skill set, each shift's cheapest placement of its breaks at its slots' prices.
        let intervals = problem.horizon.intervalCount, shifts = problem.shifts.count
        let breaksBySet = cheapestBreaksBySet(price: intervalPrice)
        let (atOnce, atOnceBound) = atOncePrices(duals, master: master)
        lagrangian += atOnceBound
        // Per skill set, each shift's cheapest session at its slots' prices.
        let sessionsBySet = !problem.hasActivities ? Array(repeating: [], count: skillSets.count) : skillSets.count == 1 ? [sessionTable(price: intervalPrice, atOnce: atOnce)]
            : skillSets.indices.map { sessionTable(price: Array(intervalPrice[($0 * intervals)..<(($0 + 1) * intervals)]), atOnce: atOnce) }
        // The break rows' duals: what one more agent on the shift (of the set) is worth to its breaks.
        var breakDual = Array(repeating: 0.0, count: shifts * skillSets.count)
        for key in master.breakShifts { breakDual[key] = duals[master.breakRow[key]!] }
        for key in master.worked.sorted() where breaksBySet[key / shifts].cost[key % shifts] - breakDual[key] < -1e-7 {
            if let newColumn = breakColumn(key: key, plan: breaksBySet[key / shifts].plan[key % shifts], in: master, pricedAt: masterDuals) { added.append(newColumn) }
        }

        // Every type is priced from the same duals, in parallel (pricing reads shared state
        // only); its columns then join in type order, so the master grows the same way on any
        // machine.
        let labels = LabelCount()
        let stop = { self.options.shouldStop?() == true || deadline.map({ self.clock.now >= $0 }) == true }
        let found = parallelMap(pricers.count) { index -> (bound: (pattern: WeeklyPattern, cost: Double)?, master: (pattern: WeeklyPattern, cost: Double)?)? in
            if stop() { return nil }
            let price = pointsPrice(index, duals: duals, fairRow: master.fairRow)
            let points = types[index].wishes?.shiftPoints
            let offset = setOfType[index] * intervals, breaks = breaksBySet[setOfType[index]], keys = setOfType[index] * shifts
            let outside = outsidePrice[index]
            let base = { (shift: Int) in
                self.wishShiftCost(index, shift) + price * (points?[shift] ?? 0) - demandPrice[shift] - self.covered[shift].reduce(0.0) { $0 + intervalPrice[offset + $1] }
                    + (outside.isEmpty ? 0 : outside[shift])
            }
            // The bound: each shift with its cheapest placement (a session with its own).
            let held = self.sessionCost(
                index, table: sessionsBySet[setOfType[index]], base: base, price: Array(intervalPrice[offset..<(offset + intervals)]), atOnce: atOnce)
            let best = pricers[index].cheapest(pointsPrice: price, shiftCost: { base($0) + breaks.cost[$0] }, sessionCost: held, labels: labels, stop: stop)
            if best == nil, stop() { return nil }
            // The master's reduced cost: a shift with break counts at its break row's dual. A
            // shift without any (no pattern works it yet) has an empty row whose dual says
            // nothing: it is priced at its cheapest placement, the dual that keeps every one of
            // its counts priced out, so that nothing pricing out proves the LP optimal.
            guard !master.breakRow.isEmpty else { return (best, best) }
            let atMaster = pricers[index].cheapest(
                pointsPrice: price, shiftCost: { base($0) + (master.counted.contains(keys + $0) ? breakDual[keys + $0] : breaks.cost[$0]) }, sessionCost: held,
                labels: labels, stop: stop)
            return atMaster == nil && stop() ? nil : (best, atMaster)
        }
        // The pricing's work, with GLPK's iterations: what the neighbourhood schedule shares
        // and what `--work-limit` counts.
        let unit = HorizonPatternSearch.labelsPerWorkUnit, counted = labelsPriced / unit
        labelsPriced += labels.total
        options.workMeter?.add(labelsPriced / unit - counted)
        for (index, priced) in found.enumerated() {
            guard let priced else { return nil }
            lagrangian += priced.bound.map { Double(types[index].members.count) * $0.cost } ?? -.infinity
            if let best = priced.master, best.cost - duals[master.typeRow[index]] < -1e-7,
                let newColumn = column(best.pattern, type: index, in: master, pricedAt: masterDuals)
            {
                added.append(newColumn)
            }
        }
        // A shift that a new pattern works for the first time gets its cheapest placement's count.
        for key in master.worked.sorted() where !master.counted.contains(key) {
            if let newColumn = breakColumn(key: key, plan: breaksBySet[key / shifts].plan[key % shifts], in: master) { added.append(newColumn) }
        }
        return (added, lagrangian)
    }

    /// At-once rows: a session in interval t of activity k pays −ρ (ρ ≤ 0 the row's clamped
    /// dual), and the bound gets Σ (N − held elsewhere)·ρ. Per activity, per interval its price;
    /// and the rows' part of the bound. O(at-once rows).
    func atOncePrices(_ duals: [Double], master: PatternMaster) -> (prices: [Int: [Int: Double]], bound: Double) {
        var atOnce: [Int: [Int: Double]] = [:], bound = 0.0
        // In a fixed order: the bound's sum is then the same in every process.
        for (k, rows) in master.atOnceRow.sorted(by: { $0.key < $1.key }) {
            var prices: [Int: Double] = [:]
            for (interval, row) in rows.sorted(by: { $0.key < $1.key }) {
                let dual = min(0, duals[row])
                guard dual < 0 else { continue }
                prices[interval] = -dual
                bound += master.model.constraints[row].bound.limits.upper.map { $0 * dual } ?? 0
            }
            atOnce[k] = prices
        }
        return (atOnce, bound)
    }

    /// Placements for a roster's breaks from an LP's break counts (placement and value per
    /// shift): on each shift, agents who keep a published shift take its published placement
    /// while the counts have it, and the others (in order) take placements by the counts' whole parts,
    /// then their largest fractional parts (the first placement where there are no counts); then
    /// the local break moves improve them.
    func placeBreaks(_ rounded: [WeeklyPattern], counts: [Int: [(plan: Int, value: Double)]]) -> [WeeklyPattern] {
        guard !breakCover.isEmpty else { return rounded }
        // Per break key (the shift, with queues of the agent's skill set).
        let key = { (agent: Int, shift: Int) in self.breakKey(shift, set: self.setOfType[self.typeOfAgent[agent]]) }
        var queues: [Int: [Int]] = [:]
        var working: [Int: Int] = [:]
        for (agent, pattern) in rounded.enumerated() {
            for (position, shift) in pattern.shifts.enumerated() where pattern.session(at: position) < 0 { working[key(agent, shift), default: 0] += 1 }
        }
        for (slot, agents) in working {
            // (A shift whose agents all held sessions in the model the counts come from has none.)
            let list = counts[slot].flatMap { $0.isEmpty ? nil : $0 } ?? [(0, 1)]
            var whole = list.map { Int(($0.value + 1e-6).rounded(.down)) }
            let byFraction = list.indices.sorted { (list[$0].value - Double(whole[$0]), list[$1].plan) > (list[$1].value - Double(whole[$1]), list[$0].plan) }
            var cursor = 0
            while whole.reduce(0, +) < agents { whole[byFraction[cursor % byFraction.count]] += 1; cursor += 1 }
            queues[slot] = list.indices.flatMap { Array(repeating: list[$0].plan, count: whole[$0]) }
        }
        // Agents keeping a published shift take its published placement first, while it lasts.
        var ownPlans: [Int: [Int: Int]] = [:]
        for (agent, pattern) in rounded.enumerated() {
            for (position, shift) in pattern.shifts.enumerated() where pattern.session(at: position) < 0 {
                guard let own = types[typeOfAgent[agent]].publishedPlans[shift], let slot = queues[key(agent, shift)]?.firstIndex(of: own) else { continue }
                queues[key(agent, shift)]!.remove(at: slot)
                ownPlans[agent, default: [:]][shift] = own
            }
        }
        var placed = rounded.enumerated().map { agent, pattern in
            pattern.with(plans: pattern.shifts.enumerated().map { position, shift in
                if pattern.session(at: position) >= 0 { return pattern.plan(at: position) }
                if let own = ownPlans[agent]?[shift] { return own }
                guard breakCover[shift].count > 1, var queue = queues[key(agent, shift)], !queue.isEmpty else { return 0 }
                defer { queues[key(agent, shift)] = queue }
                return queue.removeFirst()
            })
        }
        var coverage = coverageOf(placed)
        improveBreaks(&placed, coverage: &coverage)
        return placed
    }

    /// Price of one refused wish point of a type's member, from the dual of its fairness row.
    func pointsPrice(_ type: Int, duals: [Double], fairRow: [Int]) -> Double {
        guard fairRow[type] >= 0, let total = types[type].wishes?.totalPoints, total > 0 else { return 0 }
        return max(0, duals[fairRow[type]]) * 100 / Double(total) / Double(types[type].members.count)
    }

    /// Each shift's cheapest placement of its breaks when an agent on the phone in interval t is
    /// worth `price[t]`: the placement whose break intervals are worth least, and that worth
    /// (what the breaks take back from the shift's coverage). Placements are independent from
    /// shift to shift, so a pattern's cheapest placements are each shift's: pricing with these
    /// costs finds the cheapest pattern over shifts and placements together, and the bound holds.
    /// Complexity: O(Σ_shifts placements × break intervals).
    func cheapestBreaks(price: [Double]) -> (cost: [Double], plan: [Int], placing: (WeeklyPattern) -> WeeklyPattern) {
        guard !breakCover.isEmpty else { return (Array(repeating: 0, count: problem.shifts.count), [], { $0 }) }
        var cost = Array(repeating: 0.0, count: problem.shifts.count)
        var plan = Array(repeating: 0, count: problem.shifts.count)
        for (shift, placements) in breakCover.enumerated() where !placements.isEmpty {
            var best = (plan: 0, worth: Double.infinity)
            for (index, intervals) in placements.enumerated() {
                let worth = intervals.reduce(0.0) { $0 + price[$1] }
                if worth < best.worth - 1e-12 { best = (index, worth) }
            }
            cost[shift] = best.worth
            plan[shift] = best.plan
        }
        return (cost, plan, { pattern in pattern.with(plans: pattern.shifts.map { plan[$0] }) })
    }

    /// Each type's members spread over its patterns: the LP's whole counts first, then the
    /// largest fractional parts; and the patterns the LP uses, per type. O(columns log columns).
    func round(_ columns: [(type: Int, pattern: WeeklyPattern, variable: Int)], values lpValues: [Double]) -> (rounded: [WeeklyPattern], support: [Int: [WeeklyPattern]]) {
        var rounded = Array(repeating: WeeklyPattern(shifts: []), count: problem.agents.count)
        var support: [Int: [WeeklyPattern]] = [:]
        for (typeIndex, type) in types.enumerated() {
            let all = columns.filter { $0.type == typeIndex }
            for column in all where column.variable < lpValues.count && lpValues[column.variable] > 1e-6 {
                support[typeIndex, default: []].append(column.pattern)
            }
            // A pattern no roster may take (past a template maximum or totals the pricing does not
            // keep) is not given to an agent while the master has another (each type's first
            // pattern keeps them): over a year, a root cut after two rounds had LP value only on
            // such patterns for some types, and the roster stayed +∞.
            let usable = !hasOutsideRules(typeIndex) ? all : all.filter { keepsOutside($0.pattern, type: typeIndex) }
            let candidates = usable.isEmpty ? all : usable
            let values = candidates.map { $0.variable < lpValues.count ? max(0, lpValues[$0.variable]) : 0 }
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
