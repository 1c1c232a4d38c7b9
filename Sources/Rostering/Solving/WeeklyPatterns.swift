import Foundation

/// One agent's shifts for the whole horizon, at most one a day, keeping every rule of the
/// agent's contract, with the activity sessions they attend in them.
struct WeeklyPattern: Sendable, Hashable {
    /// Shift indices, in day order.
    let shifts: [Int]
    /// The placement of each shift's breaks (an index into ``RosterProblem/breakPlans(of:)``),
    /// by position in `shifts`; empty when every shift takes its first placement.
    let plans: [Int]
    /// The activity session each shift holds (a ``SessionCatalog/code(activity:start:)``, −1 for
    /// none), by position; empty when none holds one. A shift with a session takes the placement
    /// of its breaks in `plans` as its own (clear of the session), not from its shift's counts.
    let sessions: [Int]

    init(shifts: [Int], plans: [Int] = [], sessions: [Int] = []) {
        self.shifts = shifts
        self.plans = plans.allSatisfy { $0 == 0 } ? [] : plans
        self.sessions = sessions.allSatisfy { $0 < 0 } ? [] : sessions
    }

    /// The placement of the breaks of the shift at `position`.
    func plan(at position: Int) -> Int { plans.isEmpty ? 0 : plans[position] }

    /// The session code of the shift at `position` (−1: none).
    func session(at position: Int) -> Int { sessions.isEmpty ? -1 : sessions[position] }

    /// Each shift with the placement of its breaks.
    var placed: [(shift: Int, plan: Int)] { shifts.indices.map { (shifts[$0], plan(at: $0)) } }

    /// The same shifts and sessions with other placements (`plans` by position); a shift with a
    /// session keeps its own.
    func with(plans newPlans: [Int]) -> WeeklyPattern {
        WeeklyPattern(shifts: shifts, plans: shifts.indices.map { session(at: $0) >= 0 ? plan(at: $0) : newPlans[$0] }, sessions: sessions)
    }

    /// The pattern as the master and the pool's costs know it: its shifts, and its sessions with
    /// their own placements (the other placements come from the shifts' counts).
    var masterKey: WeeklyPattern {
        guard !sessions.isEmpty else { return plans.isEmpty ? self : WeeklyPattern(shifts: shifts) }
        return WeeklyPattern(shifts: shifts, plans: shifts.indices.map { session(at: $0) >= 0 ? plan(at: $0) : 0 }, sessions: sessions)
    }
}

/// Finds an agent type's cheapest patterns for given interval prices by dynamic programming over
/// the days: the state is (minutes worked this week, days worked this week, earliest start the
/// rest rule allows, the ``HorizonResources`` state of the type's horizon rules, the sessions
/// attended so far of each of the type's activities), so every pattern it returns keeps the
/// weekly cap and minimum, the working days, one shift a day, the rest between shifts, every
/// horizon rule (streaks, weekends, forbidden successions; totals and template maxima while
/// their counts fit ``PatternPricing/cellBudget(types:)``: the others are rows of the master,
/// ``PatternTotals.swift`` and ``PatternMaxima.swift``) and the attendance of its hard
/// activities (a soft one's missed sessions cost their penalty at the end), and it never misses
/// a cheaper pattern.
struct PatternPricing {
    let problem: RosterProblem
    let type: AgentType
    /// Minutes per unit of the week's worked time (gcd of the type's shift lengths).
    private let unit: Int
    /// Distinct start instants of the type's shifts, sorted: thresholds are kept as positions here.
    private let starts: [Int]
    /// Per day: the position in `starts` of the day's earliest shift.
    private let firstStartOfDay: [Int]
    /// ``groups(ofDay:)`` for every day.
    private var dayGroupsCache: [[ShiftGroup]]
    /// The type's horizon rules as resources of the programme (a single state without any).
    let resources: HorizonResources
    /// Template index of every shift of the problem.
    private let templateOfShift: [Int]
    /// Per day: the most units the type can still work from that day to the end.
    private let mostUnitsFrom: [Int]
    /// Sessions attended so far, one digit per ``AgentType/sessionSlots`` entry (digit j counts
    /// 0…n_j): a label's `rule` is `horizon state × radix + attended`. 1 without activities.
    private let radix: Int
    /// Place value of each slot's digit.
    private let strides: [Int]
    /// Most states of ``resources`` a label can carry (its key packs the state above the weekly one).
    static let largestRuleState = 1 << 22
    /// Whether labels keep the week's minutes and days worked: only when the weekly cap or the
    /// working days can bind (a cap below seven of the type's longest shifts, fewer than seven
    /// days), or a weekly minimum or a wish's weekly maximum needs the minutes. Otherwise every
    /// label counts 0 for both, so labels that differ only there merge (the cheapest kept): on
    /// Curtois & Qu's instance 10 (no weekly limits) the week's minutes and days multiplied the
    /// labels of every day, and pricing its 40 agents once took 34 s.
    let tracksWeek: Bool

