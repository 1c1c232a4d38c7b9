import LinearProgramming

/// Horizon totals (`minTotalMinutes`, `maxTotalMinutes`) that the weekly pricing's state does not
/// keep, in the weekly search.
///
/// **Why outside.** The pricing keeps paid time so far as a count of units (the gcd of the type's
/// shift lengths) in its state. Over half a year that count alone multiplies the state by
/// hundreds: generated instance 104 (200 agents, 26 weeks, totals up to 468 units of 2 h, with 21
/// weekends and streaks) had 354,000 states a day, and the root never got through one pricing of
/// its types in 60 s. When the units alone would take the state past its budget
/// (``PatternPricing/cellBudget(types:)``) the pricing leaves them out
/// (``HorizonResources/totalsOutside``).
///
/// **In the master** each type τ (|τ| members) with totals outside has one row over its patterns'
/// paid minutes `h_p`, in units of its most M (of its least m without a most; ``OutsideTotals/scale(_:)``):
///
/// `|τ|·m/M ≤ Σ_p (h_p/M)·λ_p − e + e' ≤ |τ|`
///
/// (a missing side is open), which every roster keeps with `e = e' = 0` (each member's pattern
/// keeps its totals); the excesses `e, e' ≥ 0` at C a unit (``PatternSearch/maximaExcessCost``)
/// keep the first masters feasible. Pricing may return patterns outside the totals: they join the
/// LP at their cost, so the LP is a relaxation and its value and the Lagrangian bound stay valid.
/// Pricing charges a paid minute `−y/M` (the row's dual clamped to `[−C, C]`, to `≤ 0` without a
/// least and `≥ 0` without a most), and the bound adds `|τ|·(m·max(0, y) + M·min(0, y))/M`: for
/// such `y` the row's part of the Lagrangian,
/// `min_{m' ≤ r ≤ M'} y·r − y·Σ hλ + (C + y)·e + (C − y)·e'`, is at least that minus `y·Σ hλ`,
/// and at most 0 on every roster.
///
/// **Never in a roster.** As with the maxima outside the state (``PatternMaxima.swift``), a pattern
/// outside its totals costs +∞ wherever a roster is scored, and each type's first pattern keeps
/// them (``PatternSearch/keptOutside(_:type:cost:)``): pricing with a charge per paid hour found
/// by a search on it (``PatternSearch/withinTotals(_:cost:)``), the charge that a Lagrangian
/// relaxation of the totals would put on paid time; after the root's rounding, every agent whose
/// pattern breaks them is repaired so (``PatternSearch/repairOutside(_:coverage:)``).
struct OutsideTotals: Sendable {
    /// Per type: the least and most paid minutes over the horizon the pricing state does not
    /// keep (nil: kept there, or none).
    let byType: [(least: Int?, most: Int?)?]
    /// Paid minutes of every shift of the problem.
    let paidMinutes: [Int]
    /// Whether no type has any.
    let isEmpty: Bool

    /// Minutes a unit of `type`'s totals row stands for: its most (else its least), so that the
    /// row's entries are near 1 (GLPK's simplex runs unscaled; entries of hundreds of hours made
    /// the first master of a 200-agent half-year take 30 s).
    func scale(_ type: Int) -> Double { Double(max(1, byType[type]?.most ?? byType[type]?.least ?? 1)) }

    init(problem: RosterProblem, pricers: [PatternPricing]) {
        paidMinutes = problem.shifts.map(\.paidMinutes)
        byType = pricers.map(\.resources.totalsOutside)
        isEmpty = byType.allSatisfy { $0 == nil }
    }

    /// Paid minutes of `pattern`. O(shifts).
    func minutes(of pattern: WeeklyPattern) -> Int { pattern.shifts.reduce(0) { $0 + paidMinutes[$1] } }

    /// −1 when `pattern` works less than its type's least, +1 more than its most, 0 within (or
    /// when the type has no totals outside its state). O(shifts).
    func side(of pattern: WeeklyPattern, type: Int) -> Int {
        guard let limits = byType[type] else { return 0 }
        let total = minutes(of: pattern)
        if let least = limits.least, total < least { return -1 }
        if let most = limits.most, total > most { return 1 }
        return 0
    }
}

