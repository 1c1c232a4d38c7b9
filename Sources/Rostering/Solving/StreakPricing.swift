/// One agent's cheapest pattern over the whole horizon under the horizon rules, by dynamic
/// programming over days: the state after a day is the template worked that day (when a
/// succession rule needs it), the length of the current streak of working days or days off,
/// whether that streak began on the first day (exempt from the minimum lengths), the weekends
/// worked, the paid minutes so far and the shifts of each template with a binding maximum.
///
/// Every rule of ``HorizonRules``, the forbidden successions and one shift a day hold exactly in
/// every pattern it returns; the caller prices each group of shifts (one template and length on
/// one day) and gets back the pattern whose prices sum least.
struct StreakPricing {
    /// Shifts of one template and length on one day: interchangeable for every rule.
    struct Group {
        let template: Int
        let units: Int
        /// Shift indices (into ``RosterProblem/shifts``).
        let shifts: [Int]
    }

    let days: Int
    /// Per day: the groups the agent may work.
    let groups: [[Group]]
    private let maxRun: Int?, minRun: Int?, minOff: Int?, maxWeekends: Int?
    private let maxUnits: Int?, minUnits: Int?
    /// Templates with a binding maximum kept in the state, and that maximum.
    private let limited: [(template: Int, most: Int)]
    /// Binding maxima the state does not keep: patterns may break them, the caller must not.
    let maximaOutside: [(template: Int, most: Int)]
    /// Most cells of the dense tables (states per day × days).
    static let cellBudget = 12_000_000
    private let limitedSlot: [Int]
    /// `forbidden[c][b]`: template b may not follow a template of succession class c + 1 on the
    /// next day. Templates with the same followers share a class; those with none are class 0
    /// (nothing to remember).
    private let forbidden: [[Bool]]
    private let successionClass: [Int]
    private let tracksLast: Bool
    private let isSaturday: [Bool], isSunday: [Bool]
    // State layout.
    private let workRuns: Int, offRuns: Int
    private let lastDim: Int, runDim: Int, weekendDim: Int, unitDim: Int, countDim: Int
    private let countRadix: [Int]
    let stateCount: Int

    /// Whether dense tables over the state space stay small enough (cells per day × days).
    var isTractable: Bool { stateCount * (days + 1) <= 4 * Self.cellBudget }

