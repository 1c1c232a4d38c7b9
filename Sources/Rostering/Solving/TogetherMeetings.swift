import LinearProgramming

/// Meetings everyone attends together (a team meeting), in the weekly search, in two stages:
///
/// 1. **Apart.** Each meeting becomes an activity its attendees attend on their own, at any of
///    its start times (``RosterProblem/withMeetingsApart()``). Every roster that holds the
///    meetings together is such a roster at the same cost, so the bound of its column
///    generation (at most 40 % of the time limit) is a bound on the problem.
/// 2. **Held.** Each meeting's times are chosen from that LP (``PatternSearch/heldTimes(_:meetings:)``):
///    per session, on a date of its own, where the LP holds the most attendees' sessions, the
///    rounded roster's cost among equals; the meeting becomes a course at those times that every attendee attends
///    (``RosterProblem/withMeetings(heldAt:)``), and the weekly search solves that problem for
///    the rest of the time. Its roster keeps every rule of the original problem (checked
///    again by the validator against it); its bound is not one, so stage 1's is reported.
///
/// Meetings that need only a share of their attendees, or that are soft (they may not be held
/// at all), are left to the exact model.
extension RosterOptimizer {
    /// Why the two stages cannot take `problem`'s meetings, in words; nil when they can.
    static func meetingsUnsupported(_ problem: RosterProblem) -> String? {
        for activity in problem.activities {
            guard case .together = activity.attendance else { continue }
            if !activity.hard { return "a soft meeting (\(activity.name))" }
            if activity.leastAttending < activity.attendees.count { return "a meeting that needs only a share of its attendees (\(activity.name))" }
        }
        return nil
    }

    /// A problem with meetings: the exact model for those the two stages cannot take and for a
    /// small team (whose full model, cuts and all, proves the optimum in seconds: the two-day
    /// scenario of ActivitiesCLITests, 120 in about 2 s, where the two stages' bound is only the
    /// meetings-apart one); else the two stages, and the exact model with the time left when they
    /// cannot run.
    func routeMeetings(_ problem: RosterProblem, generator: any ColumnGenerationSolver, options: SolverOptions) throws -> RosterSolution {
        if let why = Self.meetingsUnsupported(problem) {
            var solution = try solveExact(problem, options: options)
            solution.route = SolveRoute(used: "exact", reason: "activities with \(why), which the weekly search does not place yet")
            return solution
        }
        if let size = RosterFormulation.fullModelSize(of: problem, assignmentLimit: PatternSearch.largestFullModel), size.variables <= Self.largestModelWithCuts {
            var solution = try solveExact(problem, options: options)
            solution.route = SolveRoute(used: "exact", reason: "a small team with meetings: its full model, with cuts, proves their optimum")
            return solution
        }
        let clock = ContinuousClock(), began = clock.now
        if let solution = try solveWithMeetings(problem, generator: generator, options: options) { return solution }
        var left = options
        left.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - began).seconds) }
        var solution = try solveExact(problem, options: left)
        solution.route = SolveRoute(used: "exact", reason: "meetings the two-stage weekly search could not hold (no times every attendee keeps, or a stage without a week)")
        return solution
    }

    /// Solves a problem with meetings everyone attends by the two stages; nil when a stage
    /// cannot run (a stage's problem the weekly search does not take, no times every attendee
    /// can keep, or an agent without a week), so that the caller takes the exact model.
    func solveWithMeetings(_ problem: RosterProblem, generator: any ColumnGenerationSolver, options: SolverOptions) throws -> RosterSolution? {
        let clock = ContinuousClock(), start = clock.now
        var first = options
        first.timeLimitSeconds = options.timeLimitSeconds.map { $0 * 0.4 }
        // Progress: stage 1's rosters do not hold the meetings together, so only its bound is
        // reported; stage 2's bound is not one, so stage 1's stays.
        let progress = options.progress
        first.progress = progress.map { report in { report(SolverProgress(elapsedSeconds: $0.elapsedSeconds, incumbent: nil, bound: $0.bound)) } }
        let apart = PatternSearch(problem: problem.withMeetingsApart(), solver: solver, generator: generator, options: first)
        guard apart.unsupported == nil, apart.isReady else { return nil }
        // Its column generation only: the bound, the LP's sessions the held times follow, and
        // its rounded roster for ties (a search on to better rosters of the meetings apart took
        // 20 of 23 s on the example week with activities and changed nothing that followed).
        let relaxed = try apart.columnGeneration(timeLimit: first.timeLimitSeconds, seed: nil)
        options.log?("meetings apart: LP bound \(relaxed.bound)")
        let meetings = problem.activities.indices.filter { if case .together = problem.activities[$0].attendance { true } else { false } }
        // Each meeting needs as many times as it has sessions, on dates of their own.
        let times = apart.heldTimes(relaxed.rounded, meetings: meetings)
        guard meetings.allSatisfy({ times[$0]?.count == problem.activities[$0].sessions }),
            let held = try? problem.withMeetings(heldAt: times)
        else { return nil }

        var second = options
        second.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - start).seconds) }
        let offset = (clock.now - start).seconds, bound = relaxed.bound
        second.progress = progress.map { report in
            { report(SolverProgress(elapsedSeconds: offset + $0.elapsedSeconds, incumbent: $0.incumbent, bound: $0.incumbent.map { min($0, bound) } ?? bound)) }
        }
        let search = PatternSearch(problem: held, solver: solver, generator: generator, options: second)
        guard search.unsupported == nil, search.isReady else { return nil }
        let solved: RosterSolution
        do { solved = try search.run() } catch is PatternSearch.NoRosterKeepingAtOnce { return nil }
        guard let roster = solved.roster, let objective = solved.solverResult.objective else { return nil }

        // The roster against the problem as given (meetings together), with stage 1's bound.
        let violations = RosterValidator(problem: problem).violations(of: roster, coverage: solved.coverage, objective: objective)
        guard violations.isEmpty else { throw InvalidRosterError(violations: violations) }
        let proven = min(relaxed.bound, objective)
        let gap = relativeGap(incumbent: objective, bound: proven) ?? 1
        var result = solved.solverResult
        result.bestBound = proven
        result.wallSeconds = (clock.now - start).seconds
        // Stage 2 ends by its own limit, or by proving (or nearly) its held times' optimum: then
        // nothing better was to be found at those times.
        var stop = StopReason.noImprovement
        if case .feasible(let reason) = solved.solverResult.status, reason != .gapLimit { stop = reason }
        result.status = gap <= 1e-9 ? .optimal : gap <= (options.relativeGap ?? 0) + 1e-9 ? .feasible(.gapLimit) : .feasible(stop)
        result.solverMessage = "meetings held at the times a search with them apart suggested; " + result.solverMessage
        var solution = RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: solved.coverage,
            variableCount: solved.variableCount, constraintCount: solved.constraintCount)
        solution.route = SolveRoute(used: "weekly-patterns", reason: "the default for weekly rules, with activities inside shifts and meetings held at times chosen in two stages")
        return solution
    }
}