extension PatternSearch {
    /// A row per type with totals outside its pricing state (header), without patterns at first.
    /// O(types).
    func addTotalsRows(to master: PatternMaster) {
        guard !outsideTotals.isEmpty else { return }
        master.totalsRow = types.indices.map { type in
            guard let limits = outsideTotals.byType[type] else { return -1 }
            let members = Double(types[type].members.count), scale = outsideTotals.scale(type)
            let row = master.model.constraints.count
            let past = master.model.addVariable("pastTotal(t\(type + 1))", lowerBound: 0)
            let short = master.model.addVariable("shortTotal(t\(type + 1))", lowerBound: 0)
            master.model.addObjectiveTerm(past, maximaExcessCost)
            master.model.addObjectiveTerm(short, maximaExcessCost)
            let bound: ConstraintBound
            switch (limits.least, limits.most) {
            case (let least?, let most?): bound = .range(members * Double(least) / scale, members * Double(most) / scale)
            case (let least?, nil): bound = .greaterOrEqual(members * Double(least) / scale)
            case (nil, let most?): bound = .lessOrEqual(members * Double(most) / scale)
            default: bound = .greaterOrEqual(0)
            }
            master.model.addConstraint("total(t\(type + 1))", LinearExpression([LinearTerm(past, -1), LinearTerm(short, 1)]), bound)
            return row
        }
    }

    /// A pattern's entry on its type's totals row (its paid time in the row's scale). O(shifts).
    func totalsEntries(_ pattern: WeeklyPattern, type: Int, master: PatternMaster, into counts: inout [Int: Double]) {
        guard type < master.totalsRow.count, master.totalsRow[type] >= 0 else { return }
        counts[master.totalsRow[type], default: 0] += Double(outsideTotals.minutes(of: pattern)) / outsideTotals.scale(type)
    }

    /// Per type, what a paid minute pays on its totals row at `duals` (`−y` over the row's scale,
    /// with the dual clamped as the header says; 0 without a row), and the rows' part of the
    /// Lagrangian bound. O(types).
    func totalsPrices(_ duals: [Double], master: PatternMaster) -> (perMinute: [Double], bound: Double) {
        guard !master.totalsRow.isEmpty else { return (Array(repeating: 0, count: types.count), 0) }
        var bound = 0.0
        let perMinute = types.indices.map { type -> Double in
            let row = master.totalsRow[type]
            guard row >= 0, row < duals.count, let limits = outsideTotals.byType[type] else { return 0 }
            let members = Double(types[type].members.count), scale = outsideTotals.scale(type)
            let y = max(limits.most == nil ? 0 : -maximaExcessCost, min(limits.least == nil ? 0 : maximaExcessCost, duals[row]))
            bound += members * (Double(limits.least ?? 0) * max(0, y) + Double(limits.most ?? 0) * min(0, y)) / scale
            return -y / scale
        }
        return (perMinute, bound)
    }

    /// Per type, each shift's charge on the rows of the rules its pricing state leaves to the
    /// master (template maxima and totals; empty for a type without any), and those rows' part
    /// of the Lagrangian bound. O(types × shifts) for the types with such rows.
    func outsidePrices(_ duals: [Double], master: PatternMaster) -> (perShift: [[Double]], bound: Double) {
        let (maximaPrice, maximaBound) = maximaPrices(duals, master: master)
        let (perMinute, totalsBound) = totalsPrices(duals, master: master)
        let templateOf = outsideMaxima.templateOfShift, minutes = outsideTotals.paidMinutes
        let perShift = types.indices.map { type -> [Double] in
            let limited = maximaPrice[type], charge = perMinute[type]
            guard !limited.isEmpty || charge != 0 else { return [] }
            return minutes.indices.map { shift in (limited.isEmpty ? 0 : limited[templateOf[shift]]) + charge * Double(minutes[shift]) }
        }
        return (perShift, maximaBound + totalsBound)
    }

    /// Whether `pattern` keeps the rules its type's pricing state leaves to the master.
    func keepsOutside(_ pattern: WeeklyPattern, type: Int) -> Bool {
        outsideMaxima.keeps(pattern, type: type) && outsideTotals.side(of: pattern, type: type) == 0
    }

