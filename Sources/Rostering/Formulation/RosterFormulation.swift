import LinearProgramming

/// The full per-agent integer program of a ``RosterProblem``.
///
/// One binary per (agent, eligible shift); each constraint family lives in its own file and adds
/// named rows: `addCoverage()`, `addOneShiftPerDay()`, `addWeeklyHours()`,
/// `addMaxDaysPerWeek()`, `addRestBetweenShifts()`. docs/formulation.md gives the maths.
public struct RosterFormulation: Sendable {
    public let problem: RosterProblem
    public internal(set) var model: MIPModel
    /// Per agent (index as in `problem.agents`): its eligible shifts and their variables, by shift order.
    public internal(set) var assignmentVariables: [[AssignmentVariable]] = []
    /// Per interval: under- and over-staffing slack (nil where the interval needs no row).
    public internal(set) var underStaffing: [Variable?] = []
    public internal(set) var overStaffing: [Variable?] = []
    /// With queues: every under- and over-staffing variable per queue and interval with its
    /// objective cost (``addQueueCoverage(onPhone:)``).
    var queueSlackCosts: [(variable: Variable, cost: Double)] = []
    /// Per shift with several placements of its breaks: the count of agents taking each
    /// (``addBreakCounts()``).
    public internal(set) var breakCounts: [Int: [(plan: Int, variable: Variable)]] = [:]
    /// Activity sessions and the own break placements of agents in them (``addActivities(placements:)``).
    public internal(set) var activitySessions: [ActivitySessionVariable] = []
    public internal(set) var ownPlacements: [OwnPlacementVariable] = []
    /// Agents with break-window wishes on shifts with break counts, by class of placements
    /// (``addBreakWindowWishes(_:)``).
    public internal(set) var breakWindowVariables: [BreakWindowVariable] = []
    /// Breaks as every agent's own placements instead of counts per shift (``init(explicitBreaks:)``).
    public internal(set) var explicitBreaks = false
    /// Whether the families are written in their compact form: the same integer points and the
    /// same LP relaxation, with far fewer non-zeros (chosen above ``compactAbove`` assignment
    /// variables; see ``addDayChains()``, ``addRestBetweenShifts()`` and ``addCoverage(placements:)``).
    public internal(set) var isCompact = false
    /// Coverage groups: one, or with queues one per skill set (``RosterProblem/skillSets()``);
    /// each agent's group. Break counts and shift counts are kept per shift and group
    /// (``countKey(shift:agent:)``), so that coverage can tell which agents a queue may use.
    public internal(set) var skillSets: [[Int]] = [[0]]
    var groupOfAgent: [Int] = []
    /// Compact form: per agent and day, the running sums of its shifts by end, ascending
    /// (``addDayChains()``); the first is the day's total.
    var dayChains: [[Int: [(end: Instant, variable: Variable)]]] = []

    /// `x[a,s]`: agent `agent` works `shift`.
    public struct AssignmentVariable: Sendable, Equatable {
        public let shift: Int
        public let variable: Variable
    }

    /// Builds the full model with every constraint family, in the compact form when `compact`
    /// says so or, when it is nil, above ``compactAbove`` assignment variables.
    public init(problem: RosterProblem, compact: Bool? = nil) {
        self.problem = problem
        self.model = MIPModel(name: Self.safeName(problem.name))
        addAssignmentVariables()
        addFamilies(compact: compact)
    }

    /// Runs every constraint family as ``init(problem:compact:)`` does but only counts the rows (see
    /// ``MIPModel/sizing(name:)``): `model.size` is the full model's size, without holding it.
    /// Time O(non-zeros of the full model), memory O(variables).
    public init(sizing problem: RosterProblem, compact: Bool? = nil) {
        self.problem = problem
        self.model = MIPModel.sizing(name: Self.safeName(problem.name))
        addAssignmentVariables()
        addFamilies(compact: compact)
    }

    /// Above this many assignment variables the families are written in their compact form. The
    /// per-agent form's rest cliques and coverage rows hold O(pairs × shift length) non-zeros:
    /// the 24/7 week (2.8 million pairs) needed over 15 GB. Below it (every model the search's
    /// neighbourhoods build, and the XL week's 550,000 pairs) the per-agent form is kept.
    public static let compactAbove = 600_000

