/// How far a roster falls short of each wish, computed from the roster and the wish alone (no
/// formulation code): used by the validator to recompute the objective and by the reports.
public struct WishOutcome: Sendable, Equatable {
    public let agentID: String
    public let wish: Wish
    /// 0 when granted. Days: 1 when refused; start windows and lengths: the number of shifts
    /// that miss; break windows: the number of shifts whose named break starts outside;
    /// weekly maximum: the hours above it, summed over weeks.
    public let shortfall: Double

    public var granted: Bool { shortfall < 1e-9 }

    public init(agentID: String, wish: Wish, shortfall: Double) {
        self.agentID = agentID
        self.wish = wish
        self.shortfall = shortfall
    }
}

public enum WishEvaluation {
    /// Every wish of every agent (agents in `problem.agents` order, wishes in file order).
    public static func outcomes(of roster: Roster, problem: RosterProblem) -> [WishOutcome] {
        let zone = problem.horizon.timeZone
        let byAgent = Dictionary(grouping: roster.assignments, by: \.agentID)
        var outcomes: [WishOutcome] = []
        for agent in problem.agents {
            guard let preferences = problem.preferences[agent.id] else { continue }
            let shifts = byAgent[agent.id] ?? []
            for wish in preferences.wishes {
                outcomes.append(WishOutcome(agentID: agent.id, wish: wish, shortfall: shortfall(of: wish, shifts: shifts, zone: zone, problem: problem)))
            }
        }
        return outcomes
    }

    static func shortfall(of wish: Wish, shifts: [Roster.Assignment], zone: SiteTimeZone, problem: RosterProblem) -> Double {
        let startDates = shifts.map { zone.local($0.start).date }
        switch wish.kind {
        case .dayOff(let date):
            return startDates.contains(date) ? 1 : 0
        case .dayOn(let date):
            return startDates.contains(date) ? 0 : 1
        case .startWindow(let earliest, let latest, let weekdays):
            return Double(shifts.filter { shift in
                let local = zone.local(shift.start)
                guard weekdays.contains(local.date.weekday) else { return false }
                return local.minuteOfDay < (earliest?.minutes ?? 0) || local.minuteOfDay > (latest?.minutes ?? 1439)
            }.count)
        case .shiftLengths(let lengths):
            return Double(shifts.filter { shift in
                !lengths.contains(zone.local(shift.end).wallMinutes - zone.local(shift.start).wallMinutes)
            }.count)
        case .breakWindow(let name, let earliest, let latest, let weekdays):
            return Double(shifts.filter { shift in
                guard weekdays.contains(zone.local(shift.start).date.weekday), let taken = shift.breaks.first(where: { $0.name == name }) else { return false }
                let minute = zone.local(taken.start).minuteOfDay
                return minute < (earliest?.minutes ?? 0) || minute > (latest?.minutes ?? 1439)
            }.count)
        case .weeklyMaximum(let maximum):
            let horizon = problem.horizon
            let offset = (horizon.startDate.weekday.index - horizon.firstDayOfWeek.index + 7) % 7
            var minutesByWeek: [Int: Int] = [:]
            for shift in shifts {
                let day = zone.local(shift.start).date.daysSinceEpoch - horizon.startDate.daysSinceEpoch
                minutesByWeek[(day + offset) / 7, default: 0] += shift.paidMinutes
            }
            return minutesByWeek.values.reduce(0.0) { $0 + Double(max(0, $1 - maximum)) / 60 }
        }
    }

    /// Penalty of the wishes in the objective: Σ priority × weight per point × shortfall, plus the
    /// fairness term: the fairness weight × the largest share (in percent) of an agent's points
    /// refused, `100 × Σ priority × shortfall / points`.
    public static func penalty(_ outcomes: [WishOutcome], problem: RosterProblem) -> (wishes: Double, fairness: Double, worstShare: Double) {
        let policy = problem.preferencePolicy
        var wishes = 0.0
        var refusedPoints: [String: Double] = [:]
        for outcome in outcomes {
            let pastRefused = problem.history[outcome.agentID].map { $0.points > 0 ? Double($0.points - $0.pointsGranted) / Double($0.points) : 0 } ?? 0
            wishes += Double(outcome.wish.priority) * policy.weightPerPoint * (1 + policy.historyWeight * pastRefused) * outcome.shortfall
            refusedPoints[outcome.agentID, default: 0] += Double(outcome.wish.priority) * outcome.shortfall
        }
        var worst = 0.0
        for (agentID, refused) in refusedPoints {
            let points = problem.preferences[agentID]?.points ?? 0
            if points > 0 { worst = max(worst, 100 * refused / Double(points)) }
        }
        return (wishes, policy.fairnessWeight * worst, worst)
    }
}