    /// Whether the rules' and sessions' states fit in a label (at most ``largestRuleState``);
    /// template maxima that do not fit are left to the master's rows (``PatternMaxima.swift``).
    var isTractable: Bool { resources.stateCount <= Self.largestRuleState / radix }

    /// A shift holding a session: its cost in the pattern, the session's code and the placement
    /// of the shift's breaks that its agent takes.
    typealias SessionOption = (cost: Double, code: Int, plan: Int)

    /// Most cells (states × (days + 1)) a type's rule state may take in this pricing when
    /// `types` types are priced each round: template maxima and totals past it are rows of the
    /// master. 200 million cells over the types, between 1 million and
    /// ``StreakPricing/cellBudget`` a type. A label costs about 250 ns here and about a fifth of
    /// the cells are reached: generated instance 104's 200 types with their template maxima kept
    /// (3.3 million cells each) took 0.1–0.2 s a pricing, 15 s a round; Curtois & Qu's instance
    /// 8 (30 types) through the weekly search ended its minute at 1,309 with 12 million cells a
    /// type, 1,313 with 4 million and 1,441 with 1 million (more maxima in the master).
    static func cellBudget(types: Int) -> Int { max(1_000_000, min(StreakPricing.cellBudget, 200_000_000 / max(1, types))) }

    /// ``cellBudget(types:)`` of a single type.
    static let cellBudget = cellBudget(types: 1)

    /// - Parameters:
    ///   - cellBudget: most cells the rule state may take (``HorizonResources``): template maxima
    ///     and totals past it are left to the master.
    ///   - keepingTotals: whether totals stay in the state whatever its size (a last resort for a
    ///     pattern within them, ``PatternSearch/withinTotals(_:cost:)``).
    init(problem: RosterProblem, type: AgentType, cellBudget: Int = PatternPricing.cellBudget, keepingTotals: Bool = false) {
        self.problem = problem
        self.type = type
        let lengths = type.shiftsByDay.flatMap { $0 }.map { problem.shifts[$0].paidMinutes }
        unit = lengths.reduce(0) { gcd($0, $1) }
        let distinctStarts = Set(type.shiftsByDay.flatMap { $0 }.map { problem.shifts[$0].start })
        starts = distinctStarts.sorted()
        var first = Array(repeating: distinctStarts.count, count: problem.horizon.days)
        for day in (0..<problem.horizon.days).reversed() {
            let dayStarts = type.shiftsByDay[day].map { problem.shifts[$0].start }
            if let earliest = dayStarts.min() {
                first[day] = Self.position(of: earliest, in: starts)
            } else if day + 1 < problem.horizon.days {
                first[day] = first[day + 1]
            }
        }
        firstStartOfDay = first
        let templates = problem.templateIndex
        let templateOf = problem.templateOfShifts
        templateOfShift = templateOf
        var availableDays = Array(repeating: 0, count: templates.count)
        var most = Array(repeating: 0, count: problem.horizon.days + 1)
        let unitMinutes = max(unit, 1)
        let shifts = problem.shifts
        for day in (0..<problem.horizon.days).reversed() {
            for template in Set(type.shiftsByDay[day].map { templateOf[$0] }) { availableDays[template] += 1 }
            most[day] = most[day + 1] + (type.shiftsByDay[day].map { shifts[$0].paidMinutes / unitMinutes }.max() ?? 0)
        }
        mostUnitsFrom = most
        var place = 1
        var strides: [Int] = []
        for slot in type.sessionSlots {
            strides.append(place)
            place = min(Self.largestRuleState + 1, place * (slot.sessions + 1))
        }
        radix = place
        self.strides = strides
        let longest = lengths.max() ?? 0
        tracksWeek = type.agent.maxWeeklyMinutes < 7 * longest || type.agent.maxDaysPerWeek < 7 || type.agent.minWeeklyMinutes > 0
            || !(type.wishes?.weeklyMaximums.isEmpty ?? true)
        resources = HorizonResources(
            rules: type.agent.rules, problem: problem, templateIndex: templates, unitMinutes: unitMinutes,
            availableDays: availableDays, successions: problem.successionMatrix(templates),
            cellBudget: cellBudget, totalsMayGoOutside: !keepingTotals)
        dayGroupsCache = []
        dayGroupsCache = (0..<problem.horizon.days).map { groups(ofDay: $0) }
    }

