import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Wishes for when a break starts ("lunch between 12:00 and 12:30"), against hand-computed optima.
@Suite struct BreakWindowWishTests {
    /// A 6-h shift 09:00–15:00 on 30-min intervals with an unpaid 30-min lunch starting
    /// 11:00–13:00 (every half hour).
    static let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 360, breaks: [
        BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 240, stepMinutes: 30),
    ])
    static let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])

    static func lunchWish(_ earliest: String, _ latest: String, priority: Int) -> Wish {
        Wish(kind: .breakWindow(breakName: "lunch", earliest: Tiny.time(earliest), latest: Tiny.time(latest), weekdays: Set(Weekday.allCases)), priority: priority)
    }

    static func problem(agents: [String], need: @escaping (Int) -> Int, wishes: [String: [Wish]], weightPerPoint: Double) throws -> RosterProblem {
        try Tiny.problem(intervalMinutes: 30, templates: [template], agents: agents.map { Agent(id: $0, name: $0.uppercased()) }) { _, minute in
            minute >= 9 * 60 && minute < 15 * 60 ? need(minute) : 0
        }.with(breakRules: [lunch]).with(
            preferences: wishes.mapValues { AgentPreferences(agentID: "", wishes: $0) }.reduce(into: [:]) { $0[$1.key] = AgentPreferences(agentID: $1.key, wishes: $1.value.wishes) },
            policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: weightPerPoint, fairnessWeight: 0))
    }

    static func lunches(_ solved: RosterSolution) -> [String: String] {
        let zone = solved.problem.horizon.timeZone
        var found: [String: String] = [:]
        for assignment in solved.roster?.assignments ?? [] { found[assignment.agentID] = assignment.breaks.first.map { zone.isoText($0.start) } }
        return found
    }

    /// Two agents needed all day: every lunch leaves one short for half an hour wherever it
    /// goes (100 in all), so both wishes are granted: Ana's at 12:00 exactly, Ben's at 11:00 or
    /// 11:30. Agents on one shift share the break counts, so this needs the classes of
    /// placements the wishes tell apart.
    @Test func wishesAreGrantedWhenCoverageDoesNotCare() throws {
        let problem = try Self.problem(
            agents: ["ana", "ben"], need: { _ in 2 },
            wishes: ["ana": [Self.lunchWish("12:00", "12:00", priority: 3)], "ben": [Self.lunchWish("11:00", "11:30", priority: 2)]], weightPerPoint: 5)
        for strategy in RosterStrategy.allCases {
            let solved = try Tiny.solve(problem, strategy: strategy)
            #expect(solved.solverResult.status == .optimal, "\(strategy)")
            #expect(abs((solved.solverResult.objective ?? -1) - 100) < 1e-6, "\(strategy)")
            let lunches = Self.lunches(solved)
            #expect(lunches["ana"] == "2026-11-23T12:00", "\(strategy)")
            #expect(["2026-11-23T11:00", "2026-11-23T11:30"].contains(lunches["ben"] ?? ""), "\(strategy)")
            let outcomes = WishEvaluation.outcomes(of: try #require(solved.roster), problem: problem)
            #expect(outcomes.allSatisfy { $0.granted }, "\(strategy)")
        }
    }

    /// One agent needed all day except 12:30–13:00: a lunch at 12:30 costs nothing; the wished
    /// 11:00 leaves 11:00 short (50) and 12:30 over (5), 55. A priority-5 wish at 5 per point
    /// (25) is refused; at 20 per point (100) it is granted.
    @Test func aWishGivesWayOnlyToDearerCoverage() throws {
        let need = { (minute: Int) in minute == 12 * 60 + 30 ? 0 : 1 }
        for (weight, objective, lunch) in [(5.0, 25.0, "2026-11-23T12:30"), (20.0, 55.0, "2026-11-23T11:00")] {
            let problem = try Self.problem(agents: ["ana"], need: need, wishes: ["ana": [Self.lunchWish("11:00", "11:00", priority: 5)]], weightPerPoint: weight)
            for strategy in RosterStrategy.allCases {
                let solved = try Tiny.solve(problem, strategy: strategy)
                #expect(solved.solverResult.status == .optimal, "\(strategy), \(weight) per point")
                #expect(abs((solved.solverResult.objective ?? -1) - objective) < 1e-6, "\(strategy), \(weight) per point")
                #expect(Self.lunches(solved)["ana"] == lunch, "\(strategy), \(weight) per point")
            }
        }
    }

    /// The validator's own count: a lunch outside the window is one refused shift, and a shift
    /// on a weekday the wish does not name neither grants nor refuses it.
    @Test func theValidatorCountsShiftsWhoseBreakStartsOutside() throws {
        let problem = try Self.problem(agents: ["ana"], need: { _ in 1 }, wishes: ["ana": [Self.lunchWish("12:00", "12:30", priority: 2)]], weightPerPoint: 5)
        let zone = problem.horizon.timeZone
        func roster(lunchAt minute: Int) -> Roster {
            let day = problem.horizon.start
            return Roster(assignments: [
                Roster.Assignment(agentID: "ana", start: day + 9 * 60, end: day + 15 * 60, breaks: [Roster.Break(name: "lunch", start: day + minute, end: day + minute + 30, paid: false)]),
            ], timeZone: zone)
        }
        #expect(WishEvaluation.outcomes(of: roster(lunchAt: 12 * 60 + 30), problem: problem).map(\.shortfall) == [0])
        #expect(WishEvaluation.outcomes(of: roster(lunchAt: 13 * 60), problem: problem).map(\.shortfall) == [1])
        let tuesdayOnly = Wish(kind: .breakWindow(breakName: "lunch", earliest: Tiny.time("12:00"), latest: nil, weekdays: [.tuesday]), priority: 2)
        let other = problem.with(preferences: ["ana": AgentPreferences(agentID: "ana", wishes: [tuesdayOnly])], policy: problem.preferencePolicy)
        #expect(WishEvaluation.outcomes(of: roster(lunchAt: 11 * 60), problem: other).map(\.shortfall) == [0])
        #expect(tuesdayOnly.summary == "lunch to start not before 12:00 on Tue")
    }

    /// Re-rostering (``PublishedBreaksTests``' week, lunches belong at 11:00 and 13:00): published
    /// a at 11:00 and b at 13:00, costing nothing, and b now wishes for 11:00 (15). Keeping them
    /// refuses the wish: 15. Swapping moves two breaks (2 × the break-change weight, a quarter of
    /// the change weight) and grants it; b joining a at 11:00 moves one but leaves 11:00 short
    /// and 13:00 over (50 + 5 + 5). At a change weight of 20 (5 per break) the swap wins, 10; at
    /// 80 (20 per break) keeping wins, 15. This checks that a wishing agent and a published one
    /// are not both counted on a's published lunch.
    @Test func aWishAgainstAPublishedLunchPaysForTheMovesItCauses() throws {
        let problem = try PublishedBreaksTests.problem().with(
            preferences: ["b": AgentPreferences(agentID: "b", wishes: [Self.lunchWish("11:00", "11:00", priority: 3)])],
            policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 0))
        let published = PublishedBreaksTests.published(problem, a: 120, b: 240)
        try PublishedBreaksTests.expectOptimum(
            problem.with(published: published, weightPerChange: 20, lock: false), objective: 10, lunches: ["a": "13:00", "b": "11:00"], moved: 2, " (swap)")
        try PublishedBreaksTests.expectOptimum(
            problem.with(published: published, weightPerChange: 80, lock: false), objective: 15, lunches: ["a": "11:00", "b": "13:00"], moved: 0, " (keep)")
    }

    /// An agent in an activity session takes placements of their own (``ActivityTests``' lunch
    /// and 1-h training sharing 11:00–12:30, when nobody is needed): a lunch wished for at 12:00
    /// puts the training at 11:00 and costs nothing; one at 13:00 would leave 13:00 short (50)
    /// and half an hour idle (5), so it is refused for its weight, 2 × 5 = 10.
    @Test func anAgentInASessionPaysOnTheirOwnPlacements() throws {
        let template = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])
        let base = try Tiny.problem(intervalMinutes: 30, templates: [template], agents: [Agent(id: "a", name: "A")]) { _, minute in
            minute >= 9 * 60 && minute < 15 * 60 && !(11 * 60..<(12 * 60 + 30)).contains(minute) ? 1 : 0
        }.with(breakRules: [Self.lunch]).with(activities: [ActivityTests.activity("training", ["a"], minutes: 60, from: "11:00", to: "13:00")])
        for (wished, objective, lunch) in [("12:00", 0.0, "2026-11-23T12:00"), ("13:00", 10.0, nil)] {
            let problem = base.with(
                preferences: ["a": AgentPreferences(agentID: "a", wishes: [Self.lunchWish(wished, wished, priority: 2)])],
                policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 0))
            let solved = try Tiny.solve(problem)
            #expect(solved.solverResult.status == .optimal, "\(wished)")
            #expect(abs((solved.solverResult.objective ?? -1) - objective) < 1e-6, "\(wished)")
            if let lunch { #expect(Self.lunches(solved)["a"] == lunch) }
        }
    }

    /// The refused wish of the coverage case is explained by the coverage it would cost.
    @Test func aRefusalIsExplainedByCoverage() throws {
        let need = { (minute: Int) in minute == 12 * 60 + 30 ? 0 : 1 }
        let problem = try Self.problem(agents: ["ana"], need: need, wishes: ["ana": [Self.lunchWish("11:00", "11:00", priority: 5)]], weightPerPoint: 5)
        let solved = try Tiny.solve(problem, strategy: .patterns)
        let explained = try WishExplainer(solver: GLPKSolver(), problem: problem).explain(solved.roster!)
        #expect(explained.count == 1)
        #expect(!explained[0].outcome.granted)
        #expect(explained[0].reason.contains("coverage"), "\(explained[0].reason)")
    }
}

