/// One agent's wishes as objective terms, independent of any model: what each shift the agent
/// may work costs, what is paid whatever happens, and the weekly hour maximums. The full
/// formulation and the weekly-pattern pricing both read their wish costs from here, so the two
/// cannot disagree about what a wish costs.
///
/// For a wish with priority `p` and `W = p × weight per point`:
/// - day off `d`: `W` for each shift starting on `d`;
/// - day on `d`: `W` paid up front, `−W` back for each shift starting on `d`;
/// - start window / shift lengths: `W` for each shift that misses it;
/// - weekly maximum `m`: `W` per hour above `m` in a week;
/// - break window: `W` for each shift whose named break starts outside it. This depends on the
///   placement of the shift's breaks: the cheapest placement's cost is the shift's (what any
///   placement costs at least), and each placement's cost above it is in `placementCost`.
/// `points` mirror the costs with `p` in place of `W`: they measure the refused share that
/// fairness limits.
struct AgentWishTerms: Sendable {
    /// Cost paid whatever the agent works (day-on wishes), and the points behind it.
    var constant = 0.0
    var constantPoints = 0.0
    /// Per shift index (only the shifts asked about): cost and points when the agent works it.
    var shiftCost: [Int: Double] = [:]
    var shiftPoints: [Int: Double] = [:]
    /// Weekly maximums: the wish's position, its cap in minutes, cost and points per hour above.
    var weeklyMaximums: [(wishIndex: Int, maximumMinutes: Int, weightPerHour: Double, pointsPerHour: Double)] = []
    /// The agent's total wish points (the denominator of the refused share).
    var totalPoints = 0
    /// Break-window wishes: position among the wishes, cost and points each refusal costs.
    var breakWishes: [(wishIndex: Int, weight: Double, points: Double)] = []
    /// Per shift whose placements a break-window wish tells apart: per placement (an index into
    /// ``RosterProblem/breakPlans(of:)``), the break-window wishes it refuses as a bit mask over
    /// `breakWishes` (bit k for `breakWishes[k]`), and its cost and points above the shift's
    /// cheapest placement (which `shiftCost` and `shiftPoints` hold). Shifts where every
    /// placement refuses the same have refusals but no placement costs: their cost is all in
    /// `shiftCost`.
    var placementRefusals: [Int: [UInt64]] = [:]
    var placementCost: [Int: [Double]] = [:]
    var placementPoints: [Int: [Double]] = [:]
    /// Most break-window wishes an agent may have (one bit each in a placement's refusals).
    static let mostBreakWishes = Wish.mostBreakWindows

    /// The terms of `agent`'s wishes over `shifts` (the shifts the agent may work), or nil when
    /// the agent has no wishes.
    init?(problem: RosterProblem, agent: Agent, shifts: [Shift]) {
        guard let preferences = problem.preferences[agent.id], !preferences.wishes.isEmpty else { return nil }
        let zone = problem.horizon.timeZone
        totalPoints = preferences.points
        let weightPerPoint = problem.wishWeightPerPoint(agentID: agent.id)
        for (wishIndex, wish) in preferences.wishes.enumerated() {
            let points = Double(wish.priority)
            let weight = points * weightPerPoint
            func charge(_ predicate: (Shift) -> Bool, sign: Double = 1) {
                for shift in shifts where predicate(shift) {
                    shiftCost[shift.index, default: 0] += sign * weight
                    shiftPoints[shift.index, default: 0] += sign * points
                }
            }
            switch wish.kind {
            case .dayOff(let date):
                charge { zone.local($0.start).date == date }
            case .dayOn(let date):
                constant += weight
                constantPoints += points
                charge({ zone.local($0.start).date == date }, sign: -1)
            case .startWindow(let earliest, let latest, let weekdays):
                charge { shift in
                    let local = zone.local(shift.start)
                    return weekdays.contains(local.date.weekday)
                        && Self.isOutside(local.minuteOfDay, earliest: earliest, latest: latest)
                }
            case .shiftLengths(let lengths):
                charge { !lengths.contains(zone.local($0.end).wallMinutes - zone.local($0.start).wallMinutes) }
            case .weeklyMaximum(let maximum):
                weeklyMaximums.append((wishIndex, maximum, weight, points))
            case .breakWindow(let name, let earliest, let latest, let weekdays):
                guard breakWishes.count < Self.mostBreakWishes else { continue }
                let bit = UInt64(1) << UInt64(breakWishes.count)
                breakWishes.append((wishIndex, weight, points))
                for shift in shifts where weekdays.contains(zone.local(shift.start).date.weekday) {
                    let plans = problem.breakPlans(of: shift)
                    for (plan, placement) in plans.enumerated() {
                        guard let taken = placement.breaks.first(where: { $0.name == name }) else { continue }
                        let minute = zone.local(shift.start + taken.offsetMinutes).minuteOfDay
                        if Self.isOutside(minute, earliest: earliest, latest: latest) {
                            placementRefusals[shift.index, default: Array(repeating: 0, count: plans.count)][plan] |= bit
                        }
                    }
                }
            }
        }
        splitPlacementCosts()
    }

