import LinearProgramming

/// Several queues in the weekly search. Coverage is counted per skill set and interval, in
/// *slots* `g·T + t` (T intervals; one set and the slot is the interval without queues), and the
/// agents of each slot are divided among the queues of their set as the exact model does
/// (``RosterFormulation/addQueueCoverage(onPhone:)``).
///
/// **Master.** Per slot of a set of several queues that some type can cover, a supply row
/// `Σ_p a_p[t]·λ_p − Σ_{q∈g} y[g,q,t] = −e[g,t]` (e: agents of the set outside the problem, in
/// a neighbourhood), and per queue and interval a cover row
/// `Σ_{g∋q} y[g,q,t] + Σ_{p of one-queue types of q} a_p[t]·λ_p + under[q,t] − over[q,t] = r[q,t] − e[{q},t]`
/// (a one-queue set needs no allocation); `under` (≤ r) and `over` pay at their prices. For
/// whole counts the best y is the best allocation, so the slack pays what the validator counts.
///
/// **Pricing.** A type prices its set's slots. With cover duals ρ' = max(ρ, −o) and supply duals
/// σ, a one-queue slot's price is ρ'[q,t] and another's `π[g,t] = max(σ[g,t], max_{q∈g} ρ'[q,t])`,
/// which keeps every allocation's and over's reduced cost ≥ 0, so the Lagrangian bound
/// `Σ_{q,t} ((r − e)·ρ' + r·min(0, u − ρ')) − Σ_{g,t} e·π + Σ_types |τ|·min_p (c_p − π·a_p)`
/// holds.
///
/// **Moves.** One more agent of set g in t is worth −u when it raises the requirement met
/// (``QueueAllocation/shortSets(flow:sets:required:)``) and +o otherwise; one agent changes a
/// slot by one, so a move's cost from these marginals is exact.
extension PatternSearch {
    /// Coverage rows with queues: a cover row per queue and interval that has a requirement or
    /// that agents of a one-queue set can serve, and a supply row per slot of a set of several
    /// queues that some type covers or that agents outside the problem fill. A one-queue set's
    /// slot enters its queue's cover row directly. Returns each slot's row (supply, or cover for
    /// a one-queue set) and each `q·T + t`'s cover row (−1 for none). O(slots × queues).
    func addQueueRows(to model: inout MIPModel) -> (supply: [Int], cover: [Int]) {
        let intervals = problem.horizon.intervalCount
        var coverable = Array(repeating: false, count: skillSets.count * intervals)
        for (index, type) in types.enumerated() {
            let offset = setOfType[index] * intervals
            for shift in type.shiftsByDay.joined() { for interval in covered[shift] { coverable[offset + interval] = true } }
        }
        for (g, set) in skillSets.enumerated() {
            for (t, count) in (problem.queueSupplyElsewhere[set] ?? []).enumerated() where count > 0 { coverable[g * intervals + t] = true }
        }
        var direct = Array(repeating: 0, count: problem.queues.count * intervals)
        var fed = Array(repeating: false, count: direct.count)
        for (g, set) in skillSets.enumerated() where set.count == 1 {
            for t in 0..<intervals where coverable[g * intervals + t] { fed[set[0] * intervals + t] = true }
            for (t, count) in (problem.queueSupplyElsewhere[set] ?? []).enumerated() { direct[set[0] * intervals + t] = count }
        }
        var cover = Array(repeating: -1, count: direct.count)
        for q in problem.queues.indices {
            for t in 0..<intervals where problem.queueRequired[q][t] > 0 || fed[q * intervals + t] {
                let required = problem.queueRequired[q][t]
                cover[q * intervals + t] = addSlackRow(
                    to: &model, row: "queue", tag: "q\(q),\(t)", LinearExpression(), required: required, rightHandSide: required - direct[q * intervals + t])
            }
        }
        var supply = Array(repeating: -1, count: coverable.count)
        for (g, set) in skillSets.enumerated() {
            for t in 0..<intervals where coverable[g * intervals + t] {
                if set.count == 1 {
                    supply[g * intervals + t] = cover[set[0] * intervals + t]
                    continue
                }
                var expression = LinearExpression()
                for q in set where cover[q * intervals + t] >= 0 {
                    let allocation = model.addVariable("alloc(g\(g),q\(q),\(t))", lowerBound: 0)
                    expression.add(allocation, -1)
                    model.addTerm(allocation, 1, toConstraint: cover[q * intervals + t])
                }
                if expression.terms.isEmpty {
                    let idle = model.addVariable("idle(g\(g),\(t))", lowerBound: 0)
                    model.addObjectiveTerm(idle, over)
                    expression.add(idle, -1)
                }
                supply[g * intervals + t] = model.constraints.count
                let elsewhere = problem.queueSupplyElsewhere[set]?[t] ?? 0
                model.addConstraint("supply(g\(g),\(t))", expression, .equal(-Double(elsewhere)))
            }
        }
        return (supply, cover)
    }

