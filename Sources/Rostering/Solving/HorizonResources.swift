/// One agent's horizon rules as the resources of a pricing dynamic programme over days, written
/// once for every pricing that needs them (``StreakPricing`` and ``PatternPricing``).
///
/// A state, after a day, holds one resource per rule family present:
/// - **streaks** (`maxConsecutiveWorkingDays`, `minConsecutiveWorkingDays`,
///   `minConsecutiveDaysOff`): the length of the current streak of working days or days off,
///   capped where nothing changes any more, and whether it began on the first day (a streak
///   touching either end of the horizon is exempt from the minimum lengths, as in the full model);
/// - **weekends** (`maxWorkingWeekends`): weekends worked so far;
/// - **totals** (`minTotalMinutes`, `maxTotalMinutes`): paid time so far, in units of the gcd of
///   the agent's shift lengths; a caller that keeps totals in its own master may let them out of
///   the state when they alone would take it past the cell budget (``totalsOutside``);
/// - **template maxima** (`maxShiftsPerTemplate`): shifts of each template with a binding maximum,
///   while the state stays within a cell budget (the rest are ``maximaOutside``: left to the
///   caller's master, which is exact for whole patterns);
/// - **forbidden successions**: the class of the template worked the day before (templates with
///   the same forbidden followers share a class; class 0 remembers nothing).
///
/// States are encoded as one integer in `0..<stateCount`. Every transition keeps every rule it
/// tracks exactly, so a pattern the pricing returns keeps them all. Complexity: O(1) a transition
/// (O(maxima kept) for a template count).
struct HorizonResources {
    private let maxRun: Int?, minRun: Int?, minOff: Int?, maxWeekends: Int?
    let maxUnits: Int?, minUnits: Int?
    /// The least and most paid minutes over the horizon when the state does not keep them (nil
    /// when it does, or the agent has neither): patterns may break them, the caller must not.
    let totalsOutside: (least: Int?, most: Int?)?
    /// Templates with a binding maximum kept in the state, and that maximum.
    private let limited: [(template: Int, most: Int)]
    /// Binding maxima the state does not keep: patterns may break them, the caller must not.
    let maximaOutside: [(template: Int, most: Int)]
    private let limitedSlot: [Int]
    private let slotStride: [Int]
    /// `forbidden[c][b]`: template b may not follow a template of succession class c + 1.
    private let forbidden: [[Bool]]
    private let successionClass: [Int]
    private let tracksLast: Bool
    /// Whether streak lengths are kept (streak rules or a weekend maximum need them).
    private let tracksRun: Bool
    private let isSaturday: [Bool], isSunday: [Bool]
    private let workRuns: Int, offRuns: Int
    private let runDim: Int, exemptDim: Int, weekendDim: Int, unitDim: Int, countDim: Int
    private let countRadix: [Int]
    /// Number of distinct states.
    let stateCount: Int
    /// The state before the first day.
    let start: Int

    /// Whether no rule is tracked (every state is `start`).
    let isTrivial: Bool
    /// Whether a transition depends on the template worked (successions, template maxima).
    var dependsOnTemplate: Bool { tracksLast || !limited.isEmpty }

