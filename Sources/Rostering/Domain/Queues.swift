/// A queue an agent can serve, with its priority: 1 is the agent's first choice, 2 the next, and
/// so on. Priority only orders which queue an agent is named for when several would do; it
/// never changes how many agents a queue gets.
public struct Skill: Sendable, Hashable {
    public var queue: String
    public var priority: Int

    public init(queue: String, priority: Int = 1) {
        self.queue = queue
        self.priority = priority
    }
}

/// Several queues (skills): coverage by allocation.
///
/// In each interval the agents on the phone who hold a skill set g (the set of queues they can
/// serve) are divided among the queues of g; a queue is staffed by what it is given, and under-
/// and over-staffing are paid per queue. An agent counts once, for one queue. For a given roster
/// the best division is a maximum flow (``QueueAllocation``): with the same weights for every
/// queue, the penalty is `u·(R − M) + o·(W − M)` where R is the total requirement, W the agents on
/// the phone and M the requirement met, so maximising M is optimal, and the flow is whole.
extension RosterProblem {
    /// Whether the problem has several queues (``with(queues:required:)``).
    public var hasQueues: Bool { !queues.isEmpty }

    /// Why queues cannot be set, in words.
    public struct QueueProblem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The same problem with several queues: `required[q][t]` agents on queue `queues[q]` in
    /// interval t. ``required`` becomes their sum per interval. Agents serve the queues their
    /// ``Agent/skills`` name (all queues when they name none); skills naming no queue are ignored.
    /// - Throws: when the lists do not match the horizon, a queue is named twice, or an agent's
    ///   skills name none of the queues.
    public func with(queues names: [String], required: [[Int]]) throws(QueueProblem) -> RosterProblem {
        guard !names.isEmpty, names.count == required.count else {
            throw QueueProblem(description: "\(required.count) requirement rows for \(names.count) queues")
        }
        guard Set(names).count == names.count else { throw QueueProblem(description: "a queue is named twice") }
        for (q, row) in required.enumerated() where row.count != horizon.intervalCount {
            throw QueueProblem(description: "queue '\(names[q])' has \(row.count) requirements for \(horizon.intervalCount) intervals")
        }
        let known = Set(names)
        for agent in agents where !agent.skills.isEmpty && !agent.skills.contains(where: { known.contains($0.queue) }) {
            throw QueueProblem(description: "agent \(agent.id): none of the skills \(agent.skills.map(\.queue).joined(separator: ";")) names a queue")
        }
        var copy = self
        copy.queues = names
        copy.queueRequired = required
        copy.required = (0..<horizon.intervalCount).map { t in required.reduce(0) { $0 + $1[t] } }
        return copy
    }

    /// The interval coverage penalty of coverage rows with queues: under- and over-staffing per
    /// queue at their weights per agent-hour (0 without interval staffing).
    public func queueCoveragePenalty(_ coverage: [IntervalCoverage]) -> Double {
        guard staffsByInterval else { return 0 }
        let hours = Double(horizon.intervalMinutes) / 60
        return coverage.reduce(0) { $0 + hours * (Double($1.under) * weights.underStaffingPerAgentHour + Double($1.over) * weights.overStaffingPerAgentHour) }
    }

    /// The same problem with its queues merged into one (the requirement their sum, skills
    /// ignored): a relaxation (see ``RosterOptimizer``'s two stages for queues, which the weekly search's own allocation replaces where it takes the problem).
    public func withoutQueues() -> RosterProblem {
        var copy = self
        copy.queues = []
        copy.queueRequired = []
        return copy
    }

