/// An agent and the contract rules that bind their roster.
public struct Agent: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    /// Hard cap on paid minutes per calendar week (default 40 hours).
    public var maxWeeklyMinutes: Int
    /// Paid minutes the agent must work in every calendar week fully inside the horizon.
    public var minWeeklyMinutes: Int
    /// Most working days per calendar week.
    public var maxDaysPerWeek: Int
    /// Least rest between the end of one shift and the start of the next, in minutes.
    public var minRestMinutes: Int
    /// Dates on which the agent cannot work at all (no shift may touch these local days).
    public var unavailableDates: Set<LocalDate>
    /// Rules over the whole horizon (streaks, totals, weekends, shifts per template); none by default.
    public var rules: HorizonRules
    /// Teams or groups the agent belongs to (activities name them), in the order given.
    public var teams: [String]
    /// Queues the agent can serve, with their priority (1 first); empty: every queue of a
    /// multi-queue problem (``RosterProblem/with(queues:required:)``). Ignored with one queue.
    public var skills: [Skill]

    public static let defaultMaxWeeklyMinutes = 40 * 60
    public static let defaultMaxDaysPerWeek = 5
    public static let defaultMinRestMinutes = 11 * 60

    public init(
        id: String, name: String, email: String = "",
        maxWeeklyMinutes: Int = Agent.defaultMaxWeeklyMinutes, minWeeklyMinutes: Int = 0,
        maxDaysPerWeek: Int = Agent.defaultMaxDaysPerWeek, minRestMinutes: Int = Agent.defaultMinRestMinutes,
        unavailableDates: Set<LocalDate> = [], rules: HorizonRules = HorizonRules(), teams: [String] = [],
        skills: [Skill] = []
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.maxWeeklyMinutes = maxWeeklyMinutes
        self.minWeeklyMinutes = minWeeklyMinutes
        self.maxDaysPerWeek = maxDaysPerWeek
        self.minRestMinutes = minRestMinutes
        self.unavailableDates = unavailableDates
        self.rules = rules
        self.teams = teams
        self.skills = skills
    }
}
