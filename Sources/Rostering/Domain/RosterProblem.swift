/// Penalty weights of the objective, per agent-hour so that they do not depend on the interval length.
public struct ObjectiveWeights: Sendable, Equatable {
    /// Penalty for each missing agent-hour against the requirement.
    public var underStaffingPerAgentHour: Double
    /// Penalty for each agent-hour above the requirement.
    public var overStaffingPerAgentHour: Double

    public static let defaults = ObjectiveWeights(underStaffingPerAgentHour: 100, overStaffingPerAgentHour: 10)

    public init(underStaffingPerAgentHour: Double, overStaffingPerAgentHour: Double) {
        self.underStaffingPerAgentHour = underStaffingPerAgentHour
        self.overStaffingPerAgentHour = overStaffingPerAgentHour
    }
}

/// Everything one rostering run needs: the horizon, the candidate shifts, the agents, the
/// staffing requirement per interval and the objective weights.
public struct RosterProblem: Sendable {
    public let name: String
    public let horizon: PlanningHorizon
    public let templates: [ShiftTemplate]
    public private(set) var agents: [Agent]
    /// Required agents per interval of the horizon (index as in ``PlanningHorizon``).
    public internal(set) var required: [Int]
    public let weights: ObjectiveWeights
    /// Candidate shifts generated from the templates, ordered by start, then end.
    public internal(set) var shifts: [Shift]
    /// Breaks every shift of a rule's lengths takes (see ``with(breakRules:)``).
    public internal(set) var breakRules: [BreakRule] = []
    /// The placements of each shift length's breaks, for lengths a break rule covers.
    var breakPlansByLength: [Int: [BreakPlan]] = [:]
    /// Training, coaching and meetings placed inside shifts (see ``with(activities:)``).
    public internal(set) var activities: [Activity] = []
    /// Per activity: the instants its sessions may start at (``starts(of:horizon:)``).
    public internal(set) var activityStarts: [[Instant]] = []
    /// Per activity: sessions held in each interval by agents outside this problem (a search's
    /// neighbourhood keeps everyone else's roster), which count against its at-once limit.
    /// Empty for a whole problem.
    var sessionsElsewhere: [[Int: Int]] = []
    /// With queues: per skill set (its queue indices, sorted), the agents on the phone in each
    /// interval who are outside this problem (a search's neighbourhood keeps everyone else's
    /// roster); they are allocated to the queues together with this problem's agents. Empty for
    /// a whole problem.
    var queueSupplyElsewhere: [[Int]: [Int]] = [:]
    /// Agents' wishes and hard unavailability, by agent id.
    public private(set) var preferences: [String: AgentPreferences] = [:]
    public private(set) var preferencePolicy = PreferencePolicy.defaults
    /// Agents' records from past weeks, by agent id.
    public private(set) var history: [String: WishHistory] = [:]
    /// A roster published earlier for this horizon: re-rostering pays for every change to it.
    public private(set) var published: Roster?
    /// Objective penalty per changed agent-day (a shift added, removed or moved).
    public private(set) var changeWeight: Double = 0
    /// Objective penalty per kept shift whose published breaks move (re-rostering with breaks).
    public private(set) var breakChangeWeight: Double = 0
    /// Objective penalty per published activity session not kept at its time (moved or dropped).
    public private(set) var activityChangeWeight: Double = 0
    /// The published roster's shifts by agent, start and end.
    var publishedShifts: [PublishedShiftKey: Roster.Assignment] = [:]
    /// Whether published shifts the agent may still work must be kept.
    public private(set) var lockPublished = false
    /// Forbidden successions, weighted shift requests and day-level requirements per template.
    public private(set) var dayLevel = DayLevelRules()
    /// Queues of a multi-skill site, in the order first listed; empty for one queue
    /// (``with(queues:required:)``).
    public internal(set) var queues: [String] = []
    /// Required agents per queue (index as in ``queues``) and interval; ``required`` is their sum.
    public internal(set) var queueRequired: [[Int]] = []
    /// Whether the interval requirements count: false for a site that staffs only by day-level
    /// requirements, whose intervals then carry no row and no penalty.
    public private(set) var staffsByInterval = true

