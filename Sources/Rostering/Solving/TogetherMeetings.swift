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
/// **A share, or soft.** A meeting that needs only `least` of its n attendees, or that is soft,
/// is attended apart in stage 1 as a soft activity at the meeting's penalty (every absence costs
/// it there as in the meeting: a relaxation with the same costs). In stage 2 each session held
/// has a **core** of `least` attendees, chosen from stage 1's roster, who attend it as a hard
/// course, and the others attend the same times as a soft course at the penalty (so the search
/// decides who else comes); the core's sessions make every held session keep its share. A soft
/// meeting's session is held only where holding it costs that roster less than everyone missing
/// it (n × the penalty for its length); one not held costs that, added to stage 2's objective.
/// The core stays the same for all of a meeting's sessions (a restriction: the bound is stage
/// 1's).
extension RosterOptimizer {
    /// A problem with meetings: the exact model when re-rostering (the two stages do not keep a
    /// meeting's published sessions yet) and for a small team (whose full model, cuts and all,
    /// proves the optimum in seconds: the two-day scenario of ActivitiesCLITests, 120 in about
    /// 2 s, where the two stages' bound is only the meetings-apart one); else the two stages, and
    /// the exact model with the time left when they cannot run.
    func routeMeetings(_ problem: RosterProblem, generator: any ColumnGenerationSolver, options: SolverOptions) throws -> RosterSolution {
        if problem.published != nil {
            var solution = try solveExact(problem, options: options)
            solution.route = SolveRoute(used: "exact", reason: "re-rostering with meetings attended together, whose published sessions the two-stage search does not keep yet")
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
        solution.route = SolveRoute(used: "exact", reason: "meetings the two-stage weekly search could not hold (no times enough attendees keep, or a stage without a week)")
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
        let meetings = problem.activities.indices.filter { problem.activities[$0].isMeeting }
        // A hard meeting needs as many times as it has sessions, on dates of their own.
        let held = apart.heldMeetings(relaxed.rounded, meetings: meetings.map { ($0, problem.activities[$0]) })
        guard meetings.allSatisfy({ k in held[k].map { $0.times.count == problem.activities[k].sessions || !problem.activities[k].hard } ?? false }),
            let (heldProblem, renamed, missed) = try? problem.withMeetings(held: held)
        else { return nil }
        guard var solution = try solveHeld(
            heldProblem, problem: problem, renamed: renamed, missed: missed, bound: relaxed.bound, since: start, generator: generator, options: options)
        else { return nil }
        solution.route = SolveRoute(used: "weekly-patterns", reason: "the default for weekly rules, with activities inside shifts and meetings held at times chosen in two stages")
        return solution
    }

    /// Stage 2: the weekly search on `held` (the meetings held at their times) for the time left
    /// of `options`' limit since `start`, its roster's sessions of the others' courses given back
    /// to their meetings (`renamed`), checked against `problem` at the search's objective plus
    /// `missed` (the sessions of soft meetings not held), with stage 1's `bound`. Nil when the
    /// search finds no roster.
    private func solveHeld(
        _ held: RosterProblem, problem: RosterProblem, renamed: [String: String], missed: Double, bound: Double, since start: ContinuousClock.Instant,
        generator: any ColumnGenerationSolver, options: SolverOptions
    ) throws -> RosterSolution? {
        let clock = ContinuousClock()
        var second = options
        second.timeLimitSeconds = options.timeLimitSeconds.map { max(0.05, $0 - (clock.now - start).seconds) }
        let offset = (clock.now - start).seconds
        second.progress = options.progress.map { report in
            { report(SolverProgress(elapsedSeconds: offset + $0.elapsedSeconds, incumbent: $0.incumbent.map { $0 + missed }, bound: $0.incumbent.map { min($0 + missed, bound) } ?? bound)) }
        }
        let search = PatternSearch(problem: held, solver: solver, generator: generator, options: second)
        guard search.unsupported == nil, search.isReady else { return nil }
        let solved: RosterSolution
        do { solved = try search.run() } catch is PatternSearch.NoRosterKeepingAtOnce { return nil }
        guard let found = solved.roster, let searched = solved.solverResult.objective else { return nil }

        // The roster against the problem as given (meetings together), with stage 1's bound.
        let roster = Roster(assignments: found.assignments.map { shift in
            Roster.Assignment(
                agentID: shift.agentID, start: shift.start, end: shift.end, breaks: shift.breaks,
                activities: shift.activities.map { Roster.Session(name: renamed[$0.name] ?? $0.name, start: $0.start, end: $0.end) })
        }, timeZone: problem.horizon.timeZone)
        let objective = searched + missed
        let violations = RosterValidator(problem: problem).violations(of: roster, coverage: solved.coverage, objective: objective)
        guard violations.isEmpty else { throw InvalidRosterError(violations: violations) }
        let proven = min(bound, objective)
        let gap = relativeGap(incumbent: objective, bound: proven) ?? 1
        var result = solved.solverResult
        result.objective = objective
        result.bestBound = proven
        result.wallSeconds = (clock.now - start).seconds
        // Stage 2 ends by its own limit, or by proving (or nearly) its held times' optimum: then
        // nothing better was to be found at those times.
        var stop = StopReason.noImprovement
        if case .feasible(let reason) = solved.solverResult.status, reason != .gapLimit { stop = reason }
        result.status = gap <= 1e-9 ? .optimal : gap <= (options.relativeGap ?? 0) + 1e-9 ? .feasible(.gapLimit) : .feasible(stop)
        result.solverMessage = "meetings held at the times a search with them apart suggested; " + result.solverMessage
        return RosterSolution(
            problem: problem, solverResult: result, roster: roster, coverage: solved.coverage,
            variableCount: solved.variableCount, constraintCount: solved.constraintCount)
    }
}

extension RosterProblem {
    /// The same problem with each meeting attended together turned into one its attendees attend
    /// on their own at any of its start times: hard when it was hard and needed everyone, else
    /// soft at its penalty (a relaxation with the same costs).
    func withMeetingsApart() -> RosterProblem {
        var copy = self
        copy.activities = activities.map { activity in
            guard case .together = activity.attendance else { return activity }
            var apart = activity
            apart.attendance = .individual(atOnce: nil)
            apart.hard = activity.hard && activity.leastAttending == activity.attendees.count
            return apart
        }
        return copy
    }