    /// - Parameters:
    ///   - unitMinutes: minutes per unit of paid time (the gcd of the agent's shift lengths).
    ///   - availableDays: per template, the days on which the agent may work it (a maximum of at
    ///     least that many cannot bind).
    ///   - successions: `successions[a][b]`: template b may not follow template a the next day.
    ///   - cellBudget: most states × (days + 1) the template maxima may grow the state to.
    ///   - totalsMayGoOutside: whether totals whose units alone take the state past `cellBudget`
    ///     are left to the caller (``totalsOutside``) instead of kept.
    init(
        rules: HorizonRules, problem: RosterProblem, templateIndex: [String: Int], unitMinutes: Int,
        availableDays: [Int], successions: [[Bool]], cellBudget: Int, totalsMayGoOutside: Bool = false
    ) {
        let days = problem.horizon.days
        maxRun = rules.maxConsecutiveWorkingDays
        minRun = rules.minConsecutiveWorkingDays.flatMap { $0 > 1 ? $0 : nil }
        minOff = rules.minConsecutiveDaysOff.flatMap { $0 > 1 ? $0 : nil }
        maxWeekends = rules.maxWorkingWeekends.flatMap { $0 < problem.weekends.count ? $0 : nil }
        var most = rules.maxTotalMinutes.map { $0 / unitMinutes }
        var least = rules.minTotalMinutes.flatMap { $0 > 0 ? ($0 + unitMinutes - 1) / unitMinutes : nil }
        var classes: [[Bool]] = []
        successionClass = successions.map { row in
            guard row.contains(true) else { return 0 }
            if let index = classes.firstIndex(of: row) { return index + 1 }
            classes.append(row)
            return classes.count
        }
        forbidden = classes
        tracksLast = !classes.isEmpty
        tracksRun = maxRun != nil || minRun != nil || minOff != nil || maxWeekends != nil
        workRuns = tracksRun ? max(maxRun ?? 0, minRun ?? 0, 1) : 0
        offRuns = tracksRun ? max(minOff ?? 0, 1) : 0
        runDim = 1 + workRuns + offRuns
        // Whether a streak began on the first day matters only when streaks are kept.
        exemptDim = tracksRun ? 2 : 1
        weekendDim = (maxWeekends ?? 0) + 1
        let withoutUnits = (classes.count + 1) * runDim * exemptDim * weekendDim
        if totalsMayGoOutside, most != nil || least != nil, withoutUnits * ((most ?? least ?? 0) + 1) * (days + 1) > cellBudget {
            totalsOutside = (rules.minTotalMinutes.flatMap { $0 > 0 ? $0 : nil }, rules.maxTotalMinutes)
            most = nil
            least = nil
        } else {
            totalsOutside = nil
        }
        maxUnits = most
        minUnits = least
        unitDim = (most ?? least ?? 0) + 1
        // Maxima go into the state while it stays within the budget.
        var candidates: [(template: Int, most: Int)] = []
        for (name, most) in rules.maxShiftsPerTemplate.sorted(by: { $0.key < $1.key }) {
            if let template = templateIndex[name], most < availableDays[template] { candidates.append((template, most)) }
        }
        var cells = (classes.count + 1) * runDim * exemptDim * weekendDim * unitDim
        var inState: [(template: Int, most: Int)] = [], outside: [(template: Int, most: Int)] = []
        for entry in candidates.sorted(by: { ($0.most, $0.template) < ($1.most, $1.template) }) {
            if cells * (entry.most + 1) * (days + 1) <= cellBudget { cells *= entry.most + 1; inState.append(entry) } else { outside.append(entry) }
        }
        limited = inState.sorted { $0.template < $1.template }
        maximaOutside = outside.sorted { $0.template < $1.template }
        var slot = Array(repeating: -1, count: templateIndex.count)
        for (position, entry) in limited.enumerated() { slot[entry.template] = position }
        limitedSlot = slot
        let radix = limited.map { $0.most + 1 }
        countRadix = radix
        slotStride = radix.indices.map { radix[($0 + 1)...].reduce(1, *) }
        countDim = radix.reduce(1, *)
        let dates = problem.horizon.dates
        isSaturday = dates.map { $0.weekday == .saturday }
        isSunday = dates.map { $0.weekday == .sunday }
        stateCount = (classes.count + 1) * runDim * exemptDim * weekendDim * unitDim * countDim
        isTrivial = stateCount == 1
        start = 0
    }

    /// A decoded state.
    struct State {
        var last: Int, run: Int, exempt: Int, weekends: Int, units: Int, count: Int
    }

    func encode(_ s: State) -> Int {
        ((((s.last * runDim + s.run) * exemptDim + s.exempt) * weekendDim + s.weekends) * unitDim + s.units) * countDim + s.count
    }

