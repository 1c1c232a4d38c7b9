import LinearProgramming
@testable import Rostering
import Testing

@Suite struct PatternPricingTests {
    /// Every week an agent may work, by brute force, checked with rules written here (not the
    /// pricing's): at most one shift a day, weekly cap and minimum, working days, rest.
    func allWeeks(_ problem: RosterProblem, agent: Agent, byDay: [[Int]]) -> [[Int]] {
        var weeks: [[Int]] = []
        func extend(_ day: Int, _ chosen: [Int]) {
            if day == byDay.count {
                let shifts = chosen.map { problem.shifts[$0] }
                let minutes = shifts.reduce(0) { $0 + $1.paidMinutes }
                guard minutes <= agent.maxWeeklyMinutes, minutes >= agent.minWeeklyMinutes, shifts.count <= agent.maxDaysPerWeek else { return }
                for (earlier, later) in zip(shifts, shifts.dropFirst()) where later.start < earlier.end + agent.minRestMinutes { return }
                weeks.append(chosen)
                return
            }
            extend(day + 1, chosen)
            for shift in byDay[day] { extend(day + 1, chosen + [shift]) }
        }
        extend(0, [])
        return weeks
    }

    /// For `rounds` random shift costs (some negative so that working pays): the pricing's
    /// cheapest pattern costs what the cheapest of `patterns` (every allowed pattern, by brute
    /// force) costs, is one of them, and its cost is its shifts' costs.
    func expectCheapest(
        _ pricing: PatternPricing, over patterns: [[Int]], shifts: Int, rounds: Int, random: inout WeekGenerator.Random, agent: String
    ) throws {
        for _ in 0..<rounds {
            let costs = (0..<shifts).map { _ in Double(random.below(2001)) / 100 - 12 }
            let found = try #require(pricing.cheapest { costs[$0] })
            let best = patterns.map { $0.reduce(0) { $0 + costs[$1] } }.min()!
            #expect(abs(found.cost - best) < 1e-9, "\(agent): DP \(found.cost), brute force \(best)")
            #expect(patterns.contains(found.pattern.shifts), "\(agent): the pattern must keep every rule")
            #expect(abs(found.pattern.shifts.reduce(0) { $0 + costs[$1] } - found.cost) < 1e-9)
        }
    }

    @Test func cheapestPatternMatchesBruteForceOverEveryWeek() throws {
        // Shifts at 06:00 (4 h, 8 h), 14:00 (8 h), 20:00 (4 h, 8 h — a night to 04:00): rest binds
        // between a night and the next early shift.
        let templates = [
            Tiny.template("early", start: "06:00", hours: [4, 8]), Tiny.template("late", start: "14:00", hours: [8]),
            Tiny.template("night", start: "20:00", hours: [4, 8]),
        ]
        let contracts = [
            Agent(id: "full", name: "Full", minWeeklyMinutes: 32 * 60),
            Agent(id: "part", name: "Part", maxWeeklyMinutes: 20 * 60, minWeeklyMinutes: 8 * 60, maxDaysPerWeek: 4, minRestMinutes: 14 * 60),
            Agent(id: "short", name: "Short", maxWeeklyMinutes: 12 * 60, maxDaysPerWeek: 2),
        ]
        var random = WeekGenerator.Random(state: 7)
        for agent in contracts {
            let problem = try Tiny.problem(days: 7, templates: templates, agents: [agent]) { _, _ in 0 }
            let type = try #require(AgentType.types(of: problem).first)
            let pricing = PatternPricing(problem: problem, type: type)
            let weeks = allWeeks(problem, agent: agent, byDay: type.shiftsByDay)
            #expect(!weeks.isEmpty)
            try expectCheapest(pricing, over: weeks, shifts: problem.shifts.count, rounds: 5, random: &random, agent: agent.id)
        }
    }