    /// Per day: the day's shifts grouped by (length in units, rest threshold after them, and the
    /// template when the horizon rules depend on it), each group sorted by start position. A
    /// state's threshold only decides which suffix of a group it may use, so the cheapest shift of
    /// a group for a state is a suffix minimum.
    private struct ShiftGroup {
        let units: Int
        /// The template of its shifts (any of them when the rules do not depend on it).
        let template: Int
        /// Threshold (position in `starts`) after working a shift of the group, normalized to the next day.
        let threshold: Int
        /// Start positions, ascending, and the shifts in that order.
        var startPositions: [Int]
        var shifts: [Int]
    }

    private func groups(ofDay day: Int) -> [ShiftGroup] {
        let horizon = problem.horizon
        let rest = type.agent.minRestMinutes
        let nextFirst = day + 1 < horizon.days ? firstStartOfDay[day + 1] : starts.count
        var byKey: [Int: Int] = [:]
        var result: [ShiftGroup] = []
        let ordered = type.shiftsByDay[day].sorted { problem.shifts[$0].start != problem.shifts[$1].start ? problem.shifts[$0].start < problem.shifts[$1].start : $0 < $1 }
        for shift in ordered {
            let definition = problem.shifts[shift]
            let units = definition.paidMinutes / unit
            let threshold = max(Self.position(of: definition.end + rest, in: starts), nextFirst)
            let template = resources.dependsOnTemplate ? templateOfShift[shift] : 0
            let key = (template << 40) | (units << 20) | threshold
            if byKey[key] == nil {
                byKey[key] = result.count
                result.append(ShiftGroup(units: units, template: templateOfShift[shift], threshold: threshold, startPositions: [], shifts: []))
            }
            result[byKey[key]!].startPositions.append(Self.position(of: definition.start, in: starts))
            result[byKey[key]!].shifts.append(shift)
        }
        return result
    }