extension RosterProblem {
    /// The same problem with each meeting attended together turned into one its attendees attend
    /// on their own at any of its start times (hard as it was): a relaxation with the same costs.
    func withMeetingsApart() -> RosterProblem {
        var copy = self
        copy.activities = activities.map { activity in
            guard case .together = activity.attendance else { return activity }
            var apart = activity
            apart.attendance = .individual(atOnce: nil)
            return apart
        }
        return copy
    }

    /// The same problem with each meeting (by index) held at the given instants: a course every
    /// attendee attends at those times. Throws as ``with(activities:)`` does when an attendee
    /// cannot attend them.
    func withMeetings(heldAt times: [Int: [Instant]]) throws(Problem) -> RosterProblem {
        var list = activities
        for (k, instants) in times {
            list[k].attendance = .individual(atOnce: nil)
            list[k].fixedStarts = instants.sorted().map { horizon.timeZone.local($0) }
            list[k].sessions = instants.count
        }
        return try with(activities: list)
    }
}

extension PatternSearch {
    /// Per meeting (`meetings`: indices of the activities attended together before
    /// ``RosterProblem/withMeetingsApart()``, which keeps the indices): its sessions' times from a roster of the
    /// meetings apart, each on a date of its own, among the starts every attendee has a shift
    /// for: the cheapest for that roster (the attendees on the phone then leave it; each attendee
    /// whose shift cannot hold it costs an agent short for its length). O(meetings × (starts ×
    /// attendees × shifts + attendees × shifts)).
    func heldTimes(_ choice: [WeeklyPattern], meetings: [Int]) -> [Int: [Instant]] {
        // Agents on the phone per interval (with queues, every skill set's together).
        let slots = coverageOf(choice), intervals = problem.horizon.intervalCount
        let coverage = (0..<intervals).map { t in skillSets.indices.reduce(0) { $0 + slots[$1 * intervals + t] } }
        let indexOf = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var times: [Int: [Instant]] = [:]
        for k in meetings {
            let activity = problem.activities[k]
            let attendees = activity.attendees.compactMap { indexOf[$0] }
            // Starts every attendee has some shift for (else the meeting cannot be held there).
            var open = Set(problem.activityStarts[k].indices)
            for agent in attendees {
                var theirs = Set<Int>()
                for shift in types[typeOfAgent[agent]].shiftsByDay.joined() { theirs.formUnion(catalog.fits[k][shift] ?? []) }
                open.formIntersection(theirs)
            }
            // What holding it at a start would cost that roster: the attendees on the phone there
            // leave it, and each attendee whose shift cannot hold it must change their week
            // (priced as an agent short for the session's length).
            func cost(_ count: Int, _ interval: Int) -> Double {
                let required = problem.required[interval]
                return count < required ? Double(required - count) * under : Double(count - required) * over
            }
            var scored: [(start: Int, cost: Double)] = []
            for index in open.sorted() {
                let range = sessionRange(SessionCatalog.code(activity: k, start: index))
                let holding = attendees.filter { agent in choice[agent].shifts.contains { catalog.fits[k][$0]?.contains(index) == true } }
                var onPhone = Array(repeating: 0, count: range.count)
                for agent in holding { forEachInterval(of: choice[agent]) { if range.contains($0) { onPhone[$0 - range.lowerBound] += 1 } } }
                var total = Double(attendees.count - holding.count) * under * Double(range.count)
                for interval in range { total += cost(coverage[interval] - onPhone[interval - range.lowerBound], interval) - cost(coverage[interval], interval) }
                scored.append((index, total))
            }
            // The root LP's choice first: the start where it holds the most attendees' sessions
            // (they went where they cost least); the roster's cost among equals.
            let votes = { (index: Int) in (self.rootSessions[SessionCatalog.code(activity: k, start: index)] ?? 0).rounded() }
            scored.sort { (-votes($0.start), $0.cost, $0.start) < (-votes($1.start), $1.cost, $1.start) }
            var dates = Set<LocalDate>()
            var chosen: [Instant] = []
            for candidate in scored where chosen.count < activity.sessions {
                let instant = problem.activityStarts[k][candidate.start]
                guard dates.insert(problem.horizon.timeZone.local(instant).date).inserted else { continue }
                chosen.append(instant)
            }
            times[k] = chosen
        }
        return times
    }
}