    /// The same problem with day-level rules; `staffsByInterval: false` drops the interval
    /// requirements from the objective.
    public func with(dayLevel rules: DayLevelRules, staffsByInterval: Bool) -> RosterProblem {
        var copy = self
        copy.dayLevel = rules
        copy.staffsByInterval = staffsByInterval
        return copy
    }

    /// The same problem for some of its agents only (in the order given), with another
    /// requirement: what is left to cover once everyone else's shifts are kept. Shifts, wishes
    /// and history stay as they are; activities keep only these agents as attendees, and shift
    /// requests only theirs.
    func subproblem(agents indices: [Int], required: [Int]) -> RosterProblem {
        var copy = self
        copy.agents = indices.map { agents[$0] }
        copy.required = required.map { max(0, $0) }
        // Activities keep the attendees among these agents (a meeting's share counts them only),
        // and shift requests are these agents' only (another's would be a constant here).
        let kept = Set(copy.agents.map(\.id))
        copy.dayLevel.requests = dayLevel.requests.filter { kept.contains($0.agentID) }
        copy.activities = activities.map { activity in
            var local = activity
            local.attendees = activity.attendees.filter { kept.contains($0) }
            return local
        }
        return copy
    }

    /// The same problem with the same agents' contracts changed (ids and order kept).
    func replacingAgents(_ changed: [Agent]) -> RosterProblem {
        precondition(changed.map(\.id) == agents.map(\.id), "the same agents in the same order")
        var copy = self
        copy.agents = changed
        return copy
    }

    /// The same problem re-rostered against a published roster. `weightPerBreakChange` is paid
    /// for each kept shift whose published breaks move (default a quarter of `weightPerChange`;
    /// see ``publishedBreakPlan(agent:shift:)``), `weightPerActivityChange` for each published
    /// activity session not kept at its time (default a quarter too).
    public func with(
        published: Roster, weightPerChange: Double, weightPerBreakChange: Double? = nil, weightPerActivityChange: Double? = nil, lock: Bool
    ) -> RosterProblem {
        var copy = self
        copy.published = published
        copy.changeWeight = weightPerChange
        copy.breakChangeWeight = weightPerBreakChange ?? weightPerChange / 4
        copy.activityChangeWeight = weightPerActivityChange ?? weightPerChange / 4
        copy.lockPublished = lock
        copy.publishedShifts = Dictionary(
            published.assignments.map { (PublishedShiftKey(agentID: $0.agentID, start: $0.start, end: $0.end), $0) },
            uniquingKeysWith: { first, _ in first })
        return copy
    }
    /// Hard unavailability windows (instants) by agent id, from the preferences.
    private var unavailableWindows: [String: [(start: Instant, end: Instant)]] = [:]
    /// The only shifts (indices into ``shifts``) an agent may work, by agent id: a search's
    /// neighbourhood over a window of days keeps each freed agent's shifts outside it.
    var onlyShifts: [String: Set<Int>] = [:]

