/// Contract rules of one agent over the whole planning horizon, beyond the weekly ones: how many
/// shifts of each template, how many paid minutes in total, how long working and resting streaks
/// may or must be, and how many weekends. Every rule is hard and optional (nil: no rule).
///
/// Days are the local dates shifts start on; a streak that touches the first or last day of the
/// horizon is exempt from the minimum lengths (it may continue outside the horizon).
public struct HorizonRules: Sendable, Hashable {
    /// Most shifts of a template over the horizon, by template name (0: never that template).
    public var maxShiftsPerTemplate: [String: Int]
    /// Least and most paid minutes over the horizon.
    public var minTotalMinutes: Int?
    public var maxTotalMinutes: Int?
    /// Most working days in a row.
    public var maxConsecutiveWorkingDays: Int?
    /// Least working days in a row (streaks inside the horizon).
    public var minConsecutiveWorkingDays: Int?
    /// Least days off in a row (streaks inside the horizon).
    public var minConsecutiveDaysOff: Int?
    /// Most weekends with work on the Saturday or the Sunday.
    public var maxWorkingWeekends: Int?

    public init(
        maxShiftsPerTemplate: [String: Int] = [:], minTotalMinutes: Int? = nil, maxTotalMinutes: Int? = nil,
        maxConsecutiveWorkingDays: Int? = nil, minConsecutiveWorkingDays: Int? = nil, minConsecutiveDaysOff: Int? = nil,
        maxWorkingWeekends: Int? = nil
    ) {
        self.maxShiftsPerTemplate = maxShiftsPerTemplate
        self.minTotalMinutes = minTotalMinutes
        self.maxTotalMinutes = maxTotalMinutes
        self.maxConsecutiveWorkingDays = maxConsecutiveWorkingDays
        self.minConsecutiveWorkingDays = minConsecutiveWorkingDays
        self.minConsecutiveDaysOff = minConsecutiveDaysOff
        self.maxWorkingWeekends = maxWorkingWeekends
    }

    /// No rule at all.
    public var isEmpty: Bool { self == HorizonRules() }
}

/// A forbidden succession: a shift of template `first` on one day may not be followed by a shift of
/// template `next` on the next day (for example a late shift followed by an early one).
public struct ForbiddenSuccession: Sendable, Hashable {
    public var first: String
    public var next: String

    public init(first: String, next: String) {
        self.first = first
        self.next = next
    }
}

/// A weighted request by an agent about one template on one day: to work it (`on`, paid for when
/// the agent does not work exactly that template that day) or not to work it (`off`, paid for
/// when they do). Unlike preference-file wishes these carry their own objective weight.
public struct ShiftRequest: Sendable, Equatable {
    public enum Kind: String, Sendable { case on, off }

    public var agentID: String
    /// Day index in the horizon.
    public var day: Int
    public var template: String
    public var kind: Kind
    public var weight: Double

    public init(agentID: String, day: Int, template: String, kind: Kind, weight: Double) {
        self.agentID = agentID
        self.day = day
        self.template = template
        self.kind = kind
        self.weight = weight
    }
}

/// A day-level requirement: agents wanted on shifts of one template starting on one day, with
/// the penalty per agent short and per agent extra. For sites that staff by shift type rather than
/// by interval.
public struct ShiftDemand: Sendable, Equatable {
    /// Day index in the horizon.
    public var day: Int
    public var template: String
    public var required: Int
    public var underWeight: Double
    public var overWeight: Double

    public init(day: Int, template: String, required: Int, underWeight: Double, overWeight: Double) {
        self.day = day
        self.template = template
        self.required = required
        self.underWeight = underWeight
        self.overWeight = overWeight
    }
}

/// The rules of a problem that speak of templates and days rather than intervals.
public struct DayLevelRules: Sendable, Equatable {
    public var successions: [ForbiddenSuccession]
    public var requests: [ShiftRequest]
    public var demands: [ShiftDemand]

    public init(successions: [ForbiddenSuccession] = [], requests: [ShiftRequest] = [], demands: [ShiftDemand] = []) {
        self.successions = successions
        self.requests = requests
        self.demands = demands
    }

    public var isEmpty: Bool { successions.isEmpty && requests.isEmpty && demands.isEmpty }
}

extension RosterProblem {
    /// Whether any agent has a horizon rule or the problem has a day-level rule.
    public var usesHorizonRules: Bool {
        !dayLevel.isEmpty || agents.contains { !$0.rules.isEmpty }
    }

    /// Templates that may not follow `template` on the next day.
    func forbiddenAfter(_ template: String) -> Set<String> {
        Set(dayLevel.successions.filter { $0.first == template }.map(\.next))
    }

    /// Day indices that are Saturdays or Sundays, grouped by weekend (a Saturday and the Sunday
    /// after it; a horizon that starts on a Sunday has a weekend of one day first).
    public var weekends: [[Int]] {
        var groups: [[Int]] = []
        for (day, date) in horizon.dates.enumerated() {
            switch date.weekday {
            case .saturday: groups.append([day])
            case .sunday:
                if day > 0, horizon.dates[day - 1].weekday == .saturday { groups[groups.count - 1].append(day) } else { groups.append([day]) }
            default: break
            }
        }
        return groups
    }
}
