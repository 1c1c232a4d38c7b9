/// Who works when: the result of rostering, independent of how it was found.
public struct Roster: Sendable, Equatable {
    /// One shift worked by one agent, with its breaks.
    public struct Assignment: Sendable, Hashable {
        public let agentID: String
        public let start: Instant
        public let end: Instant
        /// In order of their start; the agent is off the phone during them.
        public let breaks: [Break]
        /// Activity sessions (training, coaching, meetings) in order of their start; the agent
        /// works but is off the phone during them.
        public let activities: [Session]

        public init(agentID: String, start: Instant, end: Instant, breaks: [Break] = [], activities: [Session] = []) {
            self.agentID = agentID
            self.start = start
            self.end = end
            self.breaks = breaks.sorted { $0.start < $1.start }
            self.activities = activities.sorted { ($0.start, $0.name) < ($1.start, $1.name) }
        }

        /// Real minutes less unpaid breaks.
        public var paidMinutes: Int { end - start - breaks.filter { !$0.paid }.reduce(0) { $0 + $1.end - $1.start } }

        /// The same shift with other breaks.
        public func with(breaks: [Break]) -> Assignment {
            Assignment(agentID: agentID, start: start, end: end, breaks: breaks, activities: activities)
        }
    }

    /// One session of an ``Activity`` attended inside a shift.
    public struct Session: Sendable, Hashable {
        /// The activity's name.
        public let name: String
        public let start: Instant
        public let end: Instant

        public init(name: String, start: Instant, end: Instant) {
            self.name = name
            self.start = start
            self.end = end
        }
    }

    /// A break inside a shift.
    public struct Break: Sendable, Hashable {
        public let name: String
        public let start: Instant
        public let end: Instant
        public let paid: Bool

        public init(name: String, start: Instant, end: Instant, paid: Bool) {
            self.name = name
            self.start = start
            self.end = end
            self.paid = paid
        }
    }

    /// Assignments ordered by local start date, start, then agent id.
    public let assignments: [Assignment]

    public init(assignments: [Assignment], timeZone: SiteTimeZone) {
        self.assignments = assignments.sorted {
            ($0.start, $0.agentID, $0.end) < ($1.start, $1.agentID, $1.end)
        }
    }
}

/// Staffing of one interval as rostered.
public struct IntervalCoverage: Sendable, Equatable {
    public let start: Instant
    public let end: Instant
    public let required: Int
    public let scheduled: Int
    /// Agents at work in the interval but in an activity session (not counted in `scheduled`).
    public let inActivities: Int

    public init(start: Instant, end: Instant, required: Int, scheduled: Int, inActivities: Int = 0) {
        self.start = start
        self.end = end
        self.required = required
        self.scheduled = scheduled
        self.inActivities = inActivities
    }

    public var under: Int { max(0, required - scheduled) }
    public var over: Int { max(0, scheduled - required) }
}

extension RosterProblem {
    /// Coverage of every interval by a roster, as the formulation counts it: an agent counts in
    /// the intervals of their shift that none of its breaks or activity sessions takes.
    public func coverage(of roster: Roster) -> [IntervalCoverage] {
        var scheduled = Array(repeating: 0, count: horizon.intervalCount)
        var inActivities = Array(repeating: 0, count: horizon.intervalCount)
        let shiftByTimes = Dictionary(shifts.map { (ShiftTimes(start: $0.start, end: $0.end), $0) }, uniquingKeysWith: { first, _ in first })
        for assignment in roster.assignments {
            guard let shift = shiftByTimes[ShiftTimes(start: assignment.start, end: assignment.end)] else { continue }
            for interval in coveredIntervals(shift) { scheduled[interval] += 1 }
            if let plan = breakPlanIndex(of: shift, breaks: assignment.breaks) {
                for interval in breakIntervals(shift, plan: plan) { scheduled[interval] -= 1 }
            }
            for session in assignment.activities {
                for interval in sessionIntervals(start: session.start, minutes: session.end - session.start) {
                    scheduled[interval] -= 1
                    inActivities[interval] += 1
                }
            }
        }
        return (0..<horizon.intervalCount).map { index in
            let start = horizon.intervalStart(index)
            return IntervalCoverage(start: start, end: start + horizon.intervalMinutes, required: required[index], scheduled: scheduled[index], inActivities: inActivities[index])
        }
    }
}

struct ShiftTimes: Hashable {
    let start: Instant
    let end: Instant
}