    /// Each slot's price at `duals` (clamped as the Lagrangian bound needs: every cover dual at
    /// least −over, a supply row's at least −over and every cover dual of its set's queues), and
    /// the coverage rows' part of the Lagrangian bound. O(slots × queues).
    func slotPrices(_ duals: [Double], master: PatternMaster) -> (price: [Double], bound: Double) {
        guard problem.hasQueues else {
            let price = master.coverageRow.map { $0 >= 0 ? max(-over, duals[$0]) : 0 }
            let bound = problem.required.indices.reduce(0.0) { sum, t in
                let r = Double(problem.required[t])
                return sum + r * price[t] + (r > 0 ? r * min(0, under - price[t]) : 0)
            }
            return (price, bound)
        }
        let intervals = problem.horizon.intervalCount
        let coverDual = master.queueRow.map { $0 >= 0 ? max(-over, duals[$0]) : -over }
        var bound = 0.0
        for (position, row) in master.queueRow.enumerated() where row >= 0 {
            let r = Double(problem.queueRequired[position / intervals][position % intervals])
            let rhs = master.model.constraints[row].bound.limits.lower ?? r
            bound += rhs * coverDual[position] + r * min(0, under - coverDual[position])
        }
        var price = Array(repeating: 0.0, count: master.coverageRow.count)
        for (slot, row) in master.coverageRow.enumerated() where row >= 0 {
            let (g, t) = slot.quotientAndRemainder(dividingBy: intervals)
            if skillSets[g].count == 1 {
                price[slot] = coverDual[skillSets[g][0] * intervals + t]
                continue
            }
            price[slot] = skillSets[g].reduce(max(-over, duals[row])) { max($0, coverDual[$1 * intervals + t]) }
            bound -= Double(problem.queueSupplyElsewhere[skillSets[g]]?[t] ?? 0) * price[slot]
        }
        return (price, bound)
    }

    /// Agents of each slot outside the problem (zeros without them): where coverage counts start.
    func baseCoverage() -> [Int] {
        let intervals = problem.horizon.intervalCount
        var base = Array(repeating: 0, count: skillSets.count * intervals)
        for (g, set) in skillSets.enumerated() {
            for (t, count) in (problem.queueSupplyElsewhere[set] ?? []).enumerated() { base[g * intervals + t] = count }
        }
        return base
    }

    /// The neighbourhood's agents outside it, per skill set (by its queues) and interval, from
    /// `base` (the coverage without the freed agents).
    func supplyElsewhere(_ base: [Int]) -> [[Int]: [Int]] {
        let intervals = problem.horizon.intervalCount
        var elsewhere: [[Int]: [Int]] = [:]
        for (g, set) in skillSets.enumerated() {
            let row = Array(base[(g * intervals)..<((g + 1) * intervals)])
            if row.contains(where: { $0 > 0 }) { elsewhere[set] = row }
        }
        return elsewhere
    }
}

/// Coverage with queues as the weekly search's moves and scores see it: per interval the best
/// allocation of the slots' agents (``QueueAllocation``), what it leaves short and idle, and
/// which sets one more agent would help. The marginals are cached per interval until
/// ``invalidate()`` (the moves call it after every change of coverage). Not thread-safe.
final class QueueCoverageView {
    let sets: [[Int]]
    /// Required agents per interval and queue.
    let required: [[Int]]
    let intervals: Int
    private var stamp: [Int]
    private var short: [Bool]
    private var version = 1

    init(problem: RosterProblem, sets: [[Int]]) {
        self.sets = sets
        intervals = problem.horizon.intervalCount
        required = (0..<intervals).map { t in problem.queues.indices.map { problem.queueRequired[$0][t] } }
        stamp = Array(repeating: 0, count: intervals)
        short = Array(repeating: false, count: intervals * sets.count)
    }

    /// Forgets the cached marginals (coverage changed).
    func invalidate() { version += 1 }

    private func flow(_ t: Int, _ coverage: [Int]) -> [[Int]] {
        QueueAllocation.allocate(supply: sets.indices.map { coverage[$0 * intervals + t] }, sets: sets, required: required[t])
    }

    /// Whether one more agent of set `g` in interval `t` would raise the requirement met, at
    /// `coverage` as of the last ``invalidate()``. O(1) cached, else one allocation.
    func isShort(_ g: Int, _ t: Int, _ coverage: [Int]) -> Bool {
        if stamp[t] != version {
            stamp[t] = version
            let found = QueueAllocation.shortSets(flow: flow(t, coverage), sets: sets, required: required[t])
            for (set, value) in found.enumerated() { short[t * sets.count + set] = value }
        }
        return short[t * sets.count + g]
    }

