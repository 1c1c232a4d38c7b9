import LinearProgramming

extension RosterOptimizer {
    /// Improves a roster of a problem with queues by neighbourhoods of the exact model: a few
    /// agents are freed (those whose skills serve a queue left short, then others in turn) while
    /// every other agent keeps their shifts (their assignment variables fixed; their breaks,
    /// sessions and the allocation stay free), and GLPK solves what is left from the current
    /// roster, for at most `nodesPerNeighbourhood` nodes. A better roster is kept. Deterministic
    /// apart from the wall clock (`deadline`), which may cut a run short.
    ///
    /// Time per neighbourhood: building the model once, then O(variables) to fix it, and the
    /// small MIP. Returns the best roster and its objective; `improved` hears of each better one.
    func improveByNeighbourhoods(
        _ roster: Roster, formulation: RosterFormulation, options: SolverOptions, deadline: ContinuousClock.Instant?, improved: (Double) -> Void
    ) throws -> (roster: Roster, objective: Double) {
        let problem = formulation.problem
        let validator = RosterValidator(problem: problem)
        var best = roster, bestValue = validator.objective(of: roster)
        let clock = ContinuousClock()
        let size = min(problem.agents.count, Self.queueNeighbourhoodAgents)
        var cursor = 0
        var failures = 0
        let started = clock.now
        // A neighbourhood is not begun when the last one would not fit before the deadline
        // (building and loading a large model is not interruptible: about 5 s each on L).
        var last = Duration.zero
        while failures < Self.queueNeighbourhoodPatience, options.shouldStop?() != true, deadline.map({ clock.now + last < $0 }) ?? true {
            let began = clock.now
            defer { last = clock.now - began }
            let free = neighbourhood(of: best, problem: problem, size: size, cursor: &cursor)
            var model = formulation.model
            let works = Set(best.assignments.map { ShiftKey(agent: $0.agentID, start: $0.start, end: $0.end) })
            for (agent, entries) in formulation.assignmentVariables.enumerated() where !free.contains(agent) {
                for entry in entries {
                    let shift = problem.shifts[entry.shift]
                    let value = works.contains(ShiftKey(agent: problem.agents[agent].id, start: shift.start, end: shift.end)) ? 1.0 : 0.0
                    model.setBounds(entry.variable, lower: value, upper: value)
                }
            }
            var local = options
            local.progress = nil
            local.log = nil
            local.timeLimitSeconds = deadline.map { max(0.05, (($0 - clock.now).seconds)) }
            local.workLimit = WorkLimit(nodes: Self.queueNeighbourhoodNodes)
            local.relativeGap = nil
            var quiet = local
            quiet.workLimit = nil
            let start = startingPoint(formulation, roster: best)
            local.initialSolution = try solver.completion(
                of: model, fixing: formulation.decisionVariables + formulation.sessionDecisionVariables, at: start, options: quiet)?.values
            local.feasibilityPump = false
            local.quickBranching = true
            local.timeLimitSeconds = deadline.map { max(0.05, (($0 - clock.now).seconds)) }
            let result = try solver.solve(model, options: local)
            guard let values = result.values, let value = result.objective, value < bestValue - 1e-6 else {
                failures += 1
                continue
            }
            let decoded = formulation.decode(values)
            let recounted = validator.objective(of: decoded)
            guard recounted < bestValue - 1e-6, validator.violations(of: decoded).isEmpty else {
                failures += 1
                continue
            }
            options.log?("queues: neighbourhood \(cursor) of \(free.count) agents at \(String(format: "%.1f", (clock.now - started).seconds)) s: \(recounted)")
            best = decoded
            bestValue = recounted
            failures = 0
            improved(recounted)
        }
        return (best, bestValue)
    }

    /// Agents freed together: first those who can serve a queue that is short somewhere (in
    /// turn, from `cursor`), then the next agents in order, `size` in all.
    private func neighbourhood(of roster: Roster, problem: RosterProblem, size: Int, cursor: inout Int) -> Set<Int> {
        let coverage = problem.coverage(of: roster)
        var short = Set<Int>()
        for row in coverage { for (q, queue) in row.byQueue.enumerated() where queue.under > 0 { short.insert(q) } }
        let serving = problem.agents.indices.filter { !Set(problem.queueIndices(of: problem.agents[$0])).isDisjoint(with: short) }
        let pool = serving.isEmpty ? Array(problem.agents.indices) : serving
        var free = Set<Int>()
        for step in 0..<min(size / 2 + 1, pool.count) { free.insert(pool[(cursor + step) % pool.count]) }
        var step = 0
        while free.count < size, step < problem.agents.count {
            free.insert((cursor * 7 + step) % problem.agents.count)
            step += 1
        }
        cursor += size / 2 + 1
        return free
    }

    /// Agents freed per neighbourhood, nodes per neighbourhood MIP, and neighbourhoods in a row
    /// without a better roster before the search stops.
    static let queueNeighbourhoodAgents = 12
    /// Models (variables) above which neighbourhoods come before the whole model: on the S week
    /// with four queues (about 10,000) GLPK proves the optimum from the traded roster in 10–24 s,
    /// on M (38,800) it finds nothing better in 40 s while neighbourhoods go from 5,685 to 2,750.
    static let queueNeighbourhoodsAbove = 20_000
    static let queueNeighbourhoodNodes = 200
    static let queueNeighbourhoodPatience = 30
}
