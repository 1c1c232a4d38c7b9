import LinearProgramming

/// Step 2 of ``PatternSearch``: the LP dive on the full model restricted to the LP's shifts,
/// and GLPK on the full (or restricted) model started from a roster.
extension PatternSearch {
    /// A dive on the full model restricted to `allowed` shifts per type: solve its LP, fix every
    /// assignment the LP takes whole, else the largest fractional ones (of different agents), and
    /// re-solve with the dual simplex; an infeasible step is taken back and its first fixing turned
    /// around. Returns one pattern per agent when the LP ends whole.
    func dive(allowed: [Set<Int>], placements: [Int: [Int]], sessions: [Int: Set<Int>], timeLimit: Double?) throws -> [WeeklyPattern]? {
        let restricted = RosterFormulation(
            problem: problem, restrictedTo: { agent, shift in allowed[self.typeOfAgent[agent]].contains(shift.index) },
            placements: { placements[$0] ?? [0] }, sessionStarts: sessionStarts(sessions))
        // A neighbourhood's dive with many sessions to choose rarely pays for its LPs (3–4 s each
        // on the example week with activities, where rounding and the MIP polish find as much).
        if isNeighbourhood, problem.hasActivities, restricted.model.variables.count > Self.largestNeighbourhoodDiveWithSessions { return nil }
        let state = DiveState(search: self, formulation: restricted, allowed: allowed)
        var lpOptions = options
        lpOptions.progress = nil
        lpOptions.log = nil
        lpOptions.timeLimitSeconds = timeLimit
        let lp = try generator.generateColumns(master: restricted.model.relaxation(), options: lpOptions) { solution in
            state.steps += 1
            return solution.status == .infeasible ? state.backUp() : state.fix(solution)
        }
        note("dive: \(restricted.model.variables.count) variables, \(state.steps) LP solves, \(state.backtracks) backtracks, \(state.whole ? "whole" : "not whole (\(lp.status))")")
        guard state.whole else { return nil }
        // Break counts may end fractional: they are rounded per shift, then improved by the local
        // search's break moves. Sessions may end fractional too: they are placed afresh on the
        // shifts the dive chose (``placeSessions(_:)``).
        let shifts = restricted.decodePlans(lp.values).map { placed in WeeklyPattern(shifts: placed.map(\.shift), plans: placed.map(\.plan)) }
        guard let held = placeSessions(shifts) else { return nil }
        return placeBreaks(held, counts: restricted.breakCountValues(lp.values))
    }

    /// The placements a restricted model offers each shift: `base`'s and every placement the
    /// roster `choice` gives it, sorted (a shift in neither is offered its first placement only).
    func offered(_ base: [Int: [Int]], keeping choice: [WeeklyPattern]) -> [Int: [Int]] {
        var sets = base.mapValues(Set.init)
        for pattern in choice {
            for (shift, plan) in pattern.placed where breakCover.count > shift && breakCover[shift].count > 1 {
                sets[shift, default: []].insert(plan)
            }
        }
        return sets.mapValues { $0.sorted() }
    }

    /// The fixings of a dive so far, newest last, so that an infeasible LP can back up.
    final class DiveState {
        enum Step { case ones([Int]), several([Int]), up(Int), down(Int) }
        typealias BoundChange = (variable: Int, lower: Double, upper: Double?)

        let search: PatternSearch
        let allowed: [Set<Int>]
        let assignments: [(agent: Int, shift: Int, variable: Int)]
        var fixed: [Bool]
        var working: [Set<Int>], excluded: [Set<Int>]
        var stack: [Step] = []
        var agentOf: [Int: Int] = [:], shiftOf: [Int: Int] = [:]
        var single = false, whole = false
        var steps = 0, backtracks = 0

        init(search: PatternSearch, formulation: RosterFormulation, allowed: [Set<Int>]) {
            self.search = search
            self.allowed = allowed
            assignments = formulation.assignmentVariables.enumerated().flatMap { agent, entries in
                entries.map { (agent: agent, shift: $0.shift, variable: $0.variable.index) }
            }
            fixed = Array(repeating: false, count: formulation.model.variables.count)
            working = Array(repeating: [], count: search.problem.agents.count)
            excluded = working
            for entry in assignments {
                agentOf[entry.variable] = entry.agent
                shiftOf[entry.variable] = entry.shift
            }
        }

