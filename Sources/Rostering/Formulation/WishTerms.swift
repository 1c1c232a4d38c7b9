/// One agent's wishes as objective terms, independent of any model: what each shift the agent
/// may work costs, what is paid whatever happens, and the weekly hour maximums. The full
/// formulation and the weekly-pattern pricing both read their wish costs from here, so the two
/// cannot disagree about what a wish costs.
///
/// For a wish with priority `p` and `W = p × weight per point`:
/// - day off `d`: `W` for each shift starting on `d`;
/// - day on `d`: `W` paid up front, `−W` back for each shift starting on `d`;
/// - start window / shift lengths: `W` for each shift that misses it;
/// - weekly maximum `m`: `W` per hour above `m` in a week.
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
                        && (local.minuteOfDay < (earliest?.minutes ?? 0) || local.minuteOfDay > (latest?.minutes ?? 1439))
                }
            case .shiftLengths(let lengths):
                charge { !lengths.contains(zone.local($0.end).wallMinutes - zone.local($0.start).wallMinutes) }
            case .weeklyMaximum(let maximum):
                weeklyMaximums.append((wishIndex, maximum, weight, points))
            }
        }
    }

    /// Everything that makes two agents' wishes cost the same, for grouping agents: equal
    /// signatures mean equal terms.
    struct Signature: Hashable {
        let constant: Double, constantPoints: Double, totalPoints: Int
        let shifts: [Int], costs: [Double], points: [Double]
        let maximums: [Double]
    }

    var signature: Signature {
        let shifts = Set(shiftCost.keys).union(shiftPoints.keys).sorted()
        return Signature(
            constant: constant, constantPoints: constantPoints, totalPoints: totalPoints, shifts: shifts,
            costs: shifts.map { shiftCost[$0] ?? 0 }, points: shifts.map { shiftPoints[$0] ?? 0 },
            maximums: weeklyMaximums.flatMap { [Double($0.maximumMinutes), $0.weightPerHour, $0.pointsPerHour] })
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
