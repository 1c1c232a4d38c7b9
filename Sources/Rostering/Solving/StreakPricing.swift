/// One agent's cheapest pattern over the whole horizon under the horizon rules, by dynamic
/// programming over days on dense tables: the state after a day is a ``HorizonResources`` state
/// (streak, weekends, total, template counts, the class of the last template).
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
    /// The agent's horizon rules as the state of the programme.
    let resources: HorizonResources
    /// Binding maxima the state does not keep: patterns may break them, the caller must not.
    var maximaOutside: [(template: Int, most: Int)] { resources.maximaOutside }
    /// Most cells of the dense tables (states per day × days).
    static let cellBudget = 12_000_000
    var stateCount: Int { resources.stateCount }

    /// Whether dense tables over the state space stay small enough (cells per day × days).
    var isTractable: Bool { stateCount * (days + 1) <= 4 * Self.cellBudget }

    init(problem: RosterProblem, agent agentIndex: Int, templateIndex: [String: Int], successions: [[Bool]]) {
        let agent = problem.agents[agentIndex]
        days = problem.horizon.days
        var perDay = Array(repeating: [Group](), count: days)
        var lengths = Set<Int>()
        var byKey: [Int: [String: [Int]]] = [:]
        for shift in problem.shifts where problem.isEligible(agent, for: shift) {
            byKey[shift.day, default: [:]]["\(templateIndex[shift.templateName]!)|\(shift.paidMinutes)", default: []].append(shift.index)
            lengths.insert(shift.paidMinutes)
        }
        let unitMinutes = max(lengths.reduce(0) { Self.gcd($0, $1) }, 1)
        for (day, keyed) in byKey {
            perDay[day] = keyed.sorted { $0.key < $1.key }.map { key, shifts in
                let parts = key.split(separator: "|")
                return Group(template: Int(parts[0])!, units: Int(parts[1])! / unitMinutes, shifts: shifts.sorted())
            }
        }
        groups = perDay
        var availableDays = Array(repeating: 0, count: templateIndex.count)
        for dayGroups in perDay { for template in Set(dayGroups.map(\.template)) { availableDays[template] += 1 } }
        resources = HorizonResources(
            rules: agent.rules, problem: problem, templateIndex: templateIndex, unitMinutes: unitMinutes,
            availableDays: availableDays, successions: successions, cellBudget: Self.cellBudget)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Working buffers reused across calls (one pricing at a time per instance).
    final class Tables {
        var buffers = Buffers()
        /// Labels extended so far (a state reached on a day, times the choices it is offered:
        /// a day off or each group): the pricing's deterministic measure of work.
        var labels = 0
    }

    /// The dense tables themselves. A pricing moves them out of ``Tables`` into a local value
    /// while it runs: Swift checks exclusive access to a class's arrays at run time on every
    /// access, which took about 40 % of a 100-agent instance's run (perf), and none on a local.
    struct Buffers {
        var cost: [Double] = []
        var predecessor: [Int32] = []
        var choice: [Int16] = []
        var reached: [[Int]] = []
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
        var buffers = tables.buffers
        tables.buffers = Buffers()
        var labels = 0
        defer {
            for (layer, list) in buffers.reached.enumerated() { for state in list { buffers.cost[layer * cells + state] = .infinity } }
            tables.buffers = buffers
            tables.labels += labels
        }
        prepare(&buffers)
        let mostUnitsFrom = mostUnitsFromEachDay()
        var prices: [(cost: Double, shift: Int)] = []
        for day in 0..<days {
            let base = day * cells, next = (day + 1) * cells
            prices = groups[day].indices.map { price(day, $0) }
            let mayRest = offAllowed(day)
            labels += buffers.reached[day].count * (groups[day].count + 1)
            for stateIndex in buffers.reached[day] {
                let cost = buffers.cost[base + stateIndex]
                let state = resources.decode(stateIndex)
                // Too few minutes for the minimum even working every day left.
                if let minUnits = resources.minUnits, state.units + mostUnitsFrom[day] < minUnits { continue }
                func relax(_ index: Int, _ added: Double, _ chosen: Int) {
                    let value = cost + added
                    if value < buffers.cost[next + index] {
                        if buffers.cost[next + index] == .infinity { buffers.reached[day + 1].append(index) }
                        buffers.cost[next + index] = value
                        buffers.predecessor[next + index] = Int32(stateIndex)
                        buffers.choice[next + index] = Int16(chosen)
                    }
                }
                if mayRest, let target = resources.afterDayOff(state) { relax(target, 0, -1) }
                guard let partial = resources.beforeWork(state, day: day) else { continue }
                for (groupIndex, group) in groups[day].enumerated() {
                    let offer = prices[groupIndex]
                    if offer.cost == .infinity { continue }
                    if let target = resources.afterWork(partial, template: group.template, units: group.units) { relax(target, offer.cost, groupIndex) }
                }
            }
            if buffers.reached[day + 1].isEmpty { return [] }
        }
        return cheapestFinals(buffers, count: wanted, price: price)
    }

    /// Per day: the most units the agent can still work from that day to the end of the horizon.
    private func mostUnitsFromEachDay() -> [Int] {
        var most = Array(repeating: 0, count: days + 1)
        for day in Swift.stride(from: days - 1, through: 0, by: -1) { most[day] = most[day + 1] + (groups[day].map(\.units).max() ?? 0) }
        return most
    }

    /// Sizes the tables for this agent's state space (every cost +∞, as `cheapest` leaves them)
    /// and starts from the empty state before the first day.
    private func prepare(_ tables: inout Buffers) {
        let cells = stateCount * (days + 1)
        if tables.cost.count < cells {
            tables.cost = Array(repeating: .infinity, count: cells)
            tables.predecessor = Array(repeating: -1, count: cells)
            tables.choice = Array(repeating: -1, count: cells)
        }
        tables.reached = Array(repeating: [], count: days + 1)
        let startState = resources.start
        tables.cost[startState] = 0
        tables.reached[0] = [startState]
    }

    /// The `wanted` cheapest final states that keep the total minimum (the last streak touches
    /// the end of the horizon, so only that is left to check), traced back to their patterns.
    private func cheapestFinals(
        _ tables: Buffers, count wanted: Int, price: (Int, Int) -> (cost: Double, shift: Int)
    ) -> [(pattern: [Int], cost: Double)] {
        let cells = stateCount
        let last = days * cells
        var finals = tables.reached[days].filter { resources.isFinal($0) }
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