    /// Whether a local minute of the day falls outside a start or break window (a missing end is
    /// open). The validator keeps its own test (``WishEvaluation``).
    static func isOutside(_ minute: Int, earliest: TimeOfDay?, latest: TimeOfDay?) -> Bool {
        minute < (earliest?.minutes ?? 0) || minute > (latest?.minutes ?? 1439)
    }

    /// Moves each shift's cheapest placement's break-window cost into `shiftCost` and keeps the
    /// rest per placement; drops shifts whose placements all cost the same.
    private mutating func splitPlacementCosts() {
        for (shift, refusals) in placementRefusals {
            var costs = Array(repeating: 0.0, count: refusals.count), points = costs
            for (plan, mask) in refusals.enumerated() {
                for (bit, wish) in breakWishes.enumerated() where mask & (UInt64(1) << UInt64(bit)) != 0 {
                    costs[plan] += wish.weight
                    points[plan] += wish.points
                }
            }
            let cheapest = costs.indices.min { costs[$0] != costs[$1] ? costs[$0] < costs[$1] : $0 < $1 }!
            let (leastCost, leastPoints) = (costs[cheapest], points[cheapest])
            if leastCost != 0 {
                shiftCost[shift, default: 0] += leastCost
                shiftPoints[shift, default: 0] += leastPoints
            }
            if !costs.allSatisfy({ $0 == leastCost }) {
                placementCost[shift] = costs.map { $0 - leastCost }
                placementPoints[shift] = points.map { $0 - leastPoints }
            }
        }
    }

    /// Everything that makes two agents' wishes cost the same, for grouping agents: equal
    /// signatures mean equal terms.
    struct Signature: Hashable {
        let constant: Double, constantPoints: Double, totalPoints: Int
        let shifts: [Int], costs: [Double], points: [Double]
        let maximums: [Double]
        let placed: [Int], placementCosts: [[Double]], placementPoints: [[Double]]
    }

    var signature: Signature {
        let shifts = Set(shiftCost.keys).union(shiftPoints.keys).sorted()
        let placed = placementCost.keys.sorted()
        return Signature(
            constant: constant, constantPoints: constantPoints, totalPoints: totalPoints, shifts: shifts,
            costs: shifts.map { shiftCost[$0] ?? 0 }, points: shifts.map { shiftPoints[$0] ?? 0 },
            maximums: weeklyMaximums.flatMap { [Double($0.maximumMinutes), $0.weightPerHour, $0.pointsPerHour] },
            placed: placed, placementCosts: placed.map { placementCost[$0]! }, placementPoints: placed.map { placementPoints[$0]! })
    }

    /// Cost of the weekly maximums for a week in which the agent works `minutes`.
    func weeklyMaximumCost(minutes: Int) -> Double {
        weeklyMaximums.reduce(0) { $0 + $1.weightPerHour * Double(max(0, minutes - $1.maximumMinutes)) / 60 }
    }

    /// Points refused by the weekly maximums for a week of `minutes`.
    func weeklyMaximumPoints(minutes: Int) -> Double {
        weeklyMaximums.reduce(0) { $0 + $1.pointsPerHour * Double(max(0, minutes - $1.maximumMinutes)) / 60 }
    }
}
