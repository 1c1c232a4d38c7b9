import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

@Suite struct WishesTests {
    func twoDays(agents: [Agent], preferences: [AgentPreferences], policy: PreferencePolicy = .defaults, need: Int = 1) throws -> RosterProblem {
        try Tiny.problem(days: 2, templates: [Tiny.template(start: "09:00", hours: [8])], agents: agents) { _, hour in
            (9..<17).contains(hour) ? need : 0
        }.with(preferences: Dictionary(uniqueKeysWithValues: preferences.map { ($0.agentID, $0) }), policy: policy)
    }

    let monday = Tiny.monday
    var tuesday: LocalDate { Tiny.monday.adding(days: 1) }

    @Test func aWishIsGrantedWhenNothingStandsInTheWay() throws {
        // Two agents, one needed each day; Ana wants Monday off: Ben takes Monday.
        let problem = try twoDays(
            agents: [Agent(id: "ana", name: "Ana"), Agent(id: "ben", name: "Ben")],
            preferences: [AgentPreferences(agentID: "ana", wishes: [Wish(kind: .dayOff(monday), priority: 3)])])
        let solution = try Tiny.solve(problem, strategy: .exact)
        #expect(solution.solverResult.objective == 0)
        #expect(!Tiny.starts(solution, agent: "ana").contains("2026-11-23T09:00"))
        let explanations = try WishExplainer(solver: GLPKSolver(), problem: problem).explain(solution.roster!)
        #expect(explanations.map(\.outcome.granted) == [true])
        #expect(explanations[0].reason == "")
    }

    @Test func aWishIsRefusedWhenCoverageNeedsTheAgentAndTheReasonSaysWhere() throws {
        let problem = try twoDays(
            agents: [Agent(id: "ana", name: "Ana")],
            preferences: [AgentPreferences(agentID: "ana", wishes: [Wish(kind: .dayOff(monday), priority: 3)])])
        for strategy in RosterStrategy.allCases {
            let solution = try Tiny.solve(problem, strategy: strategy)
            // Refusing costs 3 points × 5 plus fairness 100 % × 1; granting would leave 8 hours short (800).
            #expect(solution.solverResult.objective == 115)
            let explanation = try WishExplainer(solver: GLPKSolver(), problem: problem).explain(solution.roster!)[0]
            #expect(!explanation.outcome.granted)
            #expect(explanation.reason == "coverage: Mon 09:00–17:00 would be 1 short")
        }
    }

    @Test func contractMinimumIsNamedWhenItBlocksAWish() throws {
        // Ana must work 16 h a week and shifts (8 h) exist only on Monday and Tuesday: a day off
        // cannot be granted, whatever coverage needs.
        let agents = [Agent(id: "ana", name: "Ana", minWeeklyMinutes: 16 * 60)]
        let wish = AgentPreferences(agentID: "ana", wishes: [Wish(kind: .dayOff(tuesday), priority: 2)])
        let week = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8], days: [.monday, .tuesday])], agents: agents) { _, _ in 0 }
            .with(preferences: ["ana": wish], policy: .defaults)
        let solution = try Tiny.solve(week, strategy: .exact)
        let explanation = try WishExplainer(solver: GLPKSolver(), problem: week).explain(solution.roster!)[0]
        #expect(!explanation.outcome.granted)
        #expect(explanation.reason == "contract: 16 h minimum a week cannot be reached with this wish")
    }

    @Test func minMaxFairnessSpreadsRefusalsThatThePureSumPilesOnOneAgent() throws {
        // One agent needed on Monday and on Tuesday. Ana wants both days off (2 points each),
        // Ben too (3 points each). The pure sum refuses Ana twice (4 points < 5); min-max fairness
        // gives each one day off.
        let agents = [Agent(id: "ana", name: "Ana"), Agent(id: "ben", name: "Ben")]
        let wishes = [
            AgentPreferences(agentID: "ana", wishes: [Wish(kind: .dayOff(monday), priority: 2), Wish(kind: .dayOff(tuesday), priority: 2)]),
            AgentPreferences(agentID: "ben", wishes: [Wish(kind: .dayOff(monday), priority: 3), Wish(kind: .dayOff(tuesday), priority: 3)]),
        ]
        let sumOnly = try twoDays(agents: agents, preferences: wishes, policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 0))
        let pureSum = try Tiny.solve(sumOnly, strategy: .exact)
        #expect(Tiny.starts(pureSum, agent: "ana").count == 2)
        #expect(Tiny.starts(pureSum, agent: "ben").isEmpty)
        #expect(pureSum.solverResult.objective == 20)

        let fair = try twoDays(agents: agents, preferences: wishes, policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 1))
        for strategy in RosterStrategy.allCases {
            let spread = try Tiny.solve(fair, strategy: strategy)
            #expect(Tiny.starts(spread, agent: "ana").count == 1, "\(strategy)")
            #expect(Tiny.starts(spread, agent: "ben").count == 1, "\(strategy)")
            // 2 + 3 points refused (25) and the worst share 50 % (50).
            #expect(spread.solverResult.objective == 75)
        }
    }

    @Test func hardUnavailabilityWindowsRemoveShifts() throws {
        let window = UnavailableWindow(date: Tiny.monday, from: TimeOfDay(text: "13:00"), to: TimeOfDay(text: "15:00"))
        let problem = try twoDays(
            agents: [Agent(id: "ana", name: "Ana")],
            preferences: [AgentPreferences(agentID: "ana", unavailable: [window])])
        let solution = try Tiny.solve(problem, strategy: .exact)
        #expect(Tiny.starts(solution, agent: "ana") == ["2026-11-24T09:00"])
        let violations = RosterValidator(problem: problem).violations(of: Roster(
            assignments: [Roster.Assignment(agentID: "ana", start: problem.shifts[0].start, end: problem.shifts[0].end)], timeZone: Tiny.utc))
        #expect(violations.map(\.rule) == ["availability"])
    }

    @Test func weeklyMaximumWishCostsPerHourAbove() throws {
        // Needed 8 h on two days; Ana prefers at most 8 h: one day refused costs 8 h × 2 points × 5.
        let problem = try twoDays(
            agents: [Agent(id: "ana", name: "Ana")],
            preferences: [AgentPreferences(agentID: "ana", wishes: [Wish(kind: .weeklyMaximum(480), priority: 2)])],
            policy: PreferencePolicy(pointsBudget: 12, weightPerPoint: 5, fairnessWeight: 0))
        let solution = try Tiny.solve(problem, strategy: .exact)
        #expect(solution.roster!.assignments.count == 2)
        #expect(solution.solverResult.objective == 80)
    }
}