    @Test func weeklyAndHorizonRulesTogetherMatchBruteForce() throws {
        // Eight days from a Sunday (two calendar weeks, the first of one day), the streak test's
        // templates and successions, and weekly caps, days and rest on top of the horizon rules.
        let minutes = ["E": 480, "L": 480, "S": 360]
        let contracts = [
            Agent(id: "a", name: "a", maxWeeklyMinutes: 32 * 60, maxDaysPerWeek: 4, minRestMinutes: 11 * 60, rules: Streaks.contracts[0].rules),
            Agent(id: "b", name: "b", maxWeeklyMinutes: 40 * 60, maxDaysPerWeek: 5, minRestMinutes: 0, rules: HorizonRules(
                maxShiftsPerTemplate: ["S": 2], maxConsecutiveWorkingDays: 3, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1)),
            Agent(id: "c", name: "c", maxWeeklyMinutes: 30 * 60, minWeeklyMinutes: 0, maxDaysPerWeek: 5, minRestMinutes: 12 * 60,
                  rules: HorizonRules(minTotalMinutes: 30 * 60, minConsecutiveWorkingDays: 3)),
        ]
        var random = WeekGenerator.Random(state: 5)
        for agent in contracts {
            let problem = try Streaks.problem(agents: [agent])
            let type = try #require(AgentType.types(of: problem).first)
            let pricing = PatternPricing(problem: problem, type: type)
            #expect(pricing.isTractable)
            let weekdays = problem.horizon.dates.map(\.weekday)
            // Every pattern, checked by the weekly rules written here and the horizon rules of
            // the streak tests.
            var patterns: [[Int]] = []
            func extend(_ chosen: [Int?]) {
                guard chosen.count == 8 else {
                    extend(chosen + [nil])
                    for shift in type.shiftsByDay[chosen.count] { extend(chosen + [shift]) }
                    return
                }
                let shifts = chosen.compactMap { $0 }.map { problem.shifts[$0] }
                for week in 0..<problem.horizon.weekCount {
                    let worked = shifts.filter { problem.horizon.weekIndex(ofDay: $0.day) == week }
                    if worked.count > agent.maxDaysPerWeek || worked.reduce(0, { $0 + $1.paidMinutes }) > agent.maxWeeklyMinutes { return }
                }
                for (earlier, later) in zip(shifts, shifts.dropFirst()) where later.start < earlier.end + agent.minRestMinutes { return }
                let names = chosen.map { $0.map { problem.shifts[$0].templateName } }
                guard Streaks.keeps(names, agent: agent, minutes: minutes, weekdays: weekdays) else { return }
                patterns.append(chosen.compactMap { $0 })
            }
            extend([])
            #expect(!patterns.isEmpty, "\(agent.id)")
            try expectCheapest(pricing, over: patterns, shifts: problem.shifts.count, rounds: 6, random: &random, agent: agent.id)
        }
    }

    @Test func anAgentWhoseRulesContradictHasNoPattern() throws {
        let agent = Agent(id: "bad", name: "Bad", minWeeklyMinutes: 24 * 60, maxDaysPerWeek: 2)
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: [agent]) { _, _ in 0 }
        let pricing = PatternPricing(problem: problem, type: AgentType.types(of: problem)[0])
        #expect(pricing.cheapest { _ in 0 } == nil)
    }

    /// A pricing asked to stop ends at the next day without a pattern: it is asked once a day
    /// until then, and never again.
    @Test func aPricingStopsAtTheNextDay() throws {
        let agent = Agent(id: "a", name: "a", maxWeeklyMinutes: 40 * 60)
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: [agent]) { _, _ in 0 }
        let pricing = PatternPricing(problem: problem, type: AgentType.types(of: problem)[0])
        var asked = 0
        #expect(pricing.cheapest(shiftCost: { _ in -1 }, stop: { asked += 1; return asked == 3 }) == nil)
        #expect(asked == 3)
        asked = 0
        #expect(pricing.cheapest(shiftCost: { _ in -1 }, stop: { asked += 1; return false })?.pattern.shifts.count == 5)
        #expect(asked == 7)
    }
}

