import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Every horizon and day-level rule family, in the exact model and in both pattern searches, against
/// optima found by enumerating every pattern of one agent with the rules and the objective written
/// in the test (``Streaks/keeps``).
@Suite struct HorizonRulesTests {
    static let names = ["E", "L", "S"]
    static let minutes = ["E": 480, "L": 480, "S": 360]

    /// Random day-level requirements (every day and template) and a few requests of agent `id`.
    static func dayLevel(_ random: inout WeekGenerator.Random, agent id: String) -> DayLevelRules {
        var demands: [ShiftDemand] = []
        for day in 0..<8 {
            for name in names {
                demands.append(ShiftDemand(day: day, template: name, required: random.below(3) == 0 ? 1 : 0, underWeight: Double(20 + random.below(80)), overWeight: Double(1 + random.below(5))))
            }
        }
        var requests: [ShiftRequest] = []
        for _ in 0..<4 {
            requests.append(ShiftRequest(
                agentID: id, day: random.below(8), template: names[random.below(3)], kind: random.below(2) == 0 ? .on : .off, weight: Double(1 + random.below(9))))
        }
        return DayLevelRules(successions: Streaks.successions, requests: requests, demands: demands)
    }

    /// The objective of one agent's pattern (template or nil per day), from the rules' wording.
    static func objective(_ pattern: [String?], rules: DayLevelRules) -> Double {
        var total = 0.0
        for demand in rules.demands {
            let scheduled = pattern[demand.day] == demand.template ? 1 : 0
            total += demand.underWeight * Double(max(0, demand.required - scheduled)) + demand.overWeight * Double(max(0, scheduled - demand.required))
        }
        for request in rules.requests where (pattern[request.day] == request.template) != (request.kind == .on) { total += request.weight }
        return total
    }

    /// The cheapest of every pattern of `agent` (the only agent of `problem`, eight days) that
    /// keeps its rules (``Streaks/keeps``), by ``objective(_:rules:)``: enumerated.
    static func enumeratedOptimum(_ problem: RosterProblem, agent: Agent, rules: DayLevelRules) -> Double {
        let weekdays = problem.horizon.dates.map(\.weekday)
        let unavailable = problem.horizon.dates.map { agent.unavailableDates.contains($0) }
        var best = Double.infinity
        func extend(_ pattern: [String?]) {
            if pattern.count == 8 {
                if Streaks.keeps(pattern, agent: agent, minutes: minutes, weekdays: weekdays) { best = min(best, objective(pattern, rules: rules)) }
                return
            }
            extend(pattern + [nil])
            if unavailable[pattern.count] { return }
            for name in names where agent.rules.maxShiftsPerTemplate[name] != 0 { extend(pattern + [name]) }
        }
        extend([])
        return best
    }

    @Test func exactModelAndPatternSearchReachTheEnumeratedOptimum() throws {
        var random = WeekGenerator.Random(state: 23)
        for agent in Streaks.contracts {
            for _ in 0..<2 {
                let rules = Self.dayLevel(&random, agent: agent.id)
                let problem = try Streaks.problem(agents: [agent], dayLevel: rules)
                let best = Self.enumeratedOptimum(problem, agent: agent, rules: rules)
                // The exact model, the default route (the horizon search), and the weekly search.
                for strategy in [RosterStrategy.exact, .patterns, nil] {
                    let solved = try strategy.map { try Tiny.solve(problem, strategy: $0) } ?? DayLevelPatternSearchTests.weekly(problem)
                    let name = strategy?.rawValue ?? "weekly"
                    #expect(solved.solverResult.status == .optimal, "agent \(agent.id), \(name)")
                    #expect(abs((solved.solverResult.objective ?? .nan) - best) < 1e-6, "agent \(agent.id), \(name): \(solved.solverResult.objective ?? .nan), enumerated \(best)")
                    // The validator recomputed the same objective (it throws otherwise); check the rules again here.
                    let roster = try #require(solved.roster)
                    #expect(RosterValidator(problem: problem).violations(of: roster).isEmpty)
                }
            }
        }
    }

    @Test func exactModelAndPatternSearchAgreeOnATeam() throws {
        var random = WeekGenerator.Random(state: 5)
        var rules = Self.dayLevel(&random, agent: "a")
        rules.requests += Self.dayLevel(&random, agent: "c").requests
        // Requirements for the team: up to two agents a day and template.
        rules.demands = rules.demands.map { var demand = $0; demand.required = random.below(3); return demand }
        let problem = try Streaks.problem(agents: Streaks.contracts, dayLevel: rules)
        let exact = try Tiny.solve(problem, strategy: .exact)
        let patterns = try Tiny.solve(problem, strategy: .patterns)
        #expect(exact.solverResult.status == .optimal)
        #expect(patterns.solverResult.status == .optimal)
        #expect(abs(exact.solverResult.objective! - patterns.solverResult.objective!) < 1e-6, "exact \(exact.solverResult.objective!), patterns \(patterns.solverResult.objective!)")
    }
}