    /// The cheapest pattern and its cost under `shiftCost` (which must include the wishes'
    /// per-shift costs), plus the weekly-maximum and constant wish costs. Nil when no pattern keeps
    /// the contract (the type's rules contradict each other).
    /// `pointsPrice` prices each refused wish point on top (the weekly maximums' and day-on
    /// wishes' points here; the caller adds the per-shift points to `shiftCost`).
    /// `sessionCost(shift, slot)` is a shift's cost holding a session of the type's slot-th
    /// activity (nil: none fits); a type with activities needs it (without it no session is
    /// held, so a hard activity leaves no pattern).
    /// `labels`, when given, is charged with the labels the programme created (its work).
    /// `stop` is asked before each day: when it says so the programme ends without a pattern
    /// (over half a year one pricing can take seconds; callers tell a stop from no pattern by
    /// asking it again).
    func cheapest(
        pointsPrice: Double = 0, shiftCost: (Int) -> Double, sessionCost: ((Int, Int) -> SessionOption?)? = nil, labels: LabelCount? = nil,
        stop: (() -> Bool)? = nil
    ) -> (pattern: WeeklyPattern, cost: Double)? {
        let horizon = problem.horizon
        let agent = type.agent
        let capUnits = unit > 0 ? agent.maxWeeklyMinutes / unit : 0
        typealias Node = Label
        var nodes: [Node] = [Node(cost: 0, parent: -1, shift: -1, units: 0, days: 0, threshold: 0, rule: resources.start * radix)]
        defer { labels?.add(nodes.count) }
        nodes.reserveCapacity(1024)
        var layer: [Int] = [0]
        var next = IntMap(capacity: 1024)
        /// Keeps `node` unless the next layer has a cheaper node in the same state.
        func offer(_ node: Node, into order: inout [Int]) {
            let packed = (node.rule << 40) | (node.units << 24) | (node.days << 18) | node.threshold
            if let existing = next[packed] {
                if node.cost < nodes[existing].cost - 1e-12 { nodes[existing] = node }
            } else {
                nodes.append(node)
                next.set(packed, nodes.count - 1)
                order.append(nodes.count - 1)
            }
        }
        for day in 0..<horizon.days {
            if let stop, stop() { return nil }
            let week = horizon.weekIndex(ofDay: day)
            next.removeAll()
            var nextOrder: [Int] = []
            let nextFirst = day + 1 < horizon.days ? firstStartOfDay[day + 1] : starts.count
            // Too few minutes left for the horizon's minimum even working every day.
            if let least = resources.minUnits { layer.removeAll { resources.decode(horizonState(nodes[$0].rule)).units + mostUnitsFrom[day] < least } }
            // A day off (not on a locked day).
            if !type.lockedDays.contains(day) {
                for index in layer {
                    let state = nodes[index]
                    guard let rule = resources.isTrivial ? state.rule : resources.afterDayOff(resources.decode(horizonState(state.rule))).map({ $0 * radix + attended(state.rule) }) else { continue }
                    offer(
                        Node(cost: state.cost, parent: index, shift: -1, units: state.units, days: state.days, threshold: max(state.threshold, nextFirst), rule: rule),
                        into: &nextOrder)
                }
            }
            for move in shiftMoves(day: day, layer: layer, nodes: nodes, capUnits: capUnits, shiftCost: shiftCost, sessionCost: sessionCost) { offer(move, into: &nextOrder) }
            layer = nextOrder
            // The week ends: check its minimum, charge its weekly maximums, start the next one.
            if day + 1 == horizon.days || horizon.weekIndex(ofDay: day + 1) != week {
                let minimumMinutes = horizon.isFullWeek(week) ? agent.minWeeklyMinutes : 0
                next.removeAll()
                var closedOrder: [Int] = []
                for index in layer where nodes[index].units * unit >= minimumMinutes {
                    var node = nodes[index]
                    if let wishes = type.wishes {
                        node.cost += wishes.weeklyMaximumCost(minutes: node.units * unit) + pointsPrice * wishes.weeklyMaximumPoints(minutes: node.units * unit)
                    }
                    node.parent = index
                    node.shift = -2  // a week boundary, not a day
                    node.units = 0
                    node.days = 0
                    offer(node, into: &closedOrder)
                }
                layer = closedOrder
            }
        }
        guard let (pattern, cost) = bestEnd(of: layer, nodes: nodes) else { return nil }
        let constant = (type.wishes.map { $0.constant + pointsPrice * $0.constantPoints } ?? 0) + type.dayConstant
        return (pattern, cost + constant)
    }

    /// The cheapest label of the last layer in a final state of the horizon rules with each hard
    /// activity attended in full (each soft one's missed sessions at their penalty), and the
    /// pattern its labels trace back to. O(layer + days).
    private func bestEnd(of layer: [Int], nodes: [Label]) -> (pattern: WeeklyPattern, cost: Double)? {
        var end = -1, endCost = Double.infinity
        for index in layer where resources.isFinal(horizonState(nodes[index].rule)) {
            guard let missed = radix == 1 ? 0 : missedCost(attended: attended(nodes[index].rule)) else { continue }
            let cost = nodes[index].cost + missed
            if cost < endCost || (cost == endCost && index < end) { (end, endCost) = (index, cost) }
        }
        guard end >= 0 else { return nil }
        var shifts: [Int] = [], plans: [Int] = [], sessions: [Int] = []
        var cursor = end
        while cursor >= 0 {
            if nodes[cursor].shift >= 0 {
                let packed = nodes[cursor].shift
                shifts.append(packed & (1 << Self.shiftBits - 1))
                let session = (packed >> Self.shiftBits) - 1
                sessions.append(session < 0 ? -1 : session >> Self.planBits)
                plans.append(session < 0 ? 0 : session & (1 << Self.planBits - 1))
            }
            cursor = nodes[cursor].parent
        }
        return (WeeklyPattern(shifts: shifts.reversed(), plans: plans.reversed(), sessions: sessions.reversed()), endCost)
    }

    /// Bits of a label's `shift` that hold the shift's index; the session it holds sits above
    /// them (its code above ``planBits`` bits of its own placement, plus one; 0 for none).
    private static let shiftBits = 21
    /// Bits of a session that hold the placement of the breaks (the code above them).
    private static let planBits = 13