    /// Every constraint family after the assignment variables, in the form chosen.
    private mutating func addFamilies(compact: Bool?, placements: ((Int) -> [Int])? = nil, sessionStarts: ((Int, Int) -> Set<Instant>)? = nil) {
        let pairs = assignmentVariables.reduce(0) { $0 + $1.count }
        isCompact = compact ?? (pairs > Self.compactAbove)
        if isCompact { addDayChains() }
        addCoverage(placements: placements, sessionStarts: sessionStarts)
        addShiftDemands()
        addAgentRules()
    }

    /// The full model's size when it has at most `limit` assignment variables (agent × eligible
    /// shift pairs, counted first in O(agents × shifts)); nil for a larger one, whose sizing pass
    /// would itself take long (about 1.2 s for 550,000 pairs and 8.6 million non-zeros, the XL
    /// week of roster-bench).
    public static func fullModelSize(of problem: RosterProblem, assignmentLimit limit: Int = 600_000) -> ModelSize? {
        guard hasAtMost(limit, assignmentsIn: problem) else { return nil }
        return RosterFormulation(sizing: problem).model.size
    }

    /// Whether the full model has at most `limit` assignment variables (agent × eligible shift
    /// pairs). O(agents × shifts), stopping once past the limit.
    static func hasAtMost(_ limit: Int, assignmentsIn problem: RosterProblem) -> Bool {
        var pairs = 0
        for agent in problem.agents {
            pairs += problem.shifts.reduce(0) { $0 + (problem.isEligible(agent, for: $1) ? 1 : 0) }
            if pairs > limit { return false }
        }
        return true
    }

    /// Most assignment variables (agent × eligible shift pairs) of a full model solved by GLPK,
    /// which holds its own copy beside ours. The XL week (1,550 agents) has 550,000 and needs
    /// about 1 GB to build and solve.
    public static let largestFullModel = 1_500_000

    /// Most assignment variables of a full model written as an LP file (``LPFile`` streams it, so
    /// only our model is held, in the compact form): the 24/7 week of roster-bench (600 agents,
    /// 4,704 shifts, 2.8 million pairs, 15.8 million non-zeros) peaks at 1.3 GB and 30 s, about
    /// 460 bytes a pair, so this many stay under 2 GB.
    public static let largestWrittenModel = 4_000_000

    /// Why the full model of `problem` is not built, in words; nil when it has at most `limit`
    /// assignment variables. O(agents × shifts), stopping at the limit.
    public static func sizeRefusal(of problem: RosterProblem, limit: Int = largestFullModel) -> String? {
        guard !hasAtMost(limit, assignmentsIn: problem) else { return nil }
        return "the full model would have more than \(limit) assignment variables (\(problem.agents.count) agents, "
            + "\(problem.shifts.count) shifts), too large to build in memory"
    }

    /// The full model with the breaks enumerated per agent: a binary `w[a,s,p]` per agent,
    /// shift and placement (``addExplicitPlacements(placements:)``) instead of the counts
    /// `b[s,p]`. The same roster optimum, with far more variables: the model "every shift ×
    /// break placement" a solver without our counts would be given, for timing peer solvers on
    /// it (`roster-bench --write-lp FILE --explicit-breaks`). Not for problems with activities,
    /// whose sessions already give their agents placements of their own (nil then).
    public init?(explicitBreaks problem: RosterProblem) {
        guard !problem.hasActivities else { return nil }
        self.problem = problem
        self.model = MIPModel(name: Self.safeName(problem.name) + "_explicit")
        explicitBreaks = true
        addAssignmentVariables()
        addFamilies(compact: false)
    }

    /// Builds the full model over a subset of shifts: agent `a` may only work shifts `s` with
    /// `allowed(a, s)`. Used to search near the LP's shifts; its optimum is an upper bound.
    /// With `placements`, a shift's breaks may take only the placements it lists (indices into
    /// ``RosterProblem/breakPlans(of:)``); with `sessionStarts`, a session of activity k on
    /// shift s may start only at `sessionStarts(k, s)` (of those that fit).
    public init(
        problem: RosterProblem, restrictedTo allowed: (Int, Shift) -> Bool, placements: ((Int) -> [Int])? = nil,
        sessionStarts: ((Int, Int) -> Set<Instant>)? = nil
    ) {
        self.problem = problem
        self.model = MIPModel(name: Self.safeName(problem.name) + "_restricted")
        addAssignmentVariables(allowed: allowed)
        addFamilies(compact: nil, placements: placements, sessionStarts: sessionStarts)
    }