@Suite struct HorizonRulesByIntervalTests {
    /// Interval requirements with horizon rules, templates with several starts and lengths a day
    /// (so that a pattern is more than its template per day): the pattern search's interval rows
    /// and its branching against the exact model.
    /// Eight days, `count` agents with streak, weekend, total and template rules, two templates
    /// with several starts and lengths, a forbidden succession and a random need (seed 3).
    static func problem(agents count: Int = 2) throws -> RosterProblem {
        let templates = [Tiny.template("early", start: "06:00", latest: "07:00", hours: [8], step: 60), Tiny.template("late", start: "13:00", hours: [6, 8])]
        let rules = HorizonRules(maxShiftsPerTemplate: ["late": 3], maxTotalMinutes: 40 * 60, maxConsecutiveWorkingDays: 3, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1)
        let agents = (1...count).map { Agent(id: "a\($0)", name: "A\($0)", maxWeeklyMinutes: 168 * 60, maxDaysPerWeek: 7, minRestMinutes: 0, rules: rules) }
        var random = WeekGenerator.Random(state: 3)
        let need = (0..<8).map { _ in (0..<24).map { _ in random.below(3) } }
        return try Tiny.problem(days: 8, templates: templates, agents: agents, start: Streaks.sunday, weights: ObjectiveWeights(underStaffingPerAgentHour: 10, overStaffingPerAgentHour: 1)) { day, hour in
            (6..<22).contains(hour) ? need[day][hour] : 0
        }.with(dayLevel: DayLevelRules(successions: [ForbiddenSuccession(first: "late", next: "early")]), staffsByInterval: true)
    }

    @Test func intervalStaffingWithStreakRulesMatchesTheExactModel() throws {
        let problem = try Self.problem()
        #expect(HorizonPatternSearch.supports(problem))
        let exact = try Tiny.solve(problem, strategy: .exact)
        let patterns = try Tiny.solve(problem, strategy: .patterns)
        #expect(exact.solverResult.status == .optimal)
        #expect(abs(exact.solverResult.objective! - patterns.solverResult.objective!) < 1e-6, "exact \(exact.solverResult.objective!), patterns \(patterns.solverResult.objective!)")
        // The bound the pattern search reports is never above the optimum.
        #expect(patterns.solverResult.bestBound! <= exact.solverResult.objective! + 1e-6)
    }

