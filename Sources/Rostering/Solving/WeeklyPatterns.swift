/// Agents who are interchangeable for the pattern search: the same contract (weekly and horizon
/// rules), the same shifts they may work and the same wishes at the same weights. Every member may work any pattern of
/// the type, and every pattern costs every member the same.
struct AgentType: Sendable {
    /// Indices into `problem.agents`, in order.
    let members: [Int]
    /// The contract every member shares (the first member's record).
    let agent: Agent
    /// Shifts the members may work, by day (shift indices in `problem.shifts` order).
    let shiftsByDay: [[Int]]
    /// The members' wishes as costs (nil without wishes).
    let wishes: AgentWishTerms?
    /// Re-rostering: what each shift costs in changed agent-days against the published roster,
    /// and what is paid whatever happens (a changed day for each published day).
    let changeCost: [Int: Double]
    let changeConstant: Double
    /// Days on which a locked published shift must be worked.
    let lockedDays: Set<Int>
    /// Re-rostering with breaks: the published placement of each kept shift's breaks, for
    /// shifts with several placements (``RosterProblem/publishedBreakPlan(agent:shift:)``); any
    /// other placement costs the break-change weight. A published placement that no longer
    /// exists is in ``changeCost`` instead (it costs whatever the placement).
    let publishedPlans: [Int: Int]

    /// Groups `problem.agents` into types, in order of each type's first member. Agents whose
    /// wishes cost the same share a type. (Measured on the benchmark weeks: giving each agent with
    /// wishes a type of its own was faster on S and L, slower on M, and made the XL master so
    /// large that its column generation took 25 s instead of 4 s.)
    static func types(of problem: RosterProblem) -> [AgentType] {
        struct Key: Hashable {
            let cap, minimum, days, rest: Int
            let rules: HorizonRules
            let eligible: [Int]
            let wishes: AgentWishTerms.Signature?
            /// Published shift per day (−1: published but no longer possible).
            let published: [Int: Int]
            /// Published placement of the breaks per kept shift (−1: none matches).
            let plans: [Int: Int]
        }
        let publishedByAgent = Dictionary(grouping: problem.published?.assignments ?? [], by: \.agentID)
        var order: [Key] = []
        var members: [Key: [Int]] = [:]
        var eligibleOf: [Key: [Int]] = [:]
        for (index, agent) in problem.agents.enumerated() {
            let eligible = problem.shifts.filter { problem.isEligible(agent, for: $0) }.map(\.index)
            let wishes = AgentWishTerms(problem: problem, agent: agent, shifts: eligible.map { problem.shifts[$0] })?.signature
            var published: [Int: Int] = [:], plans: [Int: Int] = [:]
            if problem.published != nil {
                for assignment in publishedByAgent[agent.id] ?? [] {
                    guard let day = problem.horizon.dayIndex(of: problem.horizon.timeZone.local(assignment.start).date), published[day] == nil else { continue }
                    let kept = eligible.first { problem.shifts[$0].start == assignment.start && problem.shifts[$0].end == assignment.end } ?? -1
                    published[day] = kept
                    if kept >= 0, let plan = problem.publishedBreakPlan(agent: index, shift: problem.shifts[kept]) { plans[kept] = plan }
                }
            }
            let key = Key(
                cap: agent.maxWeeklyMinutes, minimum: agent.minWeeklyMinutes, days: agent.maxDaysPerWeek, rest: agent.minRestMinutes,
                rules: agent.rules, eligible: eligible, wishes: wishes, published: published, plans: plans)
            if members[key] == nil {
                order.append(key)
                eligibleOf[key] = eligible
            }
            members[key, default: []].append(index)
        }
        return order.map { key in
            let first = problem.agents[members[key]![0]]
            let eligible = eligibleOf[key]!
            var byDay = Array(repeating: [Int](), count: problem.horizon.days)
            for shift in eligible { byDay[problem.shifts[shift].day].append(shift) }
            // Changed agent-days, as in the full model: a published day costs the change weight
            // unless its shift is worked; another day costs it for any shift.
            var changeCost: [Int: Double] = [:]
            var changeConstant = 0.0
            var lockedDays = Set<Int>()
            if problem.published != nil {
                let weight = problem.changeWeight
                for day in 0..<problem.horizon.days {
                    if let kept = key.published[day] {
                        changeConstant += weight
                        if kept >= 0 {
                            changeCost[kept] = -weight
                            if problem.lockPublished {
                                lockedDays.insert(day)
                                byDay[day] = [kept]
                            }
                        }
                    } else {
                        for shift in byDay[day] { changeCost[shift] = weight }
                    }
                }
            }
            // Kept shifts whose published breaks move (one placement, or none that matches).
            var publishedPlans: [Int: Int] = [:]
            for (shift, plan) in key.plans {
                if plan < 0 || problem.breakPlans(of: problem.shifts[shift]).count == 1 {
                    if plan != 0 { changeCost[shift, default: 0] += problem.breakChangeWeight }
                } else {
                    publishedPlans[shift] = plan
                }
            }
            return AgentType(
                members: members[key]!, agent: first, shiftsByDay: byDay,
                wishes: AgentWishTerms(problem: problem, agent: first, shifts: eligible.map { problem.shifts[$0] }),
                changeCost: changeCost, changeConstant: changeConstant, lockedDays: lockedDays, publishedPlans: publishedPlans)
        }
    }
}

