import LinearProgramming

extension RosterOptimizer {
    /// Several queues in two stages, for what the allocating weekly search does not take
    /// (day-level demands, re-rostering with meetings attended together, a pricing state too
    /// large; see
    /// ``PatternSearch/unsupported``):
    ///
    /// 1. The same problem with every queue merged into one (skills ignored), routed as any
    ///    single-queue problem (the weekly search by default), with 40 % of the time. Merging is a
    ///    relaxation: for any roster the requirement met per queue, M, is at most what one queue
    ///    meets, min(R, W), and the penalty `u·(R − M) + o·(W − M)` only falls as M grows, while
    ///    every other term is the same. So its bound bounds the problem with queues, and its
    ///    roster keeps every rule.
    /// 2. That roster with weeks traded between interchangeable agents of different skills
    ///    while the queues gain (``tradedBySkills(_:problem:shouldStop:)``), then the exact model
    ///    with allocation (``RosterFormulation/addQueueCoverage(onPhone:)``) started from it, for
    ///    the time left.
    ///
    /// The result is the better roster of the two, as the queues count it, with the higher of
    /// the two bounds. Nil when stage 1 has no roster (the caller then solves the exact model
    /// alone). Progress: stage 1's rosters are not scored by queues, so only its bound shows.
    func solveQueuesInStages(_ problem: RosterProblem, options: SolverOptions, route: (RosterProblem, SolverOptions) throws -> RosterSolution) throws -> RosterSolution? {
        let clock = ContinuousClock(), start = clock.now
        var first = options
        first.timeLimitSeconds = options.timeLimitSeconds.map { $0 * 0.4 }
        let progress = options.progress
        first.progress = progress.map { report in { report(SolverProgress(elapsedSeconds: $0.elapsedSeconds, incumbent: nil, bound: $0.bound)) } }
        let merged = try route(problem.withoutQueues(), first)
        guard let found = merged.roster else { return nil }
        var mergedRoster = tradedBySkills(found, problem: problem, shouldStop: options.shouldStop)
        let mergedBound = merged.solverResult.bestBound ?? -.infinity
        options.log?("queues merged: roster \(merged.solverResult.objective ?? .nan), bound \(mergedBound) (\(merged.route.used))")

        // Stage 2, unless Ctrl-C came during stage 1 or the traded roster meets the merged bound.
        var exact: RosterSolution?
        var size = (variables: merged.variableCount, constraints: merged.constraintCount)
        let tradedValue = RosterValidator(problem: problem).objective(of: mergedRoster)
        options.log?("queues: the merged roster as the queues count it, after trades: \(tradedValue)")
        progress?(SolverProgress(elapsedSeconds: (clock.now - start).seconds, incumbent: tradedValue, bound: mergedBound))
        var stages = ", then the whole exact model"
        // The model is built only now: when the traded roster meets the bound (the example week,
        // L) it is not needed, and past the largest full model it is not built (the traded roster
        // is kept, with the merged bound).
        let refusal = RosterFormulation.sizeRefusal(of: problem)
        if let refusal {
            options.log?("queues: \(refusal); the exact model with allocation is not built")
            stages = ", the exact model with allocation too large to build"
        }
        if options.shouldStop?() != true, tradedValue > mergedBound + 1e-9, refusal == nil {
            let formulation = RosterFormulation(problem: problem)
            size = (formulation.model.variables.count, formulation.model.constraints.count)
            let offset = (clock.now - start).seconds
            var second = options
            second.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - offset) }
            second.progress = progress.map { report in
                { report(SolverProgress(elapsedSeconds: offset + $0.elapsedSeconds, incumbent: $0.incumbent, bound: max($0.bound ?? -.infinity, mergedBound))) }
            }
            // A large model: neighbourhoods of it for up to three quarters of the time left first
            // (GLPK improves little on the whole of it). Then the whole model from the best roster.
            if formulation.model.variables.count > Self.queueNeighbourhoodsAbove {
                let until = second.timeLimitSeconds.map { clock.now + .seconds($0 * 0.75) }
                let improved = try improveByNeighbourhoods(mergedRoster, formulation: formulation, options: second, deadline: until) { value in
                    progress?(SolverProgress(elapsedSeconds: (clock.now - start).seconds, incumbent: value, bound: mergedBound))
                }
                stages = ", then neighbourhoods of the exact model and the whole model"
                options.log?("queues: neighbourhoods: \(improved.objective)")
                mergedRoster = improved.roster
                second.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - start).seconds) }
            }
            // The whole model, unless the time left is too short to load it (a 143,000-variable
            // model takes about a second before GLPK can stop).
            if second.timeLimitSeconds.map({ $0 >= Self.leastTimeForWholeModel }) ?? true {
                exact = try solve(formulation, startedFrom: mergedRoster, options: second)
            }
        }
        let metBound = tradedValue <= mergedBound + 1e-9
        let note = "queues merged first (\(merged.route.used)), weeks traded by skills\(metBound ? "" : stages); "
        var solution = try better(
            exact, orMerged: mergedRoster, problem: problem, size: size, bound: mergedBound, options: options,
            stamp: { result in
                result.wallSeconds = (clock.now - start).seconds
                result.solverMessage = note + result.solverMessage
            })
        let merging = "several queues: the queues merged (\(merged.route.used), whose bound holds), weeks traded between agents by their skills"
        solution.route = metBound
            ? SolveRoute(used: merged.route.used, reason: merging + "; that roster meets the merged bound")
            : SolveRoute(used: "exact", reason: merging + stages + " with allocation, started from that roster")
        return solution
    }

    /// The exact stage's solution, or the best roster before it as the queues count it when that
    /// stage has none or a worse one (or did not run: the run was interrupted, the roster meets
    /// the merged bound and is optimal, or too little time was left), with the higher of the two
    /// bounds and the status they give.
    private func better(
        _ exact: RosterSolution?, orMerged roster: Roster, problem: RosterProblem, size: (variables: Int, constraints: Int), bound mergedBound: Double,
        options: SolverOptions,
        stamp: (inout SolverResult) -> Void
    ) throws -> RosterSolution {
        let validator = RosterValidator(problem: problem)
        let stagedValue = validator.objective(of: roster)
        let interrupted = options.shouldStop?() == true
        let skipped = interrupted ? "interrupted before the whole exact model" : "no whole exact model (the merged bound met, or too little time left)"
        var result = exact?.solverResult
            ?? SolverResult(
                status: .feasible(interrupted ? .interrupted : .timeLimit), objective: nil, bestBound: nil, values: nil, wallSeconds: 0, solverMessage: skipped)
        var chosen = (roster: exact?.roster, coverage: exact?.coverage ?? [])
        if chosen.roster == nil || (result.objective ?? .infinity) > stagedValue + 1e-9 {
            let coverage = problem.coverage(of: roster)
            let violations = validator.violations(of: roster, coverage: coverage, objective: stagedValue)
            guard violations.isEmpty else { throw InvalidRosterError(violations: violations) }
            result.objective = stagedValue
            result.values = nil
            chosen = (roster, coverage)
        }
        let objective = result.objective ?? stagedValue
        let bound = min(objective, max(result.bestBound ?? -.infinity, mergedBound))
        let gap = relativeGap(incumbent: objective, bound: bound) ?? 1
        result.bestBound = bound.isFinite ? bound : nil
        var stop = StopReason.timeLimit
        if case .feasible(let reason) = result.status { stop = reason }
        if case .noSolutionFound(let reason) = result.status { stop = reason }
        result.status = gap <= 1e-9 ? .optimal : gap <= (options.relativeGap ?? 0) + 1e-9 ? .feasible(.gapLimit) : .feasible(stop)
        stamp(&result)
        return RosterSolution(
            problem: problem, solverResult: result, roster: chosen.roster, coverage: chosen.coverage,
            variableCount: exact?.variableCount ?? size.variables, constraintCount: exact?.constraintCount ?? size.constraints)
    }

    /// Solves `formulation` started from `roster` (its point completed by an LP, when the model
    /// holds it).
    private func solve(_ formulation: RosterFormulation, startedFrom roster: Roster, options: SolverOptions) throws -> RosterSolution {
        var options = options
        var quiet = options
        quiet.progress = nil
        quiet.log = nil
        let clock = ContinuousClock(), began = clock.now
        let point = startingPoint(formulation, roster: roster)
        options.initialSolution = try solver.completion(
            of: formulation.model, fixing: formulation.decisionVariables + formulation.sessionDecisionVariables, at: point, options: quiet)?.values
        if options.initialSolution != nil { options.feasibilityPump = false }
        // The completion's time counts against the limit.
        options.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - began).seconds) }
        return try solve(formulation, options: options)
    }

    /// Least seconds left for the last stage's whole model to be worth loading.
    static let leastTimeForWholeModel = 2.0

    /// The full model's point of a roster: its shifts and breaks (``RosterFormulation/point(of:)``)
    /// and its activity sessions with the own placements of the breaks around them.
    func startingPoint(_ formulation: RosterFormulation, roster: Roster) -> [Double] {
        var point = formulation.point(of: roster)
        guard formulation.problem.hasActivities else { return point }
        let problem = formulation.problem
        let agentIndex = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let activityIndex = Dictionary(problem.activities.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var placed: [AgentShiftKey: (plan: Int, session: (activity: Int, start: Instant)?)] = [:]
        for assignment in roster.assignments {
            guard let agent = agentIndex[assignment.agentID],
                let shift = formulation.assignmentVariables[agent].first(where: { problem.shifts[$0.shift].start == assignment.start && problem.shifts[$0.shift].end == assignment.end })
            else { continue }
            let plan = problem.breakPlanIndex(of: problem.shifts[shift.shift], breaks: assignment.breaks) ?? 0
            let session = assignment.activities.first.flatMap { session in activityIndex[session.name].map { ($0, session.start) } }
            placed[AgentShiftKey(agent: agent, shift: shift.shift)] = (plan, session)
        }
        formulation.setSessions(in: &point, works: { placed[AgentShiftKey(agent: $0, shift: $1)]?.plan }) { placed[AgentShiftKey(agent: $0, shift: $1)]?.session }
        return point
    }
}