extension WishesTests {
    /// Explanations ran after --time-limit had passed (a 1-s limit took 8 s); they now get what
    /// is left of it, and a refusal left unexplained says so instead of guessing.
    @Test func explanationsStopAtTheTimeLimitAndOnCtrlC() throws {
        let problem = try twoDays(
            agents: [Agent(id: "ana", name: "Ana")],
            preferences: [AgentPreferences(agentID: "ana", wishes: [Wish(kind: .dayOff(monday), priority: 3)])])
        let solution = try Tiny.solve(problem, strategy: .exact)
        let explainer = WishExplainer(solver: GLPKSolver(), problem: problem)
        #expect(try explainer.explain(solution.roster!, timeLimitSeconds: 0)[0].reason == WishExplainer.notExplained)
        #expect(try explainer.explain(solution.roster!, shouldStop: { true })[0].reason == WishExplainer.notExplained)
        #expect(try explainer.explain(solution.roster!, timeLimitSeconds: 60)[0].reason == "coverage: Mon 09:00–17:00 would be 1 short")
    }
}

@Suite struct WishHistoryTests {
    @Test func theAgentWithTheWorseHistoryGetsTheContestedDayOff() throws {
        // Saturday needs one of two identical agents; both want it off. Ana was refused half of
        // her wish points in past weeks, Ben none: Ana's wish weighs 1.5 times more now.
        let saturday = Tiny.monday.adding(days: 5)
        let agents = [Agent(id: "ana", name: "Ana"), Agent(id: "ben", name: "Ben")]
        for (history, winner) in [
            (["ana": WishHistory(points: 10, pointsGranted: 5), "ben": WishHistory(points: 10, pointsGranted: 10)], "ana"),
            (["ana": WishHistory(points: 10, pointsGranted: 10), "ben": WishHistory(points: 8, pointsGranted: 0)], "ben"),
        ] {
            let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: agents) { day, hour in
                day == 5 && (9..<17).contains(hour) ? 1 : 0
            }.with(preferences: [
                "ana": AgentPreferences(agentID: "ana", wishes: [Wish(kind: .dayOff(saturday), priority: 3)]),
                "ben": AgentPreferences(agentID: "ben", wishes: [Wish(kind: .dayOff(saturday), priority: 3)]),
            ], policy: .defaults).with(history: history)
            for strategy in RosterStrategy.allCases {
                let solution = try Tiny.solve(problem, strategy: strategy)
                let worker = try #require(solution.roster!.assignments.first?.agentID)
                #expect(worker != winner, "\(strategy): \(winner) should have the day off")
            }
        }
    }
}