    /// The horizon rules' state and the sessions attended of a label's `rule` (without
    /// activities, the state itself and 0: no division on the hot path).
    @inline(__always) private func horizonState(_ rule: Int) -> Int { radix == 1 ? rule : rule / radix }
    @inline(__always) private func attended(_ rule: Int) -> Int { radix == 1 ? 0 : rule % radix }

    /// What the sessions missed cost at the end, `attended` being the digits of a label; nil
    /// when a hard activity is not attended in full. O(slots).
    private func missedCost(attended: Int) -> Double? {
        var cost = 0.0
        for (slot, definition) in type.sessionSlots.enumerated() {
            let count = attended / strides[slot] % (definition.sessions + 1)
            if count < definition.sessions {
                if definition.hard { return nil }
                cost += Double(definition.sessions - count) * definition.missCost
            }
        }
        return cost
    }

    /// A state of the pricing's dynamic programme: cost so far, the label it came from, the
    /// shift worked (−1 a day off, −2 a week boundary; with the session it holds above
    /// ``shiftBits`` bits), units and days worked this week, the earliest start position rest
    /// allows next, and the horizon rules' state with the sessions attended
    /// (`state × radix + attended`). Seven words: the programme's labels are its memory traffic.
    struct Label {
        var cost: Double
        var parent: Int
        var shift: Int
        var units: Int
        var days: Int
        var threshold: Int
        var rule: Int
    }

    /// The cheapest way into every state reachable by working a shift on `day` from the labels
    /// of `layer` (one label per (units, days, group), each with its best predecessor).
    ///
    /// States with the same units, days worked and horizon state lead to the same next state through a group,
    /// so per such key the labels' costs are folded into prefix minima over the day's start
    /// positions (a label may use a shift starting at or after its threshold), and each shift of
    /// each group is priced once: O(keys × (labels + start positions + shifts of the day)) a day,
    /// not O(labels × groups), which matters at 15-minute starts around the clock. A shift may
    /// also hold a session of each activity not yet attended in full (`sessionCost`).
    private func shiftMoves(
        day: Int, layer: [Int], nodes: [Label], capUnits: Int, shiftCost: (Int) -> Double, sessionCost: ((Int, Int) -> SessionOption?)?
    ) -> [Label] {
        let groups = dayGroupsCache[day]
        guard !groups.isEmpty else { return [] }
        let base = firstStartOfDay[day]
        let end = (groups.flatMap(\.startPositions).max() ?? base) + 1
        let costs = groups.map { $0.shifts.map(shiftCost) }
        // Per slot, per group: each shift's cost holding a session of the slot's activity.
        let slots = type.sessionSlots
        let sessionCosts: [[[SessionOption?]]] = sessionCost.map { price in
            slots.indices.map { slot in groups.map { $0.shifts.map { price($0, slot) } } }
        } ?? []
        // Labels by key (units, days, horizon state) in first-appearance order, each key's run
        // sorted by threshold.
        var keys: [Int] = []
        var rankOf = IntMap(capacity: layer.count)
        var labels: [(rank: Int, threshold: Int, node: Int)] = []
        labels.reserveCapacity(layer.count)
        for index in layer where nodes[index].days < type.agent.maxDaysPerWeek && nodes[index].threshold < end {
            let key = nodes[index].rule << 24 | nodes[index].units << 8 | nodes[index].days
            let rank: Int
            if let known = rankOf[key] {
                rank = known
            } else {
                rank = keys.count
                rankOf.set(key, rank)
                keys.append(key)
            }
            labels.append((rank, nodes[index].threshold, index))
        }
        labels.sort { ($0.rank, $0.threshold, $0.node) < ($1.rank, $1.threshold, $1.node) }
        var moves: [Label] = []
        var prefix = Array(repeating: (cost: Double.infinity, node: -1), count: max(0, end - base))
        var runStart = 0
        for (rank, key) in keys.enumerated() {
            var runEnd = runStart
            while runEnd < labels.count, labels[runEnd].rank == rank { runEnd += 1 }
            // prefix[p − base]: the cheapest label whose threshold allows a start at position p.
            var next = runStart
            runStart = runEnd
            var best = (cost: Double.infinity, node: -1)
            for position in base..<end {
                while next < runEnd, labels[next].threshold <= position {
                    if nodes[labels[next].node].cost < best.cost { best = (nodes[labels[next].node].cost, labels[next].node) }
                    next += 1
                }
                prefix[position - base] = best
            }
            let units = (key >> 8) & 0xFFFF, days = key & 0xFF, rule = horizonState(key >> 24), done = attended(key >> 24)
            let partial = resources.isTrivial ? nil : resources.beforeWork(resources.decode(rule), day: day)
            if !resources.isTrivial && partial == nil { continue }
            for (groupIndex, group) in groups.enumerated() where units + group.units <= capUnits {
                var nextRule = rule
                if let partial {
                    guard let after = resources.afterWork(partial, template: group.template, units: group.units) else { continue }
                    nextRule = after
                }
                var chosen = (cost: Double.infinity, node: -1, shift: -1)
                for (offset, position) in group.startPositions.enumerated() {
                    let before = prefix[position - base]
                    let cost = before.cost + costs[groupIndex][offset]
                    if before.node >= 0, cost < chosen.cost { chosen = (cost, before.node, group.shifts[offset]) }
                }
                guard chosen.node >= 0 else { continue }
                moves.append(
                    Label(cost: chosen.cost, parent: chosen.node, shift: chosen.shift, units: tracksWeek ? units + group.units : 0, days: tracksWeek ? days + 1 : 0, threshold: group.threshold,
                          rule: radix == 1 ? nextRule : nextRule * radix + done))
            }
            // The same shifts holding a session of an activity not yet attended in full (a loop
            // of its own: the one above stays as lean as without activities).
            guard !sessionCosts.isEmpty else { continue }
            sessionMoves(
                from: (units, days, rule, done), partial: partial, groups: groups, prefix: prefix, base: base, capUnits: capUnits,
                sessionCosts: sessionCosts, into: &moves)
        }
        return moves
    }

