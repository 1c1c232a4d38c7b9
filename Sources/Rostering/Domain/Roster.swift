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
    /// Agents on the phone: at work, outside their breaks and activity sessions.
    public let scheduled: Int
    /// Agents at work in the interval but in an activity session (not counted in `scheduled`).
    public let inActivities: Int
    /// Per queue (order of ``RosterProblem/queues``) of a multi-queue problem; empty with one queue.
    public let byQueue: [QueueCoverage]

    public init(start: Instant, end: Instant, required: Int, scheduled: Int, inActivities: Int = 0, byQueue: [QueueCoverage] = []) {
        self.start = start
        self.end = end
        self.required = required
        self.scheduled = scheduled
        self.inActivities = inActivities
        self.byQueue = byQueue
    }

    /// Missing agents: per queue summed when there are queues (an agent on one queue does not
    /// cover another), else against the total.
    public var under: Int { byQueue.isEmpty ? max(0, required - scheduled) : byQueue.reduce(0) { $0 + $1.under } }
    public var over: Int { byQueue.isEmpty ? max(0, scheduled - required) : byQueue.reduce(0) { $0 + $1.over } }
}

/// Staffing of one queue in one interval: the agents on the phone allocated to it.
public struct QueueCoverage: Sendable, Equatable {
    public let queue: String
    public let required: Int
    public let staffed: Int

    public init(queue: String, required: Int, staffed: Int) {
        self.queue = queue
        self.required = required
        self.staffed = staffed
    }

    public var under: Int { max(0, required - staffed) }
    public var over: Int { max(0, staffed - required) }
}

/// An agent named for a queue over a stretch of intervals (multi-queue problems).
public struct QueueAssignment: Sendable, Equatable {
    public let agentID: String
    public let queue: String
    public let start: Instant
    public let end: Instant
}

extension RosterProblem {
    /// Coverage of every interval by a roster, as the formulation counts it: an agent counts in
    /// the intervals of their shift that none of its breaks or activity sessions takes. With
    /// queues, each interval's agents are divided among the queues (``queueAssignments(of:)``).
    public func coverage(of roster: Roster) -> [IntervalCoverage] {
        let phone = onThePhone(roster)
        var inActivities = Array(repeating: 0, count: horizon.intervalCount)
        for assignment in roster.assignments {
            for session in assignment.activities {
                for interval in sessionIntervals(start: session.start, minutes: session.end - session.start) { inActivities[interval] += 1 }
            }
        }
        let staffed = hasQueues ? queueStaffing(phone: phone).staffed : []
        return (0..<horizon.intervalCount).map { index in
            let start = horizon.intervalStart(index)
            let byQueue = staffed.isEmpty ? [] : queues.indices.map { QueueCoverage(queue: queues[$0], required: queueRequired[$0][index], staffed: staffed[index][$0]) }
            return IntervalCoverage(
                start: start, end: start + horizon.intervalMinutes, required: required[index], scheduled: phone[index].count,
                inActivities: inActivities[index], byQueue: byQueue)
        }
    }

    /// Per interval, the agents (indices into ``agents``, ascending) on the phone: on a shift of
    /// the problem, outside its breaks and sessions.
    func onThePhone(_ roster: Roster) -> [[Int]] {
        var phone = Array(repeating: [Int](), count: horizon.intervalCount)
        let shiftByTimes = Dictionary(shifts.map { (ShiftTimes(start: $0.start, end: $0.end), $0) }, uniquingKeysWith: { first, _ in first })
        let agentIndex = Dictionary(agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for assignment in roster.assignments {
            guard let shift = shiftByTimes[ShiftTimes(start: assignment.start, end: assignment.end)], let agent = agentIndex[assignment.agentID] else { continue }
            var away = Set<Int>()
            if let plan = breakPlanIndex(of: shift, breaks: assignment.breaks) { away.formUnion(breakIntervals(shift, plan: plan)) }
            for session in assignment.activities { away.formUnion(sessionIntervals(start: session.start, minutes: session.end - session.start)) }
            for interval in coveredIntervals(shift) where !away.contains(interval) { phone[interval].append(agent) }
        }
        return phone.map { $0.sorted() }
    }

    /// Which queue each agent on the phone serves, merged into stretches, ordered by agent then
    /// start. Each interval's division is a maximum flow (``QueueAllocation``); agents then keep
    /// the queue they served the interval before where the division allows, else take their
    /// first skill by priority that still needs someone; agents beyond the requirement stay on
    /// their previous queue or take their first skill (over-staffing).
    public func queueAssignments(of roster: Roster) -> [QueueAssignment] {
        guard hasQueues else { return [] }
        let named = queueStaffing(phone: onThePhone(roster)).named
        var stretches: [QueueAssignment] = []
        for (agent, list) in named.sorted(by: { $0.key < $1.key }) {
            var t = 0
            while t < list.count {
                guard let queue = list[t] else { t += 1; continue }
                var end = t + 1
                while end < list.count, list[end] == queue { end += 1 }
                stretches.append(QueueAssignment(
                    agentID: agents[agent].id, queue: queues[queue], start: horizon.intervalStart(t), end: horizon.intervalStart(t) + (end - t) * horizon.intervalMinutes))
                t = end
            }
        }
        return stretches
    }

    /// Per interval and queue the agents staffing it, and per agent on the phone somewhere the
    /// queue of each interval (nil off the phone).
    func queueStaffing(phone: [[Int]]) -> (staffed: [[Int]], named: [Int: [Int?]]) {
        let (sets, ofAgent) = skillSets()
        let ranked = agents.map { queueIndices(of: $0) }
        var named: [Int: [Int?]] = [:]
        var staffed = Array(repeating: Array(repeating: 0, count: queues.count), count: horizon.intervalCount)
        for t in 0..<horizon.intervalCount where !phone[t].isEmpty {
            var supply = Array(repeating: 0, count: sets.count)
            for agent in phone[t] { supply[ofAgent[agent]] += 1 }
            let flow = QueueAllocation.allocate(supply: supply, sets: sets, required: queues.indices.map { queueRequired[$0][t] })
            var quota = sets.indices.map { g in Dictionary(uniqueKeysWithValues: zip(sets[g], flow[g])) }
            var open: [Int] = []
            for agent in phone[t] {
                let previous = t > 0 ? named[agent]?[t - 1] ?? nil : nil
                if let previous, quota[ofAgent[agent]][previous, default: 0] > 0 {
                    quota[ofAgent[agent]][previous]! -= 1
                    setQueue(&named, agent: agent, t: t, queue: previous)
                } else {
                    open.append(agent)
                }
            }
            for agent in open {
                let g = ofAgent[agent]
                let previous = t > 0 ? named[agent]?[t - 1] ?? nil : nil
                let choice = ranked[agent].first { quota[g][$0, default: 0] > 0 }
                if let choice { quota[g][choice]! -= 1 }
                setQueue(&named, agent: agent, t: t, queue: choice ?? previous ?? ranked[agent][0])
            }
            for agent in phone[t] { staffed[t][named[agent]![t]!] += 1 }
        }
        return (staffed, named)
    }

    private func setQueue(_ named: inout [Int: [Int?]], agent: Int, t: Int, queue: Int) {
        if named[agent] == nil { named[agent] = Array(repeating: nil, count: horizon.intervalCount) }
        named[agent]![t] = queue
    }
}

struct ShiftTimes: Hashable {
    let start: Instant
    let end: Instant
}