    /// The same problem with each meeting (by index) held as `held` says: a hard course its core
    /// attends at those times, and a soft course at the same times and penalty for its other
    /// attendees (named ``othersName(_:)``); a meeting held at no time is left out. Returns the
    /// problem, the others' courses' names mapped to their meetings', and the penalty of the
    /// sessions not held (every attendee misses them). Throws as ``with(activities:)`` does when
    /// a core attendee cannot attend.
    func withMeetings(held: [Int: HeldMeeting]) throws(Problem) -> (problem: RosterProblem, renamed: [String: String], missed: Double) {
        var list = activities, others: [Activity] = [], renamed: [String: String] = [:], missed = 0.0
        var names = Set(activities.map(\.name))
        for (k, meeting) in held.sorted(by: { $0.key < $1.key }) {
            let activity = activities[k]
            missed += Double((activity.sessions - meeting.times.count) * activity.attendees.count) * activity.missCost
            let starts = meeting.times.sorted().map { horizon.timeZone.local($0) }
            list[k].attendance = .individual(atOnce: nil)
            list[k].fixedStarts = starts
            list[k].sessions = starts.count
            list[k].attendees = meeting.core
            list[k].hard = true
            let core = Set(meeting.core), rest = activity.attendees.filter { !core.contains($0) }
            guard !starts.isEmpty, !rest.isEmpty else { continue }
            let name = Self.othersName(activity.name, taken: names)
            names.insert(name)
            renamed[name] = activity.name
            others.append(Activity(
                name: name, attendees: rest, minutes: activity.minutes, firstDate: activity.firstDate, lastDate: activity.lastDate, stepMinutes: activity.stepMinutes,
                fixedStarts: starts, hard: false, penaltyPerAgentHour: activity.penaltyPerAgentHour))
        }
        let kept = list.indices.filter { held[$0].map { !$0.times.isEmpty } ?? true }.map { list[$0] }
        return (try with(activities: kept + others), renamed, missed)
    }

