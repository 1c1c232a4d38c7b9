import LinearProgramming

/// `v[a,s,K]`: agent `agent` on `shift` takes a placement of class `plans` (``RosterFormulation/addBreakWindowWishes(_:)``).
public struct BreakWindowVariable: Sendable, Equatable {
    public let agent: Int
    public let shift: Int
    /// The placements of the class, ascending.
    public let plans: [Int]
    public let variable: Variable
}

extension RosterFormulation {
    /// Break-window wishes (a lunch between 12:00 and 13:00), exact although breaks are counts
    /// per shift and placement (``addBreakCounts(placements:own:onShift:)``). Agent a on shift s
    /// has a cost `c_a(p)` per placement p above the cheapest (``AgentWishTerms/placementCost``;
    /// the cheapest is in `x[a,s]`'s own cost) and refused points `q_a(p)`:
    /// - in an activity session on s, a has placements of their own `w[a,s,p]`: `+ Σ_p c_a(p)·w[a,s,p]`;
    /// - otherwise s's placements are split into classes K on which every such agent's refusals
    ///   agree, each published placement of s (when re-rostering) a class of its own, and per
    ///   agent and class an integer `v[a,s,K] ∈ {0,1}`:
    ///
    ///   `Σ_K v[a,s,K] = x[a,s]`, `Σ_a v[a,s,K] ≤ Σ_{p∈K} b[s,p]`, objective `+ Σ_K c_a(K)·v[a,s,K]`
    ///
    ///   plus the break-change weight when a keeps a published shift and K is not its published
    ///   placement; such agents leave the published counts k of ``addPublishedBreakChanges()``,
    ///   whose rows take their `v` on the published class as used first.
    ///
    /// Agents on one shift are interchangeable for coverage, so every roster's placements give
    /// counts and classes that keep these rows at the same cost, and every solution's counts and
    /// classes give each agent a placement of their class (``breakPlans(_:)``): the model stays
    /// exact and its LP a relaxation. Returns the refused points per agent for fairness.
    /// Size: per shift, the agents with such wishes × classes (at most its placements).
    mutating func addBreakWindowWishes(_ terms: [AgentWishTerms?]) -> [Int: [LinearTerm]] {
        var points: [Int: [LinearTerm]] = [:]
        breakWindowVariables = []
        var own: [AgentShiftKey: [(plan: Int, variable: Variable)]] = [:]
        for entry in ownPlacements { own[AgentShiftKey(agent: entry.agent, shift: entry.shift), default: []].append((entry.plan, entry.variable)) }
        var onShift: [Int: [(agent: Int, x: Variable)]] = [:]
        for (agentIndex, entries) in assignmentVariables.enumerated() {
            guard let terms = terms[agentIndex], !terms.placementCost.isEmpty else { continue }
            for entry in entries {
                guard let costs = terms.placementCost[entry.shift], let refused = terms.placementPoints[entry.shift] else { continue }
                if let placements = own[AgentShiftKey(agent: agentIndex, shift: entry.shift)] {
                    for placement in placements where placement.plan < costs.count {
                        if costs[placement.plan] != 0 { model.addObjectiveTerm(placement.variable, costs[placement.plan]) }
                        if refused[placement.plan] != 0 { points[agentIndex, default: []].append(LinearTerm(placement.variable, refused[placement.plan])) }
                    }
                } else if breakCounts[countKey(shift: entry.shift, agent: agentIndex)] == nil {
                    // No counts (a single placement offered, or no interval staffing): placement 0.
                    if costs[0] != 0 { model.addObjectiveTerm(entry.variable, costs[0]) }
                    if refused[0] != 0 { points[agentIndex, default: []].append(LinearTerm(entry.variable, refused[0])) }
                } else {
                    onShift[countKey(shift: entry.shift, agent: agentIndex), default: []].append((agentIndex, entry.variable))
                }
            }
        }
        for key in onShift.keys.sorted() {
            addBreakWindowClasses(countKey: key, agents: onShift[key]!, terms: terms, points: &points)
        }
        return points
    }