extension RosterOptimizer {
    /// The merged stage's roster with whole weeks traded between agents the merged problem
    /// cannot tell apart (one agent type: the same contract, shifts, wishes, activities and
    /// published roster) but whose skill sets differ, while a trade raises the requirement met
    /// across the queues. Every rule and every other cost stays as it was (the agents are
    /// interchangeable for them) and the agents on the phone per interval too, so only the
    /// allocation gains: a local search over the assignment of the merged weeks to agents.
    /// Deterministic: agents in order, the first improving trade taken, at most 10 passes.
    /// Time O(passes × Σ_types members² × intervals worked × flow).
    func tradedBySkills(_ roster: Roster, problem: RosterProblem, shouldStop: (() -> Bool)?) -> Roster {
        let types = AgentType.types(of: problem.withoutQueues())
        let (sets, group) = problem.skillSets()
        let intervals = problem.horizon.intervalCount
        var phone = Array(repeating: [Int](), count: problem.agents.count)
        var counts = Array(repeating: Array(repeating: 0, count: sets.count), count: intervals)
        for (t, agents) in problem.onThePhone(roster).enumerated() {
            for agent in agents {
                phone[agent].append(t)
                counts[t][group[agent]] += 1
            }
        }
        let met = { (t: Int, supply: [Int]) -> Int in
            QueueAllocation.allocate(supply: supply, sets: sets, required: problem.queues.indices.map { problem.queueRequired[$0][t] }).joined().reduce(0, +)
        }
        var owner = Array(problem.agents.indices)  // whose week each agent now works
        passes: for _ in 0..<10 {
            var traded = false
            for type in types where Set(type.members.map { group[$0] }).count > 1 {
                for (i, a) in type.members.enumerated() {
                    for b in type.members[(i + 1)...] where group[a] != group[b] {
                        if shouldStop?() == true { break passes }
                        let touched = Set(phone[a]).symmetricDifference(phone[b]).sorted()
                        var gain = 0
                        for t in touched {
                            var after = counts[t]
                            let (fromA, fromB) = (phone[a].contains(t) ? 1 : 0, phone[b].contains(t) ? 1 : 0)
                            after[group[a]] += fromB - fromA
                            after[group[b]] += fromA - fromB
                            gain += met(t, after) - met(t, counts[t])
                        }
                        guard gain > 0 else { continue }
                        for t in touched {
                            let (fromA, fromB) = (phone[a].contains(t) ? 1 : 0, phone[b].contains(t) ? 1 : 0)
                            counts[t][group[a]] += fromB - fromA
                            counts[t][group[b]] += fromA - fromB
                        }
                        phone.swapAt(a, b)
                        owner.swapAt(a, b)
                        traded = true
                    }
                }
            }
            if !traded { break }
        }
        // Agent `a` now works the week `owner[a]` had.
        let byAgent = Dictionary(grouping: roster.assignments, by: \.agentID)
        let assignments = problem.agents.indices.flatMap { a in
            (byAgent[problem.agents[owner[a]].id] ?? []).map {
                Roster.Assignment(agentID: problem.agents[a].id, start: $0.start, end: $0.end, breaks: $0.breaks, activities: $0.activities)
            }
        }
        return Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
    }
}