        func unfix(_ variable: Int) {
            fixed[variable] = false
            working[agentOf[variable]!].remove(shiftOf[variable]!)
            excluded[agentOf[variable]!].remove(shiftOf[variable]!)
        }

        /// After an infeasible LP: several fixings are freed (then one at a time), a single one is
        /// turned around, a turned-around one is freed and the step before it is backed up too.
        func backUp() -> LPUpdate {
            backtracks += 1
            guard backtracks <= PatternSearch.backtracks else { return LPUpdate() }
            var changes: [BoundChange] = []
            while let step = stack.popLast() {
                switch step {
                case .several(let variables):
                    for variable in variables { unfix(variable); changes.append((variable, 0, 1)) }
                    single = true
                    return LPUpdate(bounds: changes)
                case .up(let variable):
                    unfix(variable)
                    fixed[variable] = true
                    excluded[agentOf[variable]!].insert(shiftOf[variable]!)
                    stack.append(.down(variable))
                    changes.append((variable, 0, 0))
                    return LPUpdate(bounds: changes)
                case .down(let variable):
                    unfix(variable)
                    changes.append((variable, 0, 1))
                case .ones(let variables):
                    for variable in variables { unfix(variable); changes.append((variable, 0, 1)) }
                }
            }
            return LPUpdate()
        }

        /// Fixes every assignment the LP takes whole, else the largest fractional ones (of
        /// different agents); nothing when the LP is whole.
        func fix(_ solution: LPSolution) -> LPUpdate {
            var ones: [(variable: Int, agent: Int, shift: Int)] = []
            var fractional: [(variable: Int, agent: Int, shift: Int, value: Double)] = []
            for entry in assignments where !fixed[entry.variable] {
                let value = solution.values[entry.variable]
                if value >= 1 - 1e-6 {
                    ones.append((entry.variable, entry.agent, entry.shift))
                } else if value > 1e-6 {
                    fractional.append((entry.variable, entry.agent, entry.shift, value))
                }
            }
            if fractional.isEmpty {
                whole = true
                return LPUpdate()
            }
            var changes: [BoundChange] = []
            var step: [Int] = []
            if !ones.isEmpty {
                for one in ones { _ = fix(one.variable, agent: one.agent, shift: one.shift, changes: &changes, step: &step) }
                stack.append(.ones(step))
            } else {
                fractional.sort { $0.value != $1.value ? $0.value > $1.value : $0.variable < $1.variable }
                let wanted = single ? 1 : max(1, fractional.count / PatternSearch.diveShare)
                var agents = Set<Int>()
                for candidate in fractional where step.count < wanted && !agents.contains(candidate.agent) {
                    if fix(candidate.variable, agent: candidate.agent, shift: candidate.shift, changes: &changes, step: &step) {
                        agents.insert(candidate.agent)
                    }
                }
                stack.append(step.count == 1 ? .up(step[0]) : .several(step))
                single = false
            }
            return LPUpdate(bounds: changes)
        }

        /// A fixing to 1 is made only when the agent still has a whole week with every shift
        /// fixed so far; otherwise the assignment is fixed to 0. Returns whether it was 1.
        func fix(_ variable: Int, agent: Int, shift: Int, changes: inout [BoundChange], step: inout [Int]) -> Bool {
            fixed[variable] = true
            let allowedShifts = allowed[search.typeOfAgent[agent]]
            if search.canWork(agent: agent, shift: shift, working: working[agent], excluded: excluded[agent], allowed: allowedShifts) {
                working[agent].insert(shift)
                changes.append((variable, 1, 1))
                step.append(variable)
                return true
            }
            excluded[agent].insert(shift)
            changes.append((variable, 0, 0))
            return false
        }
    }