    func decode(_ index: Int) -> State {
        var rest = index
        let count = rest % countDim; rest /= countDim
        let units = rest % unitDim; rest /= unitDim
        let weekends = rest % weekendDim; rest /= weekendDim
        let exempt = rest % exemptDim; rest /= exemptDim
        let run = rest % runDim; rest /= runDim
        return State(last: rest, run: run, exempt: exempt, weekends: weekends, units: units, count: count)
    }

    /// Whether a pattern may end in `state`: the total minimum holds (the last streak touches the
    /// end of the horizon, so no streak minimum is left to check).
    func isFinal(_ state: Int) -> Bool { minUnits.map { decode(state).units >= $0 } ?? true }

    /// The state after a day off, or nil when a day off would end a working streak too short.
    func afterDayOff(_ given: State) -> Int? {
        var state = given
        guard tracksRun else {
            state.last = 0
            return encode(state)
        }
        let working = state.run >= 1 && state.run <= workRuns
        if working && state.exempt == 0 && state.run < (minRun ?? 0) { return nil }
        var target = state
        target.last = 0
        if state.run > workRuns {
            target.run = workRuns + min(state.run - workRuns + 1, offRuns)
        } else {
            target.run = workRuns + 1
            target.exempt = state.run == 0 ? 1 : 0
        }
        return encode(target)
    }

    /// What working on `day` does to `state` before the shift's template and length are known
    /// (streaks, weekends), or nil when working that day breaks a rule.
    func beforeWork(_ state: State, day: Int) -> State? {
        guard tracksRun else { return state }
        let working = state.run >= 1 && state.run <= workRuns
        let resting = state.run > workRuns
        if resting && state.exempt == 0 && state.run - workRuns < (minOff ?? 0) { return nil }
        if working, let maxRun, state.run + 1 > maxRun { return nil }
        var target = state
        if let maxWeekends, isSaturday[day] || (isSunday[day] && !(day > 0 && isSaturday[day - 1] && working)) {
            target.weekends += 1
            if target.weekends > maxWeekends { return nil }
        }
        target.run = working ? min(state.run + 1, workRuns) : 1
        target.exempt = working ? state.exempt : (state.run == 0 ? 1 : 0)
        return target
    }

    /// The state after working a shift of `template` and `units` paid units, given
    /// ``beforeWork(_:day:)``'s result; nil when it breaks a succession, the total maximum or a
    /// template maximum.
    func afterWork(_ partial: State, template: Int, units: Int) -> Int? {
        // `last` is 0 after a day off and before the first day.
        if tracksLast && partial.last > 0 && forbidden[partial.last - 1][template] { return nil }
        var target = partial
        target.units += units
        if let maxUnits { if target.units > maxUnits { return nil } } else { target.units = min(target.units, unitDim - 1) }
        let slot = limitedSlot[template]
        if slot >= 0 {
            if (target.count / slotStride[slot]) % countRadix[slot] + 1 > limited[slot].most { return nil }
            target.count += slotStride[slot]
        }
        target.last = successionClass[template]
        return encode(target)
    }
}

extension RosterProblem {
    /// Template index of each template name (the first of a repeated name).
    var templateIndex: [String: Int] {
        Dictionary(templates.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The template index (``templateIndex``) of every shift, in shift order. O(shifts).
    var templateOfShifts: [Int] {
        let templates = templateIndex
        return shifts.map { templates[$0.templateName] ?? 0 }
    }

    /// `matrix[a][b]`: template b may not follow template a on the next day.
    func successionMatrix(_ templates: [String: Int]) -> [[Bool]] {
        var matrix = Array(repeating: Array(repeating: false, count: templates.count), count: templates.count)
        for rule in dayLevel.successions {
            if let first = templates[rule.first], let next = templates[rule.next] { matrix[first][next] = true }
        }
        return matrix
    }
}