    init(problem: RosterProblem, agent agentIndex: Int, templateIndex: [String: Int], successions: [[Bool]]) {
        let agent = problem.agents[agentIndex]
        let rules = agent.rules
        days = problem.horizon.days
        var perDay = Array(repeating: [Group](), count: days)
        var lengths = Set<Int>()
        var byKey: [Int: [String: [Int]]] = [:]
        for shift in problem.shifts where problem.isEligible(agent, for: shift) {
            byKey[shift.day, default: [:]]["\(templateIndex[shift.templateName]!)|\(shift.paidMinutes)", default: []].append(shift.index)
            lengths.insert(shift.paidMinutes)
        }
        let unit = lengths.reduce(0) { Self.gcd($0, $1) }
        let unitMinutes = max(unit, 1)
        for (day, keyed) in byKey {
            perDay[day] = keyed.sorted { $0.key < $1.key }.map { key, shifts in
                let parts = key.split(separator: "|")
                return Group(template: Int(parts[0])!, units: Int(parts[1])! / unitMinutes, shifts: shifts.sorted())
            }
        }
        groups = perDay
        maxRun = rules.maxConsecutiveWorkingDays
        minRun = rules.minConsecutiveWorkingDays.flatMap { $0 > 1 ? $0 : nil }
        minOff = rules.minConsecutiveDaysOff.flatMap { $0 > 1 ? $0 : nil }
        let weekendsInHorizon = problem.weekends.count
        maxWeekends = rules.maxWorkingWeekends.flatMap { $0 < weekendsInHorizon ? $0 : nil }
        maxUnits = rules.maxTotalMinutes.map { $0 / unitMinutes }
        minUnits = rules.minTotalMinutes.flatMap { $0 > 0 ? ($0 + unitMinutes - 1) / unitMinutes : nil }
        // A maximum binds when the agent could work that template on more days than it allows.
        var availableDays = Array(repeating: 0, count: templateIndex.count)
        for dayGroups in perDay { for template in Set(dayGroups.map(\.template)) { availableDays[template] += 1 } }
        var limitedTemplates: [(template: Int, most: Int)] = []
        for (name, most) in rules.maxShiftsPerTemplate.sorted(by: { $0.key < $1.key }) {
            if let template = templateIndex[name], most < availableDays[template] { limitedTemplates.append((template, most)) }
        }
        // Maxima go into the state while it stays small; the rest are left to the caller (as
        // rows of its master: exact for whole patterns, since each agent works one).
        let baseCells = (Set(successions.filter { $0.contains(true) }).count + 1)
            * (1 + max(maxRun ?? 0, minRun ?? 0, 1) + max(minOff ?? 0, 1)) * 2 * ((maxWeekends ?? 0) + 1)
            * ((maxUnits ?? minUnits ?? 0) + 1)
        var inState: [(template: Int, most: Int)] = []
        var outside: [(template: Int, most: Int)] = []
        var cells = baseCells
        for entry in limitedTemplates.sorted(by: { ($0.most, $0.template) < ($1.most, $1.template) }) {
            if cells * (entry.most + 1) * (days + 1) <= Self.cellBudget { cells *= entry.most + 1; inState.append(entry) } else { outside.append(entry) }
        }
        limited = inState.sorted { $0.template < $1.template }
        maximaOutside = outside.sorted { $0.template < $1.template }
        var slot = Array(repeating: -1, count: templateIndex.count)
        for (position, entry) in limited.enumerated() { slot[entry.template] = position }
        limitedSlot = slot
        var classes: [[Bool]] = []
        successionClass = successions.map { row in
            guard row.contains(true) else { return 0 }
            if let index = classes.firstIndex(of: row) { return index + 1 }
            classes.append(row)
            return classes.count
        }
        forbidden = classes
        tracksLast = !classes.isEmpty
        let dates = problem.horizon.dates
        isSaturday = dates.map { $0.weekday == .saturday }
        isSunday = dates.map { $0.weekday == .sunday }

        workRuns = max(maxRun ?? 0, minRun ?? 0, 1)
        offRuns = max(minOff ?? 0, 1)
        lastDim = classes.count + 1
        runDim = 1 + workRuns + offRuns
        weekendDim = (maxWeekends ?? 0) + 1
        unitDim = (maxUnits ?? minUnits ?? 0) + 1
        countRadix = limited.map { $0.most + 1 }
        countDim = countRadix.reduce(1, *)
        stateCount = lastDim * runDim * 2 * weekendDim * unitDim * countDim
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    private struct State {
        var last: Int, run: Int, exempt: Int, weekends: Int, units: Int, count: Int
    }

    private func encode(_ s: State) -> Int {
        ((((s.last * runDim + s.run) * 2 + s.exempt) * weekendDim + s.weekends) * unitDim + s.units) * countDim + s.count
    }

    private func decode(_ index: Int) -> State {
        var rest = index
        let count = rest % countDim; rest /= countDim
        let units = rest % unitDim; rest /= unitDim
        let weekends = rest % weekendDim; rest /= weekendDim
        let exempt = rest % 2; rest /= 2
        let run = rest % runDim; rest /= runDim
        return State(last: rest, run: run, exempt: exempt, weekends: weekends, units: units, count: count)
    }

    /// Digit of limited template `slot` in a count index.
    private func digit(_ count: Int, slot: Int) -> Int {
        var value = count
        for position in Swift.stride(from: countRadix.count - 1, to: slot, by: -1) { value /= countRadix[position] }
        return value % countRadix[slot]
    }

    private func radixStride(of slot: Int) -> Int {
        countRadix[(slot + 1)...].reduce(1, *)
    }

    /// Working buffers reused across calls (one pricing at a time per instance).
    final class Tables {
        var cost: [Double] = []
        var predecessor: [Int32] = []
        var choice: [Int16] = []
        var reached: [[Int]] = []
        /// Labels extended so far (a state reached on a day, times the choices it is offered:
        /// a day off or each group): the pricing's deterministic measure of work.
        var labels = 0
    }

    /// The pattern (a shift index per day, −1 for a day off) whose group prices sum least, with
    /// that sum; `price(day, group)` is +∞ for a group that may not be used. Nil when no pattern
    /// keeps every rule.
    func cheapest(tables: Tables, price: (Int, Int) -> (cost: Double, shift: Int)) -> (pattern: [Int], cost: Double)? {
        cheapest(tables: tables, count: 1, price: price).first
    }

    /// Days on which a day off is allowed (all by default).
    typealias OffAllowed = (Int) -> Bool

    /// Up to `count` patterns, cheapest first, each the cheapest of its own final state (so no
    /// two are the same).
    func cheapest(
        tables: Tables, count wanted: Int, offAllowed: OffAllowed = { _ in true }, price: (Int, Int) -> (cost: Double, shift: Int)
    ) -> [(pattern: [Int], cost: Double)] {
        let cells = stateCount
        defer {
            for (layer, list) in tables.reached.enumerated() { for state in list { tables.cost[layer * cells + state] = .infinity } }
        }
        prepare(tables)
        let strides = limited.indices.map { radixStride(of: $0) }
        let mostUnitsFrom = mostUnitsFromEachDay()
        var prices: [(cost: Double, shift: Int)] = []
        for day in 0..<days {
            let base = day * cells, next = (day + 1) * cells
            prices = groups[day].indices.map { price(day, $0) }
            let mayRest = offAllowed(day)
            tables.labels += tables.reached[day].count * (groups[day].count + 1)
            for stateIndex in tables.reached[day] {
                let cost = tables.cost[base + stateIndex]
                let state = decode(stateIndex)
                // Too few minutes for the minimum even working every day left.
                if let minUnits, state.units + mostUnitsFrom[day] < minUnits { continue }
                let working = state.run >= 1 && state.run <= workRuns
                let resting = state.run > workRuns
                let workLength = working ? state.run : 0
                let offLength = resting ? state.run - workRuns : 0
                func relax(_ target: State, _ added: Double, _ chosen: Int) {
                    let index = encode(target)
                    let value = cost + added
                    if value < tables.cost[next + index] {
                        if tables.cost[next + index] == .infinity { tables.reached[day + 1].append(index) }
                        tables.cost[next + index] = value
                        tables.predecessor[next + index] = Int32(stateIndex)
                        tables.choice[next + index] = Int16(chosen)
                    }
                }
                // A day off: ends a working streak, which must be long enough unless exempt.
                if mayRest && !(working && state.exempt == 0 && workLength < (minRun ?? 0)) {
                    var target = state
                    target.last = 0
                    if resting {
                        target.run = workRuns + min(offLength + 1, offRuns)
                    } else {
                        target.run = workRuns + 1
                        target.exempt = state.run == 0 ? 1 : 0
                    }
                    relax(target, 0, -1)
                }
                // A shift: ends a streak of days off, which must be long enough unless exempt.
                if resting && state.exempt == 0 && offLength < (minOff ?? 0) { continue }
                if working, let maxRun, workLength + 1 > maxRun { continue }
                var weekends = state.weekends
                if let maxWeekends, isSaturday[day] || (isSunday[day] && !(day > 0 && isSaturday[day - 1] && working)) {
                    weekends += 1
                    if weekends > maxWeekends { continue }
                }
                for (groupIndex, group) in groups[day].enumerated() {
                    let offer = prices[groupIndex]
                    if offer.cost == .infinity { continue }
                    if working && tracksLast && state.last > 0 && forbidden[state.last - 1][group.template] { continue }
                    var units = state.units + group.units
                    if let maxUnits { if units > maxUnits { continue } } else { units = min(units, unitDim - 1) }
                    var count = state.count
                    let slot = limitedSlot[group.template]
                    if slot >= 0 {
                        if digit(count, slot: slot) + 1 > limited[slot].most { continue }
                        count += strides[slot]
                    }
                    var target = State(
                        last: successionClass[group.template], run: working ? min(workLength + 1, workRuns) : 1,
                        exempt: working ? state.exempt : (state.run == 0 ? 1 : 0), weekends: weekends, units: units, count: count)
                    if !working && state.run != 0 { target.exempt = 0 }
                    relax(target, offer.cost, groupIndex)
                }
            }
            if tables.reached[day + 1].isEmpty { return [] }
        }
        return cheapestFinals(tables: tables, count: wanted, price: price)
    }

    /// Per day: the most units the agent can still work from that day to the end of the horizon.
    private func mostUnitsFromEachDay() -> [Int] {
        var most = Array(repeating: 0, count: days + 1)
        for day in Swift.stride(from: days - 1, through: 0, by: -1) { most[day] = most[day + 1] + (groups[day].map(\.units).max() ?? 0) }
        return most
    }

    /// Sizes the tables for this agent's state space (every cost +∞, as `cheapest` leaves them)
    /// and starts from the empty state before the first day.
    private func prepare(_ tables: Tables) {
        let cells = stateCount * (days + 1)
        if tables.cost.count < cells {
            tables.cost = Array(repeating: .infinity, count: cells)
            tables.predecessor = Array(repeating: -1, count: cells)
            tables.choice = Array(repeating: -1, count: cells)
        }
        tables.reached = Array(repeating: [], count: days + 1)
        let startState = encode(State(last: 0, run: 0, exempt: 0, weekends: 0, units: 0, count: 0))
        tables.cost[startState] = 0
        tables.reached[0] = [startState]
    }

    /// The `wanted` cheapest final states that keep the total minimum (the last streak touches
    /// the end of the horizon, so only that is left to check), traced back to their patterns.
    private func cheapestFinals(
        tables: Tables, count wanted: Int, price: (Int, Int) -> (cost: Double, shift: Int)
    ) -> [(pattern: [Int], cost: Double)] {
        let cells = stateCount
        let last = days * cells
        var finals = tables.reached[days].filter { minUnits == nil || decode($0).units >= minUnits! }
        finals.sort { (tables.cost[last + $0], $0) < (tables.cost[last + $1], $1) }
        return finals.prefix(wanted).map { final in
            var pattern = Array(repeating: -1, count: days)
            var state = final
            for day in Swift.stride(from: days, to: 0, by: -1) {
                let chosen = Int(tables.choice[day * cells + state])
                if chosen >= 0 { pattern[day - 1] = price(day - 1, chosen).shift }
                state = Int(tables.predecessor[day * cells + state])
            }
            return (pattern, tables.cost[last + final])
        }
    }
}