    /// A name for the course of a meeting's attendees outside its core that no activity has.
    static func othersName(_ name: String, taken: Set<String>) -> String {
        var candidate = name + " (others)"
        while taken.contains(candidate) { candidate += "+" }
        return candidate
    }
}

/// How stage 2 holds one meeting: the times of its sessions held (each on a date of its own),
/// and its core, the attendees who attend every one of them (as many as a session needs).
struct HeldMeeting: Sendable, Equatable {
    var times: [Instant]
    var core: [String]
}

extension PatternSearch {
    /// Per meeting (`meetings`: the activities attended together, as given, with their indices,
    /// which ``RosterProblem/withMeetingsApart()`` keeps): how stage 2 holds it,
    /// from a roster of the meetings apart. A start is open when at least as many attendees as a
    /// session needs have a shift that holds it. The open starts are taken in order of the root
    /// LP's votes (the attendees' sessions it holds there: they went where they cost least), then
    /// of their cost for that roster (``meetingCost(_:_:start:attendees:choice:coverage:)``), each on
    /// a date of its own, while enough attendees can attend every start taken; a soft meeting
    /// takes only starts that cost less than everyone missing the session. The core: the
    /// attendees a session needs, among those who can attend every start taken, those whose week
    /// holds most of them first (then in attendee order). O(meetings × starts × attendees × shifts).
    func heldMeetings(_ choice: [WeeklyPattern], meetings: [(index: Int, activity: Activity)]) -> [Int: HeldMeeting] {
        // Agents on the phone per interval (with queues, every skill set's together).
        let slots = coverageOf(choice), intervals = problem.horizon.intervalCount
        let coverage = (0..<intervals).map { t in skillSets.indices.reduce(0) { $0 + slots[$1 * intervals + t] } }
        let indexOf = Dictionary(problem.agents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var held: [Int: HeldMeeting] = [:]
        for (k, activity) in meetings {
            let least = activity.leastAttending
            let attendees = activity.attendees.compactMap { indexOf[$0] }
            // Per start, the attendees with some shift that holds it.
            var able: [Int: Set<Int>] = [:]
            for agent in attendees {
                var theirs = Set<Int>()
                for shift in types[typeOfAgent[agent]].shiftsByDay.joined() { theirs.formUnion(catalog.fits[k][shift] ?? []) }
                for start in theirs { able[start, default: []].insert(agent) }
            }
            let votes = { (index: Int) in (self.rootSessions[SessionCatalog.code(activity: k, start: index)] ?? 0).rounded() }
            let scored = able.keys.filter { able[$0]!.count >= least }.map { start in
                (start: start, cost: meetingCost(k, activity, start: start, attendees: attendees, choice: choice, coverage: coverage))
            }.sorted { (-votes($0.start), $0.cost, $0.start) < (-votes($1.start), $1.cost, $1.start) }
            var dates = Set<LocalDate>(), chosen: [Int] = [], common = Set(attendees)
            for candidate in scored where chosen.count < activity.sessions {
                if !activity.hard, candidate.cost >= Double(attendees.count) * activity.missCost { continue }
                let both = common.intersection(able[candidate.start]!)
                let date = problem.horizon.timeZone.local(problem.activityStarts[k][candidate.start]).date
                guard both.count >= least, !dates.contains(date) else { continue }
                dates.insert(date)
                chosen.append(candidate.start)
                common = both
            }
            let holds = { (agent: Int) in chosen.filter { start in choice[agent].shifts.contains { self.catalog.fits[k][$0]?.contains(start) == true } }.count }
            let core = attendees.filter(common.contains).map { (agent: $0, holds: holds($0)) }.enumerated()
                .sorted { ($0.element.holds, -$0.offset) > ($1.element.holds, -$1.offset) }.prefix(least).map(\.element.agent)
            held[k] = HeldMeeting(times: chosen.map { problem.activityStarts[k][$0] }, core: attendees.filter(Set(core).contains).map { problem.agents[$0].id })
        }
        return held
    }

    /// What holding meeting `k` (`activity` as given) at `start` would cost the roster `choice`: its attendees on the
    /// phone then leave it (at `coverage`'s staffing), too few of them with a shift that holds it
    /// must change their weeks (an agent short for its length each), and the attendees beyond the
    /// session's need who cannot come miss it (its penalty each). O(attendees × shifts).
    func meetingCost(_ k: Int, _ activity: Activity, start: Int, attendees: [Int], choice: [WeeklyPattern], coverage: [Int]) -> Double {
        let least = activity.leastAttending
        let range = sessionRange(SessionCatalog.code(activity: k, start: start))
        func cost(_ count: Int, _ interval: Int) -> Double {
            let required = problem.required[interval]
            return count < required ? Double(required - count) * under : Double(count - required) * over
        }
        let holding = attendees.filter { agent in choice[agent].shifts.contains { catalog.fits[k][$0]?.contains(start) == true } }
        var onPhone = Array(repeating: 0, count: range.count)
        for agent in holding { forEachInterval(of: choice[agent]) { if range.contains($0) { onPhone[$0 - range.lowerBound] += 1 } } }
        var total = Double(max(0, least - holding.count)) * under * Double(range.count)
            + Double(max(0, attendees.count - max(holding.count, least))) * activity.missCost
        for interval in range { total += cost(coverage[interval] - onPhone[interval - range.lowerBound], interval) - cost(coverage[interval], interval) }
        return total
    }
}