    /// The per-agent hard rules, and the agents' wishes with fairness.
    mutating func addAgentRules() {
        addPreferences()
        addPublishedChanges()
        addPublishedBreakChanges()
        addPublishedSessionChanges()
        addOneShiftPerDay()
        addWeeklyHours()
        addMaxDaysPerWeek()
        addRestBetweenShifts()
        addShiftRequests()
        addForbiddenSuccessions()
        addHorizonTotals()
        addWorkingStreaks()
        addWorkingWeekends()
    }

    /// Builds a model with only the assignment variables, for tests of one family at a time.
    init(variablesOnly problem: RosterProblem) {
        self.problem = problem
        self.model = MIPModel(name: Self.safeName(problem.name))
        addAssignmentVariables()
    }

    /// Adds one binary per agent and eligible shift.
    mutating func addAssignmentVariables(allowed: (Int, Shift) -> Bool = { _, _ in true }) {
        (skillSets, groupOfAgent) = problem.skillSets()
        assignmentVariables = problem.agents.enumerated().map { agentIndex, agent in
            problem.shifts.filter { allowed(agentIndex, $0) && problem.isEligible(agent, for: $0) }.map { shift in
                let name = "x(\(Self.label(agent.id)),\(label(shift)))"
                return AssignmentVariable(shift: shift.index, variable: model.addVariable(name, kind: .binary))
            }
        }
    }