    /// The root's column generation ends at the same bound whether it prices at smoothed duals
    /// or at the master's own (rounded up, as the objective is whole): a smoothed bound above it
    /// would be invalid, one below it would have stopped early. The search's reported bound is
    /// capped by its roster, so this looks at the root's own, against the exact optimum too.
    @Test func theRootBoundIsTheSameWithSmoothedDuals() throws {
        let problem = try Self.problem(agents: 3)
        let optimum = try #require(Tiny.solve(problem, strategy: .exact).solverResult.objective)
        var bounds: [Double] = []
        for weight in [0.0, HorizonPatternSearch.smoothingWeight] {
            let search = HorizonPatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
            search.rootSmoothingWeight = weight
            let first = try problem.agents.indices.map { try #require(search.firstPattern(agent: $0)) }
            let everyone = Array(problem.agents.indices)
            let root = try search.branchAndPrice(
                free: everyone, others: [HorizonPatternSearch.Pattern?](repeating: nil, count: everyone.count), seed: first.map { [$0] }, incumbent: first, work: nil, treeWork: 0)
            bounds.append(try #require(root.rootBound))
        }
        let rounded = bounds.map { ($0 - 1e-6).rounded(.up) }
        #expect(rounded[0] == rounded[1], "plain \(bounds[0]), smoothed \(bounds[1])")
        #expect(rounded[0] > 0 && bounds.allSatisfy { $0 <= optimum + 1e-6 }, "\(bounds), optimum \(optimum)")
    }
}

@Suite struct HorizonRuleValidatorTests {
    /// A roster of agent `id` from a template (or nil) per day.
    static func roster(_ problem: RosterProblem, _ id: String, _ days: [String?]) -> Roster {
        let assignments = days.enumerated().compactMap { day, name -> Roster.Assignment? in
            guard let name else { return nil }
            let shift = problem.shifts.first { $0.day == day && $0.templateName == name }!
            return Roster.Assignment(agentID: id, start: shift.start, end: shift.end)
        }
        return Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
    }

    @Test func eachBrokenRuleIsNamed() throws {
        let agent = Streaks.agent("a", HorizonRules(
            maxShiftsPerTemplate: ["L": 1], minTotalMinutes: 30 * 60, maxTotalMinutes: 40 * 60, maxConsecutiveWorkingDays: 3,
            minConsecutiveWorkingDays: 2, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1))
        let problem = try Streaks.problem(agents: [agent])
        let validator = RosterValidator(problem: problem)
        func rules(_ days: [String?]) -> [String] { validator.violations(of: Self.roster(problem, "a", days)).map(\.rule).sorted() }
        // Sun … Sun: works both weekends, L twice, L then E, 4 days in a row, 6 shifts = 48 h.
        #expect(rules(["E", "L", "E", "E", nil, nil, "L", "E"]) == ["shifts per template", "succession", "succession", "total hours", "weekends", "working streak"])
        // Two streaks of one working day, one day off between them, 16 h.
        #expect(rules([nil, "E", nil, "E", nil, nil, nil, nil]) == ["days off", "total hours", "working streak", "working streak"])
        // Valid: streaks at the borders are exempt from the minimum lengths.
        #expect(rules(["E", nil, nil, "E", "E", "S", nil, nil]).isEmpty)
    }

    @Test func dayLevelPenaltiesAreRecomputed() throws {
        let agent = Streaks.agent("a", HorizonRules())
        let rules = DayLevelRules(
            requests: [ShiftRequest(agentID: "a", day: 0, template: "E", kind: .on, weight: 5), ShiftRequest(agentID: "a", day: 1, template: "L", kind: .off, weight: 3)],
            demands: [ShiftDemand(day: 0, template: "L", required: 1, underWeight: 100, overWeight: 1), ShiftDemand(day: 1, template: "L", required: 0, underWeight: 100, overWeight: 7)])
        let problem = try Streaks.problem(agents: [agent], dayLevel: rules)
        // Day 0: L instead of the requested E (5) and L covered; day 1: L, refused off (3) and one over (7).
        let roster = Self.roster(problem, "a", ["L", "L", nil, nil, nil, nil, nil, nil])
        #expect(RosterValidator(problem: problem).objective(of: roster) == 15)
    }
}

extension HorizonRulesTests {
    /// The route is written down, never switched silently: horizon rules go to the horizon search,
    /// and with a rule it does not price (a weekly minimum) to the weekly search, whose master
    /// has the day-level demands' rows too, saying which rule sent it there.
    @Test func theSolutionSaysWhichSearchSolvedItAndWhy() throws {
        var random = WeekGenerator.Random(state: 3)
        let agent = Streaks.contracts[0]
        let rules = Self.dayLevel(&random, agent: agent.id)
        let plain = try Streaks.problem(agents: [agent], dayLevel: rules)
        #expect(try Tiny.solve(plain, strategy: .patterns).route == SolveRoute(used: "horizon-patterns", reason: "rules over the horizon or day-level rules"))
        #expect(try Tiny.solve(plain, strategy: .exact).route.used == "exact")
        var bound = agent
        bound.minWeeklyMinutes = 480
        let mixed = try Streaks.problem(agents: [bound], dayLevel: rules)
        let route = try Tiny.solve(mixed, strategy: .patterns).route
        #expect(route == SolveRoute(used: "weekly-patterns", reason: "rules over the horizon together with a weekly minimum (agent \(agent.id))"), "\(route)")
    }
}

extension HorizonRulesTests {
    /// Which rules can bind in one Monday-to-Sunday week for an agent with at most 5 days and
    /// 40 hours a week and 8-hour shifts (hand-counted: one weekend, runs of at most 5 days,
    /// at most 5 shifts and 40 hours in all).
    @Test func rulesThatCannotBindAreDropped() throws {
        let horizon = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 11, day: 23)!, days: 7, timeZone: SiteTimeZone(identifier: "UTC")!, intervalMinutes: 60)
        let agent = Agent(id: "a", name: "A", maxWeeklyMinutes: 2400, maxDaysPerWeek: 5)
        let loose = HorizonRules(maxShiftsPerTemplate: ["D": 5], minTotalMinutes: 0, maxTotalMinutes: 2400, maxConsecutiveWorkingDays: 5,
                                 minConsecutiveWorkingDays: 1, minConsecutiveDaysOff: 1, maxWorkingWeekends: 1)
        #expect(loose.bindingOnly(for: agent, in: horizon, weekends: 1, shiftMinutes: 480).isEmpty)
        let tight = HorizonRules(maxShiftsPerTemplate: ["D": 4, "N": 0], minTotalMinutes: 60, maxTotalMinutes: 2399, maxConsecutiveWorkingDays: 4,
                                 minConsecutiveWorkingDays: 2, minConsecutiveDaysOff: 2, maxWorkingWeekends: 0)
        #expect(tight.bindingOnly(for: agent, in: horizon, weekends: 1, shiftMinutes: 480) == tight)
        // Over two weeks a run of working days can reach 10 (Thursday to the next Saturday's eve).
        let fortnight = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 11, day: 23)!, days: 14, timeZone: SiteTimeZone(identifier: "UTC")!, intervalMinutes: 60)
        #expect(HorizonRules(maxConsecutiveWorkingDays: 9).bindingOnly(for: agent, in: fortnight, weekends: 2, shiftMinutes: 480).maxConsecutiveWorkingDays == 9)
        #expect(HorizonRules(maxConsecutiveWorkingDays: 10).bindingOnly(for: agent, in: fortnight, weekends: 2, shiftMinutes: 480).isEmpty)
    }
}