    /// Why a problem cannot be built from its parts.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(
        name: String, horizon: PlanningHorizon, templates: [ShiftTemplate], agents: [Agent], required: [Int],
        weights: ObjectiveWeights = .defaults
    ) throws(Problem) {
        guard required.count == horizon.intervalCount else {
            throw Problem(description: "\(required.count) requirements given for \(horizon.intervalCount) intervals")
        }
        self.name = name
        self.horizon = horizon
        self.templates = templates
        self.agents = agents
        self.required = required
        self.weights = weights
        self.shifts = try Self.generateShifts(horizon: horizon, templates: templates)
    }

    /// Candidate shifts: every template's start times and lengths on every allowed day, skipping
    /// wall-clock starts or ends that do not exist that day (clocks going forward); an ambiguous
    /// start or end (clocks going back) takes its first occurrence. Duplicates are kept once.
    static func generateShifts(horizon: PlanningHorizon, templates: [ShiftTemplate]) throws(Problem) -> [Shift] {
        struct Key: Hashable { let start: Instant, end: Instant }
        var seen = Set<Key>()
        var candidates: [(day: Int, start: Instant, end: Instant, template: String)] = []
        for (day, date) in horizon.dates.enumerated() {
            for template in templates where template.weekdays.contains(date.weekday) {
                for startMinute in template.startTimes {
                    let localStart = LocalDateTime(date: date, minuteOfDay: startMinute)
                    guard let start = firstInstant(horizon.timeZone.resolve(localStart)) else { continue }
                    for length in template.lengthsMinutes {
                        let localEnd = LocalDateTime(wallMinutes: localStart.wallMinutes + length)
                        guard let end = firstInstant(horizon.timeZone.resolve(localEnd)), end > start else { continue }
                        guard (start - horizon.start) % horizon.intervalMinutes == 0,
                            (end - horizon.start) % horizon.intervalMinutes == 0
                        else {
                            throw Problem(
                                description: "shift template '\(template.name)': the shift \(localStart) lasting \(length) min is off the \(horizon.intervalMinutes)-minute interval grid")
                        }
                        if seen.insert(Key(start: start, end: end)).inserted {
                            candidates.append((day, start, end, template.name))
                        }
                    }
                }
            }
        }
        candidates.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return candidates.enumerated().map { index, candidate in
            Shift(index: index, day: candidate.day, start: candidate.start, end: candidate.end, templateName: candidate.template)
        }
    }

    /// The instant of a resolved wall-clock time: its first occurrence when ambiguous, nil when it does not exist.
    static func firstInstant(_ resolution: SiteTimeZone.Resolution) -> Instant? {
        switch resolution {
        case .unique(let instant), .ambiguous(let instant, _): return instant
        case .nonexistent: return nil
        }
    }

    /// The same problem with agents' records from past weeks: refused wishes then weigh more now.
    public func with(history: [String: WishHistory]) -> RosterProblem {
        var copy = self
        copy.history = history
        return copy
    }

    /// Objective weight of one point of `agentID`'s wishes: the policy's weight per point, raised
    /// by the agent's past refusals.
    public func wishWeightPerPoint(agentID: String) -> Double {
        preferencePolicy.weightPerPoint * (1 + preferencePolicy.historyWeight * (history[agentID]?.refusedShare ?? 0))
    }

    /// The same problem with agents' preferences (wishes are soft, unavailability hard).
    public func with(preferences: [String: AgentPreferences], policy: PreferencePolicy) -> RosterProblem {
        var copy = self
        copy.preferences = preferences
        copy.preferencePolicy = policy
        copy.unavailableWindows = preferences.mapValues { entry in
            entry.unavailable.map { $0.instants(in: horizon.timeZone) }
        }
        return copy
    }

    /// Whether `agent` may work `shift` at all: the shift touches none of the agent's unavailable
    /// local days nor any unavailable window of their preference file, and it fits the weekly cap
    /// on its own.
    public func isEligible(_ agent: Agent, for shift: Shift) -> Bool {
        guard shift.paidMinutes <= agent.maxWeeklyMinutes, agent.maxDaysPerWeek > 0 else { return false }
        if agent.rules.maxShiftsPerTemplate[shift.templateName] == 0 { return false }
        if let cap = agent.rules.maxTotalMinutes, shift.paidMinutes > cap { return false }
        if !onlyShifts.isEmpty, let only = onlyShifts[agent.id], !only.contains(shift.index) { return false }
        if let windows = unavailableWindows[agent.id],
            windows.contains(where: { $0.start < shift.end && $0.end > shift.start })
        {
            return false
        }
        if agent.unavailableDates.isEmpty { return true }
        let firstDate = horizon.timeZone.local(shift.start).date
        let lastDate = horizon.timeZone.local(shift.end - 1).date
        var date = firstDate
        while date <= lastDate {
            if agent.unavailableDates.contains(date) { return false }
            date = date.adding(days: 1)
        }
        return true
    }

    /// Interval indices (inside the horizon) that `shift` covers.
    public func coveredIntervals(_ shift: Shift) -> Range<Int> {
        let first = max(0, (shift.start - horizon.start) / horizon.intervalMinutes)
        let last = min(horizon.intervalCount, (shift.end - horizon.start) / horizon.intervalMinutes)
        return first..<max(first, last)
    }
}
