/// What one wish asks for.
public enum WishKind: Sendable, Equatable {
    /// Not working on this date (no shift starting that day).
    case dayOff(LocalDate)
    /// Working on this date.
    case dayOn(LocalDate)
    /// Shifts (on the given weekdays) starting no earlier than `earliest` and no later than `latest`.
    case startWindow(earliest: TimeOfDay?, latest: TimeOfDay?, weekdays: Set<Weekday>)
    /// Shifts of these wall-clock lengths (minutes).
    case shiftLengths(Set<Int>)
    /// At most this many paid minutes a calendar week (below the contract's cap).
    case weeklyMaximum(Int)
    /// The break named `breakName` in the break rules (a lunch, usually) starting, in shifts
    /// that start on the given weekdays, no earlier than `earliest` and no later than `latest`
    /// (local times). Shifts without such a break neither grant nor refuse it.
    case breakWindow(breakName: String, earliest: TimeOfDay?, latest: TimeOfDay?, weekdays: Set<Weekday>)
}

/// One wish of an agent, with the priority points the agent put on it.
public struct Wish: Sendable, Equatable {
    /// Most break-window wishes an agent may have (the optimizer keeps one bit per wish and
    /// placement); preference files with more are refused.
    public static let mostBreakWindows = 16

    public var kind: WishKind
    /// Points, 1 (nice to have) to 5 (matters a lot).
    public var priority: Int
    /// Where the wish was written (for explanations and errors).
    public var source: String
    /// The agent's own words, if any.
    public var note: String

    public init(kind: WishKind, priority: Int, source: String = "", note: String = "") {
        self.kind = kind
        self.priority = priority
        self.source = source
        self.note = note
    }

    /// The wish in a planner's words.
    public var summary: String {
        switch kind {
        case .dayOff(let date): return "day off \(date.weekday.abbreviation) \(date)"
        case .dayOn(let date): return "work on \(date.weekday.abbreviation) \(date)"
        case .startWindow(let earliest, let latest, let weekdays):
            return Self.window("start", earliest: earliest, latest: latest, weekdays: weekdays)
        case .breakWindow(let name, let earliest, let latest, let weekdays):
            return Self.window(name + " to start", earliest: earliest, latest: latest, weekdays: weekdays)
        case .shiftLengths(let lengths):
            return "shifts of " + lengths.sorted().map { $0 % 60 == 0 ? "\($0 / 60)" : String(Double($0) / 60) }.joined(separator: " or ") + " h"
        case .weeklyMaximum(let minutes):
            return "at most \(minutes % 60 == 0 ? "\(minutes / 60)" : String(Double(minutes) / 60)) h a week"
        }
    }

    /// "start between 08:00 and 10:00 on Mon/Tue", "lunch to start not after 13:00".
    private static func window(_ what: String, earliest: TimeOfDay?, latest: TimeOfDay?, weekdays: Set<Weekday>) -> String {
        var text: String
        switch (earliest, latest) {
        case (let earliest?, let latest?): text = "\(what) between \(earliest) and \(latest)"
        case (let earliest?, nil): text = "\(what) not before \(earliest)"
        case (nil, let latest?): text = "\(what) not after \(latest)"
        case (nil, nil): text = "any \(what)"
        }
        if weekdays.count < 7 { text += " on " + weekdays.sorted().map(\.abbreviation).joined(separator: "/") }
        return text
    }
}

/// A time an agent cannot work at all (a course, an appointment): a hard rule.
public struct UnavailableWindow: Sendable, Equatable {
    public var date: LocalDate
    /// Wall-clock start and end on `date`; both nil for the whole day.
    public var from: TimeOfDay?
    public var to: TimeOfDay?

    public init(date: LocalDate, from: TimeOfDay? = nil, to: TimeOfDay? = nil) {
        self.date = date
        self.from = from
        self.to = to
    }

    /// The window's instants in a zone.
    public func instants(in zone: SiteTimeZone) -> (start: Instant, end: Instant) {
        func instant(_ minute: Int) -> Instant {
            switch zone.resolve(LocalDateTime(date: date, minuteOfDay: minute)) {
            case .unique(let value), .ambiguous(let value, _): return value
            case .nonexistent: return instant(minute + 60)
            }
        }
        return (instant(from?.minutes ?? 0), instant(to?.minutes ?? 1440))
    }
}

/// Everything one agent asked for.
public struct AgentPreferences: Sendable, Equatable {
    public var agentID: String
    public var wishes: [Wish]
    public var unavailable: [UnavailableWindow]

    public init(agentID: String, wishes: [Wish] = [], unavailable: [UnavailableWindow] = []) {
        self.agentID = agentID
        self.wishes = wishes
        self.unavailable = unavailable
    }

    /// Points claimed, for the budget.
    public var points: Int { wishes.reduce(0) { $0 + $1.priority } }
}

/// How wishes weigh in the objective.
public struct PreferencePolicy: Sendable, Equatable {
    /// Most points one agent may spread over their wishes.
    public var pointsBudget: Int
    /// Objective penalty per point of a refused wish.
    public var weightPerPoint: Double
    /// Weight of the worst agent's share of refused points (min-max fairness), per percent.
    public var fairnessWeight: Double
    /// How much past refusals raise an agent's wishes now: each wish weighs
    /// `1 + historyWeight × (share of the agent's wish points refused in past weeks)` times more.
    public var historyWeight: Double

    public static let defaults = PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 1, historyWeight: 1)

    public init(pointsBudget: Int, weightPerPoint: Double, fairnessWeight: Double, historyWeight: Double = 1) {
        self.pointsBudget = pointsBudget
        self.weightPerPoint = weightPerPoint
        self.fairnessWeight = fairnessWeight
        self.historyWeight = historyWeight
    }
}

/// An agent's record of wishes over past weeks (from the history ledger).
public struct WishHistory: Sendable, Equatable {
    public var points: Int
    public var pointsGranted: Int

    public init(points: Int, pointsGranted: Int) {
        self.points = points
        self.pointsGranted = pointsGranted
    }

    /// Share of past wish points refused, 0 when there is no record.
    public var refusedShare: Double { points > 0 ? Double(points - pointsGranted) / Double(points) : 0 }
}