    /// Whether the agent has a whole week that works every shift of `working` and `shift`, none of
    /// `excluded`, and only `allowed` shifts: first among the type's pooled patterns (each keeps
    /// every rule, so one that fits answers yes; O(pool × days)), else by dynamic programming with
    /// those shifts priced far apart, then checked. The pool spares most of the programmes: on the
    /// 24/7 week they were a third of the run.
    func canWork(agent: Int, shift: Int, working: Set<Int>, excluded: Set<Int>, allowed: Set<Int>) -> Bool {
        let big = 1e7
        let type = typeOfAgent[agent]
        for pattern in pools[type] where pattern.shifts.contains(shift) {
            if working.allSatisfy(pattern.shifts.contains), !pattern.shifts.contains(where: excluded.contains),
                pattern.shifts.allSatisfy({ $0 == shift || allowed.contains($0) })
            {
                return true
            }
        }
        let cost = { (candidate: Int) -> Double in
            if candidate == shift || working.contains(candidate) { return -big }
            return excluded.contains(candidate) || !allowed.contains(candidate) ? big : 0
        }
        // Past the time limit or at Ctrl-C the answer is no (the dive is ending anyway): over
        // half a year each programme takes milliseconds and a dive asks thousands of times.
        guard !isOutOfTime,
            let found = pricers[type].cheapest(shiftCost: cost, sessionCost: sessionCost(type, table: anySessions, base: cost), stop: { self.isOutOfTime })
        else { return false }
        let chosen = Set(found.pattern.shifts)
        return chosen.contains(shift) && working.isSubset(of: chosen) && chosen.isDisjoint(with: excluded) && chosen.isSubset(of: allowed.union([shift]))
    }

    /// Solves the full model (or, with `allowed`, the model restricted to those shifts per type)
    /// started from `choice`, for `work` within the time left. Returns GLPK's roster as patterns,
    /// when it has one, and the bound it proved, which bounds the whole problem only without
    /// `allowed`.
    func polish(
        _ choice: [WeeklyPattern], allowed: [Set<Int>]? = nil, placements: [Int: [Int]]? = nil, sessions: [Int: Set<Int>]? = nil, work: WorkLimit
    ) throws -> (patterns: [WeeklyPattern]?, bound: Double?) {
        // The starting roster's own placements are offered too.
        let placements = placements.map { offered($0, keeping: choice) }
        let full = allowed.map { allowed in
            RosterFormulation(
                problem: problem, restrictedTo: { agent, shift in allowed[self.typeOfAgent[agent]].contains(shift.index) },
                placements: placements.map { placements in { placements[$0] ?? [0] } }, sessionStarts: sessions.map(sessionStarts))
        } ?? RosterFormulation(problem: problem)
        let chosen = choice.map { pattern in Dictionary(uniqueKeysWithValues: pattern.placed.map { ($0.shift, $0.plan) }) }
        let held = choice.map { pattern in
            Dictionary(uniqueKeysWithValues: pattern.shifts.indices.filter { pattern.session(at: $0) >= 0 }.map { (pattern.shifts[$0], pattern.session(at: $0)) })
        }
        var start = full.point { chosen[$0][$1] }
        if problem.hasActivities {
            full.setSessions(in: &start, works: { chosen[$0][$1] }) { agent, shift in
                held[agent][shift].map { (SessionCatalog.activity(of: $0), self.problem.activityStarts[SessionCatalog.activity(of: $0)][SessionCatalog.start(of: $0)]) }
            }
        }
        var quiet = options
        quiet.progress = nil
        quiet.log = nil
        quiet.timeLimitSeconds = timeLeft().map { max(0.1, $0) }
        var search = options
        search.progress = nil
        search.initialSolution = try solver.completion(
            of: full.model, fixing: full.decisionVariables + (problem.hasActivities ? full.sessionDecisionVariables : []), at: start, options: quiet)?.values
        search.timeLimitSeconds = timeLeft().map { max(0.1, $0) }
        search.workLimit = work
        // With a roster to start from, GLPK's feasibility pump only spends time (seconds on the
        // example week with breaks, without a callback that could stop it at the limit).
        if search.initialSolution != nil { search.feasibilityPump = false }
        // A restricted model gets a few nodes, and break counts are general integers, many
        // fractional at once: branching without trial solves or tableau rows per candidate
        // (M seeds 48-52, time to 0.1 %: median 12.2 s with pseudocosts, 5.1 s without).
        search.quickBranching = problem.hasBreaks || allowed != nil
        let result = try solver.solve(full.model, options: search)
        guard result.status.hasSolution, let values = result.values else { return (nil, result.bestBound) }
        return (patterns(full, values: values), result.bestBound)
    }
}