    /// Readable name fragment for a shift: `Mon1123_0900_8h`.
    func label(_ shift: Shift) -> String {
        let minutes = shift.paidMinutes
        let length = minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes)m"
        return "\(label(instant: shift.start))_\(length)"
    }

    /// Readable name fragment for an instant: `Mon1123_0930`.
    func label(instant: Instant) -> String {
        let local = problem.horizon.timeZone.local(instant)
        let date = local.date
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.weekday.abbreviation)\(twoDigits(date.month))\(twoDigits(date.day))_"
            + "\(twoDigits(local.minuteOfDay / 60))\(twoDigits(local.minuteOfDay % 60))"
    }

    /// Readable name fragment for a day index: `Mon1123`.
    func label(day: Int) -> String {
        let date = problem.horizon.startDate.adding(days: day)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.weekday.abbreviation)\(twoDigits(date.month))\(twoDigits(date.day))"
    }

    static func label(_ agentID: String) -> String { agentID }

    /// The key of the counts (agents on a shift, break counts) `agent` takes part in on
    /// `shift`: the shift's index, offset by the agent's coverage group when there are several.
    func countKey(shift: Int, agent: Int) -> Int {
        skillSets.count == 1 ? shift : shift + groupOfAgent[agent] * problem.shifts.count
    }

    /// Coverage terms are gathered per slot: an interval of a coverage group,
    /// `group × intervals + interval` (the interval itself with one group).
    func slot(_ interval: Int, agent: Int) -> Int {
        skillSets.count == 1 ? interval : groupOfAgent[agent] * problem.horizon.intervalCount + interval
    }

    /// Slots of coverage terms: intervals × coverage groups.
    var slotCount: Int { skillSets.count * problem.horizon.intervalCount }

    /// The shift and coverage group of a count key (``countKey(shift:agent:)``).
    func split(countKey key: Int) -> (shift: Int, group: Int) {
        (key % problem.shifts.count, key / problem.shifts.count)
    }

    /// A count's name fragment: the shift's label, with the skill set's number when there are several.
    func label(countKey key: Int) -> String {
        let (shift, group) = split(countKey: key)
        return skillSets.count == 1 ? label(problem.shifts[shift]) : "\(label(problem.shifts[shift])),g\(group + 1)"
    }

    static func safeName(_ name: String) -> String { name.isEmpty ? "roster" : name }

    /// The roster a solution's values describe, each shift with its breaks.
    public func decode(_ values: [Double]) -> Roster {
        let plans = breakPlans(values)
        let sessions = activityValues(values).sessions
        var assignments: [Roster.Assignment] = []
        for (agentIndex, variables) in assignmentVariables.enumerated() {
            for entry in variables where values[entry.variable.index] > 0.5 {
                let shift = problem.shifts[entry.shift]
                let id = problem.agents[agentIndex].id
                let plan = plans[ShiftKey(agent: id, start: shift.start, end: shift.end)] ?? 0
                assignments.append(Roster.Assignment(
                    agentID: id, start: shift.start, end: shift.end, breaks: problem.breaks(of: shift, plan: plan),
                    activities: sessions[AgentShiftKey(agent: agentIndex, shift: entry.shift)] ?? []))
            }
        }
        return Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
    }

    /// Each agent's shifts and the placements of their breaks, from a solution's values.
    func decodePlans(_ values: [Double]) -> [[(shift: Int, plan: Int)]] {
        let plans = breakPlans(values)
        return assignmentVariables.enumerated().map { agentIndex, entries in
            entries.filter { values[$0.variable.index] > 0.5 }.map { entry in
                let shift = problem.shifts[entry.shift]
                return (entry.shift, plans[ShiftKey(agent: problem.agents[agentIndex].id, start: shift.start, end: shift.end)] ?? 0)
            }
        }
    }

    /// The variables ``point(works:)`` sets: every assignment and every break count. The others
    /// (slack, indicators such as a weekend worked, day totals) follow from them.
    var decisionVariables: [Int] {
        assignmentVariables.joined().map(\.variable.index) + breakCounts.values.joined().map(\.variable.index)
    }

    /// The model point of a roster given as `works(agent index, shift index)` (the placement of
    /// the shift's breaks, or nil when the agent does not work it): assignment variables at 0 or
    /// 1, break counts as the placements add up, everything else 0 (complete it with
    /// ``MIPSolver/completion(of:fixing:at:options:)`` over ``decisionVariables``).
    func point(works: (Int, Int) -> Int?) -> [Double] {
        var point = Array(repeating: 0.0, count: model.variables.count)
        for (agentIndex, entries) in assignmentVariables.enumerated() {
            for entry in entries {
                guard let plan = works(agentIndex, entry.shift) else { continue }
                point[entry.variable.index] = 1
                if let count = breakCounts[countKey(shift: entry.shift, agent: agentIndex)]?.first(where: { $0.plan == plan }) { point[count.variable.index] += 1 }
            }
        }
        return point
    }

    /// The model point of a roster (shifts matched by agent, start and end; breaks by placement).
    func point(of roster: Roster) -> [Double] {
        var rostered: [ShiftKey: [Roster.Break]] = [:]
        for assignment in roster.assignments { rostered[ShiftKey(agent: assignment.agentID, start: assignment.start, end: assignment.end)] = assignment.breaks }
        return point { agentIndex, shiftIndex in
            let shift = problem.shifts[shiftIndex]
            guard let breaks = rostered[ShiftKey(agent: problem.agents[agentIndex].id, start: shift.start, end: shift.end)] else { return nil }
            return problem.breakPlanIndex(of: shift, breaks: breaks) ?? 0
        }
    }

    /// `Σ x[a,s]` over the agent's shifts starting on `day` (empty when it has none); in the
    /// compact form the day's total variable.
    func work(agent agentIndex: Int, day: Int) -> LinearExpression {
        if isCompact {
            guard let total = dayChains[agentIndex][day]?.first else { return LinearExpression() }
            return LinearExpression([LinearTerm(total.variable, 1)])
        }
        return LinearExpression(assignmentVariables[agentIndex].filter { problem.shifts[$0.shift].day == day }.map { LinearTerm($0.variable, 1) })
    }

    /// An agent's eligible shifts grouped by day.
    func shiftsByDay(agent agentIndex: Int) -> [Int: [AssignmentVariable]] {
        Dictionary(grouping: assignmentVariables[agentIndex]) { problem.shifts[$0.shift].day }
    }

    /// An agent's eligible shifts grouped by calendar week (of the day each starts on).
    func shiftsByWeek(agent agentIndex: Int) -> [Int: [AssignmentVariable]] {
        Dictionary(grouping: assignmentVariables[agentIndex]) { problem.horizon.weekIndex(ofDay: problem.shifts[$0.shift].day) }
    }
}