    /// The classes of a shift's offered placements and the rows of its agents with break-window
    /// wishes (see ``addBreakWindowWishes(_:)``), for the agents of one count (``countKey(shift:agent:)``).
    private mutating func addBreakWindowClasses(countKey key: Int, agents: [(agent: Int, x: Variable)], terms: [AgentWishTerms?], points: inout [Int: [LinearTerm]]) {
        let counts = breakCounts[key]!
        let shift = split(countKey: key).shift
        let definition = problem.shifts[shift]
        let weight = problem.breakChangeWeight
        let published: [Int?] = agents.map { weight > 0 ? problem.publishedBreakPlan(agent: $0.agent, shift: definition).flatMap { $0 >= 0 ? $0 : nil } : nil }
        // Every published placement of the shift, wished about or not, is a class of its own.
        var publishedPlans = Set(published.compactMap { $0 })
        for agentIndex in assignmentVariables.indices where weight > 0 {
            if let plan = problem.publishedBreakPlan(agent: agentIndex, shift: definition), plan >= 0 { publishedPlans.insert(plan) }
        }
        var classOf: [[Int]: Int] = [:]
        var classes: [[(plan: Int, variable: Variable)]] = []
        for count in counts {
            var key = agents.map { Int(truncatingIfNeeded: terms[$0.agent]!.placementRefusals[shift]![count.plan]) }
            key.append(publishedPlans.contains(count.plan) ? count.plan : -1)
            if let known = classOf[key] { classes[known].append(count) } else {
                classOf[key] = classes.count
                classes.append([count])
            }
        }
        let name = label(countKey: key)
        var perClass = Array(repeating: LinearExpression(), count: classes.count)
        for (position, entry) in agents.enumerated() {
            let wishTerms = terms[entry.agent]!
            let costs = wishTerms.placementCost[shift]!, refused = wishTerms.placementPoints[shift]!
            var row = LinearExpression([LinearTerm(entry.x, -1)])
            for (index, members) in classes.enumerated() {
                let first = members[0].plan
                let v = model.addVariable("brkwish(\(Self.label(problem.agents[entry.agent].id)),\(name),\(first + 1))", kind: .integer, lowerBound: 0, upperBound: 1)
                breakWindowVariables.append(BreakWindowVariable(agent: entry.agent, shift: shift, plans: members.map(\.plan), variable: v))
                let moved = published[position].map { $0 != first || members.count > 1 } ?? false
                let cost = costs[first] + (moved ? weight : 0)
                if cost != 0 { model.addObjectiveTerm(v, cost) }
                if refused[first] != 0 { points[entry.agent, default: []].append(LinearTerm(v, refused[first])) }
                row.add(v, 1)
                perClass[index].add(v, 1)
            }
            model.addConstraint("brkwish(\(Self.label(problem.agents[entry.agent].id)),\(name))", row, .equal(0))
        }
        for (index, members) in classes.enumerated() {
            var row = perClass[index]
            for member in members { row.add(member.variable, -1) }
            model.addConstraint("brkwishes(\(name),\(members[0].plan + 1))", row, .lessOrEqual(0))
        }
    }

    /// Makes `wish`, a break-window wish of `agent`'s, a rule (for ``WishExplainer``): no
    /// placement that refuses it, and no shift whose every placement does.
    mutating func forbidRefusals(agent: Int, of wish: Wish) {
        let entries = assignmentVariables[agent]
        guard let terms = AgentWishTerms(problem: problem, agent: problem.agents[agent], shifts: entries.map { problem.shifts[$0.shift] }),
            let wishIndex = problem.preferences[problem.agents[agent].id]?.wishes.firstIndex(of: wish),
            let bit = terms.breakWishes.firstIndex(where: { $0.wishIndex == wishIndex })
        else { return }
        let mask = UInt64(1) << UInt64(bit)
        var classes: [Int: [BreakWindowVariable]] = [:]
        for entry in breakWindowVariables where entry.agent == agent { classes[entry.shift, default: []].append(entry) }
        var own: [Int: [OwnPlacementVariable]] = [:]
        for entry in ownPlacements where entry.agent == agent { own[entry.shift, default: []].append(entry) }
        for entry in entries {
            guard let refusals = terms.placementRefusals[entry.shift] else { continue }
            let refuses = { (plan: Int) in plan < refusals.count && refusals[plan] & mask != 0 }
            if refusals.indices.allSatisfy(refuses) {
                model.setBounds(entry.variable, lower: 0, upper: 0)
            } else if let list = classes[entry.shift] {
                for member in list where refuses(member.plans[0]) { model.setBounds(member.variable, lower: 0, upper: 0) }
            } else if let list = own[entry.shift] {
                for member in list where refuses(member.plan) { model.setBounds(member.variable, lower: 0, upper: 0) }
            } else if refuses(0) {
                model.setBounds(entry.variable, lower: 0, upper: 0)
            }
        }
    }

    /// Agents priced by ``addBreakWindowWishes(_:)`` on a shift with counts, and per count key
    /// (``countKey(shift:agent:)``) and published placement their variables on that placement's class.
    func breakWindowPairs() -> (pairs: Set<AgentShiftKey>, onPlan: [Int: [Int: [Variable]]]) {
        var pairs = Set<AgentShiftKey>(), onPlan: [Int: [Int: [Variable]]] = [:]
        for entry in breakWindowVariables {
            pairs.insert(AgentShiftKey(agent: entry.agent, shift: entry.shift))
            if entry.plans.count == 1 { onPlan[countKey(shift: entry.shift, agent: entry.agent), default: [:]][entry.plans[0], default: []].append(entry.variable) }
        }
        return (pairs, onPlan)
    }
}