    /// Whether one agent of set `g` counted in `coverage` in interval `t` is needed: without them
    /// the best allocation meets less. Not cached (break moves ask while coverage changes).
    func isNeeded(_ g: Int, _ t: Int, _ coverage: [Int]) -> Bool {
        var supply = sets.indices.map { coverage[$0 * intervals + t] }
        supply[g] -= 1
        let flow = QueueAllocation.allocate(supply: supply, sets: sets, required: required[t])
        return QueueAllocation.shortSets(flow: flow, sets: sets, required: required[t])[g]
    }

    /// Requirement left unmet and agents beyond it in interval `t` under the best allocation.
    func shortAndOver(_ t: Int, _ coverage: [Int]) -> (short: Int, over: Int) {
        let met = flow(t, coverage).joined().reduce(0, +)
        let working = sets.indices.reduce(0) { $0 + coverage[$1 * intervals + t] }
        return (required[t].reduce(0, +) - met, working - met)
    }

    /// The coverage penalty: under- and over-staffing at their prices per agent and interval.
    /// O(intervals × allocation).
    func penalty(_ coverage: [Int], under: Double, over: Double) -> Double {
        (0..<intervals).reduce(0.0) { total, t in
            let (short, surplus) = shortAndOver(t, coverage)
            return total + Double(short) * under + Double(surplus) * over
        }
    }
}

extension PatternSearch {
    /// Requirement left unmet and agents beyond it in `interval` (with queues, under the best
    /// allocation of the slots' agents).
    func offRequirement(_ interval: Int, coverage: [Int]) -> (short: Int, over: Int) {
        if let queueView { return queueView.shortAndOver(interval, coverage) }
        let required = problem.required[interval], count = coverage[interval]
        return (max(0, required - count), max(0, count - required))
    }
}

extension PatternSearch {
    /// Per type, the types whose members the problem with its queues merged cannot tell apart
    /// from its own (the same type there): every rule and cost is the same, only the skill set
    /// differs. O(agents × shifts) (the merged problem's types).
    func twinTypes() -> [[Int]] {
        let merged = AgentType.types(of: problem.withoutQueues())
        var mergedOf = Array(repeating: 0, count: problem.agents.count)
        for (index, type) in merged.enumerated() { for member in type.members { mergedOf[member] = index } }
        let groups = Dictionary(grouping: types.indices, by: { mergedOf[types[$0].members[0]] })
        return types.indices.map { groups[mergedOf[types[$0].members[0]]]! }
    }
}

extension PatternSearch {
    /// A shift's break rows and counts are per skill set with queues: `set × shifts + shift`
    /// (the shift itself without queues; the exact model's ``RosterFormulation/countKey(shift:agent:)``
    /// numbers them the same way).
    @inline(__always) func breakKey(_ shift: Int, set: Int) -> Int { set * problem.shifts.count + shift }

    /// An agent's skill set and where its slots start in coverage (0 without queues).
    @inline(__always) func skillSlots(of agent: Int) -> (set: Int, offset: Int) {
        let set = setOfType[typeOfAgent[agent]]
        return (set, set * problem.horizon.intervalCount)
    }

    /// Whether one agent of `set` counted in `coverage` is needed in `interval` (taking them off
    /// the phone there leaves a requirement unmet; with queues, the best allocation meets less).
    @inline(__always) func isNeeded(_ set: Int, _ interval: Int, _ coverage: [Int], _ required: [Int]) -> Bool {
        queueView?.isNeeded(set, interval, coverage) ?? (coverage[interval] <= required[interval])
    }

    /// Whether one more agent of `set` is needed in `interval` given `coverage` (with queues, as
    /// of the last ``QueueCoverageView/invalidate()``).
    @inline(__always) func isShort(_ set: Int, _ interval: Int, _ coverage: [Int], _ required: [Int]) -> Bool {
        queueView?.isShort(set, interval, coverage) ?? (coverage[interval] < required[interval])
    }

    /// ``cheapestBreaks(price:)`` per skill set, at the prices of its slots.
    func cheapestBreaksBySet(price: [Double]) -> [(cost: [Double], plan: [Int], placing: (WeeklyPattern) -> WeeklyPattern)] {
        guard skillSets.count > 1 else { return [cheapestBreaks(price: price)] }
        let intervals = problem.horizon.intervalCount
        return skillSets.indices.map { cheapestBreaks(price: Array(price[($0 * intervals)..<(($0 + 1) * intervals)])) }
    }
}