/// One agent's shifts for the whole horizon, at most one a day, keeping every rule of the
/// agent's contract.
struct WeeklyPattern: Sendable, Hashable {
    /// Shift indices, in day order.
    let shifts: [Int]
    /// The placement of each shift's breaks (an index into ``RosterProblem/breakPlans(of:)``),
    /// by position in `shifts`; empty when every shift takes its first placement.
    let plans: [Int]

    init(shifts: [Int], plans: [Int] = []) {
        self.shifts = shifts
        self.plans = plans.allSatisfy { $0 == 0 } ? [] : plans
    }

    /// The placement of the breaks of the shift at `position`.
    func plan(at position: Int) -> Int { plans.isEmpty ? 0 : plans[position] }

    /// Each shift with the placement of its breaks.
    var placed: [(shift: Int, plan: Int)] { shifts.indices.map { (shifts[$0], plan(at: $0)) } }
}

/// Finds an agent type's cheapest patterns for given interval prices by dynamic programming over
/// the days: the state is (minutes worked this week, days worked this week, earliest start the
/// rest rule allows, the ``HorizonResources`` state of the type's horizon rules), so every
/// pattern it returns keeps the weekly cap and minimum, the working days, one shift a day, the
/// rest between shifts and every horizon rule (streaks, weekends, totals, template maxima,
/// forbidden successions), and it never misses a cheaper pattern.
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
    /// Most states of ``resources`` a label can carry (its key packs the state above the weekly one).
    static let largestRuleState = 1 << 22

    /// Whether the rules' states fit in a label (at most ``largestRuleState``) and keep every
    /// binding template maximum (the weekly master has no rows for the others).
    var isTractable: Bool { resources.stateCount <= Self.largestRuleState && resources.maximaOutside.isEmpty }

    init(problem: RosterProblem, type: AgentType) {
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
        let templateOf = problem.shifts.map { templates[$0.templateName] ?? 0 }
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
        resources = HorizonResources(
            rules: type.agent.rules, problem: problem, templateIndex: templates, unitMinutes: unitMinutes,
            availableDays: availableDays, successions: problem.successionMatrix(templates),
            cellBudget: Self.largestRuleState * (problem.horizon.days + 1))
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
    func cheapest(pointsPrice: Double = 0, shiftCost: (Int) -> Double) -> (pattern: WeeklyPattern, cost: Double)? {
        let horizon = problem.horizon
        let agent = type.agent
        let capUnits = unit > 0 ? agent.maxWeeklyMinutes / unit : 0
        typealias Node = Label
        var nodes: [Node] = [Node(cost: 0, parent: -1, shift: -1, units: 0, days: 0, threshold: 0, rule: resources.start)]
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
            let week = horizon.weekIndex(ofDay: day)
            next.removeAll()
            var nextOrder: [Int] = []
            let nextFirst = day + 1 < horizon.days ? firstStartOfDay[day + 1] : starts.count
            // Too few minutes left for the horizon's minimum even working every day.
            if let least = resources.minUnits { layer.removeAll { resources.decode(nodes[$0].rule).units + mostUnitsFrom[day] < least } }
            // A day off (not on a locked day).
            if !type.lockedDays.contains(day) {
                for index in layer {
                    let state = nodes[index]
                    guard let rule = resources.isTrivial ? state.rule : resources.afterDayOff(resources.decode(state.rule)) else { continue }
                    offer(
                        Node(cost: state.cost, parent: index, shift: -1, units: state.units, days: state.days, threshold: max(state.threshold, nextFirst), rule: rule),
                        into: &nextOrder)
                }
            }
            for move in shiftMoves(day: day, layer: layer, nodes: nodes, capUnits: capUnits, shiftCost: shiftCost) { offer(move, into: &nextOrder) }
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
        guard let end = layer.filter({ resources.isFinal(nodes[$0].rule) }).min(by: { nodes[$0].cost != nodes[$1].cost ? nodes[$0].cost < nodes[$1].cost : $0 < $1 }) else { return nil }
        var shifts: [Int] = []
        var cursor = end
        while cursor >= 0 {
            if nodes[cursor].shift >= 0 { shifts.append(nodes[cursor].shift) }
            cursor = nodes[cursor].parent
        }
        let constant = (type.wishes.map { $0.constant + pointsPrice * $0.constantPoints } ?? 0) + type.changeConstant
        return (WeeklyPattern(shifts: shifts.reversed()), nodes[end].cost + constant)
    }

    /// A state of the pricing's dynamic programme: cost so far, the label it came from, the
    /// shift worked (−1 a day off, −2 a week boundary), units and days worked this week, the
    /// earliest start position rest allows next, and the horizon rules' state.
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
    /// not O(labels × groups), which matters at 15-minute starts around the clock.
    private func shiftMoves(day: Int, layer: [Int], nodes: [Label], capUnits: Int, shiftCost: (Int) -> Double) -> [Label] {
        let groups = dayGroupsCache[day]
        guard !groups.isEmpty else { return [] }
        let base = firstStartOfDay[day]
        let end = (groups.flatMap(\.startPositions).max() ?? base) + 1
        let costs = groups.map { $0.shifts.map(shiftCost) }
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
            let units = (key >> 8) & 0xFFFF, days = key & 0xFF, rule = key >> 24
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
                    Label(cost: chosen.cost, parent: chosen.node, shift: chosen.shift, units: units + group.units, days: days + 1, threshold: group.threshold, rule: nextRule))
            }
        }
        return moves
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

/// Greatest common divisor (gcd(0, n) = n).
func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (abs(a), abs(b))
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