    /// The queues (indices into ``queues``) `agent` serves, by priority then queue order.
    public func queueIndices(of agent: Agent) -> [Int] {
        guard !agent.skills.isEmpty else { return Array(queues.indices) }
        let index = Dictionary(queues.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ranked = agent.skills.compactMap { skill in index[skill.queue].map { (skill.priority, $0) } }.sorted { $0 < $1 }
        var seen = Set<Int>()
        return ranked.map(\.1).filter { seen.insert($0).inserted }
    }

    /// The distinct skill sets (sorted queue indices) in order of first agent, and each agent's.
    /// With one queue: a single set holding everyone. O(agents × skills).
    public func skillSets() -> (sets: [[Int]], ofAgent: [Int]) {
        guard hasQueues else { return ([[0]], Array(repeating: 0, count: agents.count)) }
        var sets: [[Int]] = []
        var index: [[Int]: Int] = [:]
        let ofAgent = agents.map { agent -> Int in
            let set = queueIndices(of: agent).sorted()
            if let found = index[set] { return found }
            index[set] = sets.count
            sets.append(set)
            return sets.count - 1
        }
        // Sets held only by agents outside the problem still take part in the allocation.
        for set in queueSupplyElsewhere.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where index[set] == nil {
            index[set] = sets.count
            sets.append(set)
        }
        return (sets, ofAgent)
    }
}

/// The division of agents on the phone among queues in one interval: a maximum flow from skill
/// sets (supply: agents on the phone holding the set) to queues (capacity: the requirement), by
/// augmenting paths. Agents the requirement does not need are left out (spare: the caller puts
/// them on a queue as over-staffing). Time O(M × (G + Q) × Q) for M agents matched, G sets and Q
/// queues.
public enum QueueAllocation {
    /// `allocation[g][i]`: agents of set g needed on queue `sets[g][i]`, never above the
    /// requirement, with the requirement met as large as it can be.
    public static func allocate(supply: [Int], sets: [[Int]], required: [Int]) -> [[Int]] {
        var flow = sets.map { Array(repeating: 0, count: $0.count) }
        var left = required.map { max(0, $0) }
        var spare = supply
        // Greedy first: each set fills its queues in order.
        for (g, set) in sets.enumerated() {
            for (i, q) in set.enumerated() where spare[g] > 0 && left[q] > 0 {
                let moved = min(spare[g], left[q])
                flow[g][i] += moved
                spare[g] -= moved
                left[q] -= moved
            }
        }
        // Then augmenting paths: set g → queue q (full) ← set h → queue … with spare room.
        for g in sets.indices {
            while spare[g] > 0, augment(from: g, sets: sets, flow: &flow, left: &left) { spare[g] -= 1 }
        }
        return flow
    }

    /// Per set: whether one more agent of it would raise the requirement met, given a maximum
    /// `flow` (``allocate(supply:sets:required:)``). That is when a queue short of its
    /// requirement can be reached from the set in the residual graph: a queue is *relievable*
    /// when it is short, or when some set sending it agents also serves a relievable queue (one
    /// of them can move there); a set can add when it serves a relievable queue.
    /// Time O(Q × Σ_g |g|) per pass, at most Q passes.
    public static func shortSets(flow: [[Int]], sets: [[Int]], required: [Int]) -> [Bool] {
        var inflow = Array(repeating: 0, count: required.count)
        for (g, set) in sets.enumerated() { for (i, q) in set.enumerated() { inflow[q] += flow[g][i] } }
        var relievable = required.indices.map { inflow[$0] < required[$0] }
        var changed = relievable.contains(true)
        while changed {
            changed = false
            for (g, set) in sets.enumerated() where set.contains(where: { relievable[$0] }) {
                for (i, q) in set.enumerated() where !relievable[q] && flow[g][i] > 0 {
                    relievable[q] = true
                    changed = true
                }
            }
        }
        return sets.map { $0.contains { relievable[$0] } }
    }

    /// One more agent of set `source` placed by a shortest augmenting path; false when none exists.
    /// BFS over queues: a queue is reached from a set that serves it, and a set from a queue it
    /// already sends agents to (one of them can move). O(G × Q × |set|).
    private static func augment(from source: Int, sets: [[Int]], flow: inout [[Int]], left: inout [Int]) -> Bool {
        // Per queue the set (and its slot) it was reached from; per set the queue (and slot) it
        // was reached from, −1 for the source, −2 for none.
        var queueFrom = Array(repeating: (set: -1, slot: -1), count: left.count)
        var setFrom = Array(repeating: (queue: -2, slot: -1), count: sets.count)
        setFrom[source] = (-1, -1)
        var frontier = [source]
        while !frontier.isEmpty {
            var next: [Int] = []
            for g in frontier {
                for (i, q) in sets[g].enumerated() where queueFrom[q].set < 0 {
                    queueFrom[q] = (g, i)
                    if left[q] > 0 {
                        // Apply the path back from q to the source.
                        var queue = q
                        while true {
                            let (h, slot) = queueFrom[queue]
                            flow[h][slot] += 1
                            let (previous, previousSlot) = setFrom[h]
                            if previous < 0 { break }
                            flow[h][previousSlot] -= 1
                            queue = previous
                        }
                        left[q] -= 1
                        return true
                    }
                    for (h, other) in sets.enumerated() where setFrom[h].queue == -2 {
                        if let slot = other.firstIndex(of: q), flow[h][slot] > 0 {
                            setFrom[h] = (q, slot)
                            next.append(h)
                        }
                    }
                }
            }
            frontier = next
        }
        return false
    }
}