    /// Whether the type's pricing state leaves some rule to the master.
    func hasOutsideRules(_ type: Int) -> Bool { !outsideMaxima.byType[type].isEmpty || outsideTotals.byType[type] != nil }

    /// The cheapest pattern of `type` at `cost` per shift that keeps the rules its pricing state
    /// leaves out: `found` when it keeps them; else priced again with the templates of the
    /// maxima outside charged more and more (without totals outside: high, then left out; with
    /// them: nothing, then 1, 4 and 16 typical shifts' costs, high, left out), each with the
    /// charge per paid hour that brings the totals within their limits
    /// (``withinTotals(_:cost:)``); `found` itself when none of these keeps them (the search may
    /// then find no roster, and says so).
    func keptOutside(_ found: WeeklyPattern?, type: Int, cost: @escaping (Int) -> Double) -> WeeklyPattern? {
        guard let found, !keepsOutside(found, type: type) else { return found }
        let limited = Set(outsideMaxima.byType[type].map(\.template))
        let bothOutside = !limited.isEmpty && outsideTotals.byType[type] != nil
        let shift = bothOutside ? 8 * typicalCostPerHour(type, cost: cost) : 0
        let penalties: [Double] = limited.isEmpty ? [0] : !bothOutside ? [1e4, .infinity] : [0, shift, 4 * shift, 16 * shift, 1e4, .infinity]
        for penalty in penalties {
            let charged = { (shift: Int) in cost(shift) + (penalty > 0 && limited.contains(self.outsideMaxima.templateOfShift[shift]) ? penalty : 0) }
            if let pattern = withinTotals(type, cost: charged) { return pattern }
            if isOutOfTime { break }
        }
        return found
    }

    /// Gives every agent whose pattern breaks a rule left to the master (a rounded LP's may) the
    /// cheapest pattern that keeps them at its wish costs and what each shift adds to everyone
    /// else's `coverage` (``keptOutside(_:type:cost:)``), one agent at a time, in agent order, so
    /// each sees the others' new weeks. An agent for whom none is found keeps their pattern (and
    /// the roster its +∞, for the local moves to mend). Nothing without such rules.
    /// O(agents repaired × 50 pricings) at most.
    func repairOutside(_ choice: inout [WeeklyPattern], coverage: inout [Int]) {
        guard !outsideTotals.isEmpty || !outsideMaxima.isEmpty else { return }
        for agent in choice.indices where !keepsOutside(choice[agent], type: typeOfAgent[agent]) {
            if isOutOfTime { return }
            let type = typeOfAgent[agent]
            apply(choice[agent], of: agent, to: &coverage, change: -1)
            queueView?.invalidate()
            var marginal = Array(repeating: 0.0, count: problem.shifts.count)
            for shift in types[type].shiftsByDay.joined() {
                marginal[shift] = wishShiftCost(type, shift) + coverageMarginal(WeeklyPattern(shifts: [shift]), type: type, coverage: coverage)
            }
            if let repaired = keptOutside(choice[agent], type: type, cost: { marginal[$0] }), keepsOutside(repaired, type: type) {
                remember(repaired, type: type)
                choice[agent] = repaired
            }
            apply(choice[agent], of: agent, to: &coverage, change: 1)
            queueView?.invalidate()
        }
    }