@Suite struct PatternSearchTests {
    @Test func patternsReachTheExactOptimumWithAValidBound() throws {
        let problem = try Tiny.smallWeek()
        let exact = try Tiny.solve(problem, strategy: .exact)
        let patterns = try Tiny.solve(problem, strategy: .patterns)
        #expect(exact.solverResult.status == .optimal)
        #expect(patterns.solverResult.status == .optimal)
        #expect(abs(patterns.solverResult.objective! - exact.solverResult.objective!) < 1e-6)
        #expect(patterns.solverResult.bestBound! <= exact.solverResult.objective! + 1e-6)
        let violations = RosterValidator(problem: problem).violations(
            of: patterns.roster!, coverage: patterns.coverage, objective: patterns.solverResult.objective)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func weeklyAndStreakRulesTogetherReachTheExactOptimum() throws {
        // Four agents, eight-hour shifts at 07:00 or 11:00, weekly caps, and at most 3 days
        // in a row with days off two together for everyone; one may work at most two shifts.
        // The weekly search keeps them all (it used to hand such a week to the exact model) and
        // proves the exact optimum.
        let agents = (0..<4).map { index in
            Agent(
                id: "a\(index)", name: "A\(index)", maxWeeklyMinutes: index < 2 ? 2400 : 1440, maxDaysPerWeek: index < 2 ? 5 : 3,
                rules: HorizonRules(maxShiftsPerTemplate: index == 3 ? ["day": 2] : [:], maxConsecutiveWorkingDays: 3, minConsecutiveDaysOff: 2))
        }
        let templates = [Tiny.template("day", start: "07:00", latest: "11:00", hours: [8], step: 240)]
        let problem = try Tiny.problem(days: 7, templates: templates, agents: agents) { day, hour in
            guard (7..<19).contains(hour) else { return 0 }
            return day >= 5 ? 1 : (9..<17).contains(hour) ? 3 : 2
        }
        let exact = try Tiny.solve(problem, strategy: .exact)
        let patterns = try Tiny.solve(problem, strategy: .patterns)
        #expect(patterns.route.used == "weekly-patterns", "\(patterns.route)")
        #expect(exact.solverResult.status == .optimal)
        #expect(patterns.solverResult.status == .optimal)
        #expect(abs(patterns.solverResult.objective! - exact.solverResult.objective!) < 1e-6)
        // The rules cost something here: without them the week is cheaper.
        let free = try Tiny.solve(problem.replacingAgents(agents.map { var agent = $0; agent.rules = HorizonRules(); return agent }))
        #expect(free.solverResult.objective! < exact.solverResult.objective! - 1e-6, "\(free.solverResult.objective!) vs \(exact.solverResult.objective!)")
    }

    @Test func horizonsOfSeveralAndPartialWeeksMatchTheExactModel() throws {
        // Fourteen days from a Wednesday: a partial first week (no minimum), a full week, a partial
        // last week; caps and working days per calendar week, rest across the week boundaries.
        let agents = (0..<4).map { index in
            Agent(id: "a\(index)", name: "A\(index)", maxWeeklyMinutes: index < 2 ? 2400 : 1200, minWeeklyMinutes: index < 2 ? 1440 : 0,
                  maxDaysPerWeek: index < 2 ? 5 : 3)
        }
        let templates = [Tiny.template(start: "07:00", latest: "13:00", hours: [8, 4], step: 180)]
        let problem = try Tiny.problem(days: 14, templates: templates, agents: agents, start: Tiny.monday.adding(days: 2)) { day, hour in
            guard (8..<19).contains(hour) else { return 0 }
            return (day % 7 == 3 || day % 7 == 4) ? 1 : 2
        }
        #expect(problem.horizon.weekCount == 3)
        let exact = try Tiny.solve(problem, strategy: .exact)
        let patterns = try Tiny.solve(problem, strategy: .patterns)
        #expect(exact.solverResult.status == .optimal)
        #expect(patterns.solverResult.status == .optimal)
        #expect(abs(patterns.solverResult.objective! - exact.solverResult.objective!) < 1e-6)
        // Four agents cannot cover two a day for twelve hours: the optimum has a real cost.
        #expect(exact.solverResult.objective! > 0)
    }

    @Test func generatedWeeksReachTheOptimaCBCConfirms() throws {
        // S (24 agents) and M (93 agents) of the benchmark generator; CBC 2.10 proves 705 and
        // 2,605 optimal on the same full models (make bench-peers).
        for (peak, optimum) in [(15, 705.0), (60, 2605.0)] {
            let problem = try WeekGenerator(peak: peak).problem()
            let solution = try RosterOptimizer(solver: GLPKSolverForTests.solver)
                .solve(problem, options: SolverOptions(timeLimitSeconds: 120), strategy: .patterns)
            #expect(solution.solverResult.status == .optimal, "peak \(peak)")
            #expect(abs(solution.solverResult.objective! - optimum) < 1e-6, "peak \(peak)")
            #expect(abs(solution.solverResult.bestBound! - optimum) < 1e-6, "peak \(peak)")
        }
    }

    @Test func theSameWeekGivesTheSameRoster() throws {
        let problem = try WeekGenerator(peak: 15).problem()
        let optimizer = RosterOptimizer(solver: GLPKSolverForTests.solver)
        let first = try optimizer.solve(problem, options: SolverOptions(timeLimitSeconds: 60), strategy: .patterns)
        let second = try optimizer.solve(problem, options: SolverOptions(timeLimitSeconds: 60), strategy: .patterns)
        #expect(first.roster == second.roster)
    }
}