    /// The moves of ``shiftMoves(day:layer:nodes:capUnits:shiftCost:sessionCost:)`` that hold a
    /// session: from the labels of one key (`state`: units, days, horizon state, sessions
    /// attended; `partial` its horizon state before work), through each group's shift whose
    /// session at `sessionCosts[slot][group][offset]` costs least, for each activity not yet
    /// attended in full. O(groups × slots × starts of the group).
    private func sessionMoves(
        from state: (units: Int, days: Int, rule: Int, done: Int), partial: HorizonResources.State?, groups: [ShiftGroup],
        prefix: [(cost: Double, node: Int)], base: Int, capUnits: Int, sessionCosts: [[[SessionOption?]]], into moves: inout [Label]
    ) {
        let (units, days, rule, done) = state
        let slots = type.sessionSlots
        for (groupIndex, group) in groups.enumerated() where units + group.units <= capUnits {
            var nextRule = rule
            if let partial {
                guard let after = resources.afterWork(partial, template: group.template, units: group.units) else { continue }
                nextRule = after
            }
            for (slot, definition) in slots.enumerated() where done / strides[slot] % (definition.sessions + 1) < definition.sessions {
                var held = (cost: Double.infinity, node: -1, shift: -1)
                for (offset, position) in group.startPositions.enumerated() {
                    guard let option = sessionCosts[slot][groupIndex][offset] else { continue }
                    let before = prefix[position - base]
                    let cost = before.cost + option.cost
                    if before.node >= 0, cost < held.cost {
                        held = (cost, before.node, group.shifts[offset] | (option.code << Self.planBits | option.plan + 1) << Self.shiftBits)
                    }
                }
                guard held.node >= 0 else { continue }
                moves.append(
                    Label(cost: held.cost, parent: held.node, shift: held.shift, units: tracksWeek ? units + group.units : 0, days: tracksWeek ? days + 1 : 0, threshold: group.threshold,
                          rule: nextRule * radix + done + strides[slot]))
            }
        }
    }

    /// Position of the first start at or after `instant`.
    private static func position(of instant: Int, in sorted: [Int]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Labels created by pricings running on several cores at once: their work, in a deterministic
/// count (the same labels on any machine, whatever the cores' order).
final class LabelCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var total: Int { lock.withLock { count } }
    func add(_ labels: Int) { lock.withLock { count += labels } }
}

/// Greatest common divisor (gcd(0, n) = n).
func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (abs(a), abs(b))
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