    /// The cheapest pattern of `type` at `cost` plus a charge per paid hour, for a charge that
    /// makes it keep the rules outside its pricing state, when a search on the charge finds one
    /// (the paid time of the cheapest pattern falls as the charge rises): doubling from the
    /// shifts' typical cost an hour until the paid time crosses the totals, then up to 30 steps of
    /// regula falsi towards the middle of the totals (each step kept within the middle four
    /// fifths of the bracket, so the bracket shrinks); when no charge lands within them (a window
    /// narrower than the steps the paid time takes), a pricing that keeps the totals in its state
    /// (slow over long horizons, stopped by the clock; not tried past the labels' largest state). Nil when none is
    /// found. With a charge each
    /// shift also costs a fixed ``jitter(_:)`` below 1: where shifts cost the same (a team
    /// without wishes, before any dual) the cheapest pattern would jump from no work to all work
    /// at a charge of 0, and no charge would land within the totals; the jitter spreads the
    /// charges at which days join. O(50 × pricing) plus the last resort at most.
    func withinTotals(_ type: Int, cost: @escaping (Int) -> Double) -> WeeklyPattern? {
        guard let limits = outsideTotals.byType[type] else {
            let found = pricers[type].cheapest(shiftCost: cost, sessionCost: sessionCost(type, table: anySessions, base: cost), stop: { self.isOutOfTime })?.pattern
            return found.flatMap { keepsOutside($0, type: type) ? $0 : nil }
        }
        let minutes = outsideTotals.paidMinutes
        func priced(_ charge: Double) -> (pattern: WeeklyPattern, minutes: Int, side: Int)? {
            let hourly = { (shift: Int) in cost(shift) + (charge == 0 ? 0 : Self.jitter(shift) + charge * Double(minutes[shift]) / 60) }
            guard let pattern = pricers[type].cheapest(shiftCost: hourly, sessionCost: sessionCost(type, table: anySessions, base: hourly), stop: { self.isOutOfTime })?.pattern,
                !isOutOfTime
            else { return nil }
            return (pattern, outsideTotals.minutes(of: pattern), outsideTotals.side(of: pattern, type: type))
        }
        guard let first = priced(0) else { return nil }
        if first.side == 0 { return keepsOutside(first.pattern, type: type) ? first.pattern : nil }
        let target = Double((limits.least ?? 0) + (limits.most ?? 2 * (limits.least ?? 0))) / 2
        // Too little paid time: a negative charge (paid time rewarded); too much: a positive one.
        let typical = typicalCostPerHour(type, cost: cost)
        var near = (charge: 0.0, minutes: Double(first.minutes)), far = (charge: Double(first.side) * typical, minutes: 0.0)
        var flipped = false
        for _ in 0..<20 {
            guard let found = priced(far.charge) else { return nil }
            if found.side == 0 { return keepsOutside(found.pattern, type: type) ? found.pattern : nil }
            far.minutes = Double(found.minutes)
            flipped = found.side != first.side
            if flipped { break }
            near = far
            far.charge *= 2
        }
        for _ in 0..<(flipped ? 30 : 0) {
            let share = near.minutes == far.minutes ? 0.5 : min(0.9, max(0.1, (near.minutes - target) / (near.minutes - far.minutes)))
            let charge = near.charge + share * (far.charge - near.charge)
            guard let found = priced(charge) else { return nil }
            if found.side == 0 { return keepsOutside(found.pattern, type: type) ? found.pattern : nil }
            if found.side == first.side { near = (charge, Double(found.minutes)) } else { far = (charge, Double(found.minutes)) }
        }
        let keeping = PatternPricing(problem: problem, type: types[type], cellBudget: pricingCells, keepingTotals: true)
        guard keeping.isTractable else { return nil }
        let found = keeping.cheapest(shiftCost: cost, sessionCost: sessionCost(type, table: anySessions, base: cost), stop: { self.isOutOfTime })?.pattern
        return found.flatMap { !isOutOfTime && keepsOutside($0, type: type) ? $0 : nil }
    }

    /// The median of |cost| an hour over the shifts the type may work, at least 1: where the
    /// search for a charge starts. O(shifts log shifts).
    private func typicalCostPerHour(_ type: Int, cost: (Int) -> Double) -> Double {
        let minutes = outsideTotals.paidMinutes
        let perHour = types[type].shiftsByDay.joined().compactMap { shift -> Double? in
            let value = abs(cost(shift)) * 60 / Double(max(1, minutes[shift]))
            return value.isFinite ? value : nil
        }.sorted()
        return max(1, perHour.isEmpty ? 1 : perHour[perHour.count / 2])
    }

    /// A fixed cost in [0, 1) per shift, the same on every machine (a multiplicative hash).
    static func jitter(_ shift: Int) -> Double { Double((UInt64(truncatingIfNeeded: shift) &* 0x9E37_79B9_7F4A_7C15) >> 44) / Double(1 << 20) }
}
