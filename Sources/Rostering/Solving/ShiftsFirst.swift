import LinearProgramming

extension RosterOptimizer {
    /// "Shifts first, breaks placed afterwards", the way rostering tools without break placement
    /// work: the baseline that measures what placing breaks together with the shifts saves
    /// (`roster-bench --shifts-first`, docs/performance.md). Not a strategy for planners.
    ///
    /// 1. The shifts: the weekly pattern search (column generation, dive, large neighbourhoods,
    ///    as for any week) on ``RosterProblem/withBreaksOnThePhone()``: every contract holds in
    ///    paid time, but coverage counts agents on the phone for their whole shift. Half the
    ///    time limit.
    /// 2. The breaks: GLPK on the full model restricted to the shifts of stage 1, each fixed
    ///    worked (so only the break counts per shift and placement are free), for the rest of
    ///    the time; its roster is decoded and validated like any other.
    ///
    /// With activities, stage 1 keeps the breaks but drops the activities (shifts and breaks as
    /// if there were none), and stage 2 places the sessions (and the breaks again) on those
    /// shifts: "training placed after the roster".
    ///
    /// The solution's status, objective, bound and gap are stage 2's: the bound is a bound for
    /// the breaks of those shifts, not for the problem. Throws when the problem needs another
    /// route than the weekly search or GLPK cannot run column generation.
    public func solveShiftsFirst(_ problem: RosterProblem, options: SolverOptions) throws -> RosterSolution {
        guard let generator = solver as? any ColumnGenerationSolver else { throw SolverError("shifts first needs a solver with column generation") }
        let clock = ContinuousClock(), start = clock.now
        var first = options
        first.timeLimitSeconds = options.timeLimitSeconds.map { $0 / 2 }
        first.relativeGap = nil
        // With activities: the shifts and breaks first, as if there were none; the sessions after.
        var stage1 = problem.withBreaksOnThePhone()
        if problem.hasActivities {
            stage1 = problem
            stage1.activities = []
            stage1.activityStarts = []
        }
        let search = PatternSearch(problem: stage1, solver: solver, generator: generator, options: first)
        if let missing = search.unsupported { throw SolverError("shifts first: the weekly search cannot take \(missing)") }
        if let agent = search.agentWithoutPattern() { throw SolverError("shifts first: agent \(agent) has no week that keeps the contract") }
        if search.startingCut { throw SolverError("shifts first: stopped before every agent had a week") }
        let shifts = try search.improved().choice.map { Set($0.shifts) }

        var formulation = RosterFormulation(problem: problem, restrictedTo: { agent, shift in shifts[agent].contains(shift.index) })
        for entry in formulation.assignmentVariables.joined() { formulation.model.setBounds(entry.variable, lower: 1, upper: 1) }
        var second = options
        second.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - start).seconds) }
        var solution = try solve(formulation, options: second)
        solution.route = SolveRoute(
            used: "shifts-first",
            reason: problem.hasActivities
                ? "baseline: shifts and breaks by the weekly search as if there were no activities, then sessions and breaks by GLPK with the shifts fixed"
                : "baseline: shifts by the weekly search as if breaks took no coverage, then breaks by GLPK with the shifts fixed")
        return solution
    }
}