/// The weekly search on a team too large for its full-model polish: every roster it returns is
/// validated against the objective it computed, break-window wishes included.
@Suite struct BreakWindowSearchTests {
    @Test func theSearchScoresLunchWishesAsTheValidatorDoes() throws {
        var generator = WeekGenerator(peak: 15, seed: 48)
        generator.breaks = true
        let base = try generator.problem()
        // Half the agents want their lunch between 12:00 and 12:30 on weekdays (priority 3).
        var preferences = base.preferences
        for agent in base.agents.indices where agent % 2 == 0 {
            let id = base.agents[agent].id
            var own = preferences[id] ?? AgentPreferences(agentID: id)
            own.wishes.append(Wish(kind: .breakWindow(breakName: "lunch", earliest: Tiny.time("12:00"), latest: Tiny.time("12:30"), weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday]), priority: 3))
            preferences[id] = own
        }
        let problem = base.with(preferences: preferences, policy: base.preferencePolicy)
        var options = SolverOptions(timeLimitSeconds: 60)
        options.workMeter = WorkMeter(budget: 20_000)
        let solved = try RosterOptimizer(solver: GLPKSolver()).solve(problem, options: options, strategy: .patterns)
        let roster = try #require(solved.roster)
        #expect(solved.route.used == "weekly-patterns")
        // The objective the search reports is the validator's, wishes and all.
        #expect(abs(RosterValidator(problem: problem).objective(of: roster) - (solved.solverResult.objective ?? -1)) < 1e-6)
        let lunchOutcomes = WishEvaluation.outcomes(of: roster, problem: problem).filter { if case .breakWindow = $0.wish.kind { true } else { false } }
        #expect(lunchOutcomes.count == (base.agents.count + 1) / 2)
        // Most are granted: the lunch window covers noon, when the week has slack to spare.
        #expect(lunchOutcomes.filter(\.granted).count * 2 > lunchOutcomes.count, "\(lunchOutcomes.map(\.shortfall))")
    }
}
