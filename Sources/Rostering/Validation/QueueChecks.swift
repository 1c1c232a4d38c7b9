/// Coverage of several queues, re-counted from the rules alone: in each interval the agents on
/// the phone are matched one by one to places on the queues their skills name (every queue for an
/// agent who names none), at most `required(q)` places on queue q. The most places filled, M,
/// gives the interval's penalty `u·(R − M) + o·(W − M)` for requirement R and W agents on the
/// phone: an agent serves one queue at a time, and counts once.
///
/// Written apart from ``QueueAllocation`` (which flows skill sets, not agents): an augmenting
/// path search over agents (Kuhn's algorithm with capacities).
extension RosterValidator {
    /// Per interval: agents on the phone and the most places on queues they can fill together.
    func queueMatches(_ roster: Roster, capacity: (Int, Int) -> Int) -> [(onPhone: Int, filled: Int)] {
        let horizon = problem.horizon
        let length = horizon.intervalMinutes
        let queueIndex = Dictionary(problem.queues.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let servesByID = Dictionary(
            problem.agents.map { agent in
                (agent.id, agent.skills.isEmpty ? Array(problem.queues.indices) : agent.skills.compactMap { queueIndex[$0.queue] })
            }, uniquingKeysWith: { first, _ in first })
        let count = (horizon.end - horizon.start) / length
        return (0..<count).map { index in
            let start = horizon.start + index * length
            let serving = roster.assignments.filter { Self.isOnThePhone($0, from: start, to: start + length) }.map { servesByID[$0.agentID] ?? [] }
            let places = problem.queues.indices.map { capacity($0, index) }
            return (serving.count, Self.fill(serving, places: places))
        }
    }

    /// The most agents (each with the queues they serve) placed on queues with `places` free.
    static func fill(_ serving: [[Int]], places: [Int]) -> Int {
        var holders = places.map { _ in [Int]() }
        var filled = 0
        for agent in serving.indices {
            var seen = Set<Int>()
            if place(agent, serving, places, &holders, &seen) { filled += 1 }
        }
        return filled
    }

    /// Places `agent`, moving others along an augmenting path when their queues are full.
    private static func place(_ agent: Int, _ serving: [[Int]], _ places: [Int], _ holders: inout [[Int]], _ seen: inout Set<Int>) -> Bool {
        for queue in serving[agent] where places[queue] > 0 && holders[queue].count < places[queue] {
            holders[queue].append(agent)
            return true
        }
        for queue in serving[agent] where places[queue] > 0 && seen.insert(queue).inserted {
            for (slot, other) in holders[queue].enumerated() where place(other, serving, places, &holders, &seen) {
                // `other` now holds a place on another queue (this one is marked seen, so the
                // path never comes back to it); `agent` takes theirs.
                holders[queue][slot] = agent
                return true
            }
        }
        return false
    }

    /// The coverage penalty of a multi-queue roster, per interval, with the counts behind it.
    func queuePenalty(_ roster: Roster) -> (penalty: Double, onPhone: [Int], filled: [Int]) {
        let matches = queueMatches(roster) { problem.queueRequired[$0][$1] }
        let hours = Double(problem.horizon.intervalMinutes) / 60
        var penalty = 0.0
        for (index, match) in matches.enumerated() {
            let required = problem.queueRequired.reduce(0) { $0 + max(0, $1[index]) }
            penalty += hours * (Double(required - match.filled) * problem.weights.underStaffingPerAgentHour
                + Double(match.onPhone - match.filled) * problem.weights.overStaffingPerAgentHour)
        }
        return (penalty, matches.map(\.onPhone), matches.map(\.filled))
    }

    /// Claimed per-queue rows against the recount: each queue's requirement, the staffed counts
    /// adding up to the agents on the phone, an allocation of those very agents that staffs each
    /// queue as claimed, and under-staffing no larger than the best allocation leaves.
    func checkQueueRows(_ roster: Roster, claimed: [IntervalCoverage], filled: [Int]) -> [Violation] {
        var found: [Violation] = []
        let zone = problem.horizon.timeZone
        let claimedFit = queueMatches(roster) { queue, index in
            queue < claimed[index].byQueue.count ? claimed[index].byQueue[queue].staffed : 0
        }
        for (index, row) in claimed.enumerated() {
            let at = zone.isoText(row.start)
            guard row.byQueue.map(\.queue) == problem.queues else {
                found.append(Violation(rule: "coverage", message: "interval \(at): queue rows \(row.byQueue.map(\.queue)) for queues \(problem.queues)"))
                continue
            }
            for (queue, entry) in row.byQueue.enumerated() where entry.required != problem.queueRequired[queue][index] {
                found.append(Violation(rule: "coverage", message: "interval \(at): queue \(entry.queue) claims required \(entry.required), the requirement is \(problem.queueRequired[queue][index])"))
            }
            let staffed = row.byQueue.reduce(0) { $0 + $1.staffed }
            if staffed != row.scheduled || claimedFit[index].filled != claimedFit[index].onPhone {
                found.append(Violation(rule: "coverage", message: "interval \(at): no allocation of the \(claimedFit[index].onPhone) agents on the phone staffs the queues as claimed (\(row.byQueue.map { "\($0.queue) \($0.staffed)" }.joined(separator: ", ")))"))
            }
            let met = row.byQueue.reduce(0) { $0 + min($1.staffed, $1.required) }
            if met != filled[index] {
                found.append(Violation(rule: "coverage", message: "interval \(at): the claimed allocation meets \(met) of the requirement, the best meets \(filled[index])"))
            }
        }
        return found
    }
}
