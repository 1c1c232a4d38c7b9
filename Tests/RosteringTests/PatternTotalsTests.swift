import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Horizon totals the weekly pricing's state does not keep (``PatternTotals.swift``): a row of
/// the master per type, never broken by a roster, against GLPK's optimum of the exact model.
@Suite struct PatternTotalsTests {
    /// Six weeks on 15-minute intervals: an early shift of 8 h (06:00) and a late one of 8 h 15 min
    /// (14:00), so paid time counts in quarter hours; one agent wanted 06:00–22:00 every day of
    /// the first three weeks, nobody in the last three. Three agents with at most 5 days in a
    /// row, 2 days off together and 3 weekends: 64 streak and weekend states, and totals of
    /// 400–800 quarter hours would take them to 1.1–2.2 million cells over 43 days, past the
    /// 1 million cells ``search(_:)`` gives the pricing (what a team of 200 types gets,
    /// ``PatternPricing/cellBudget(types:)``), so the pricing leaves the totals to the master. Both sides
    /// bind: a's least (150 h) is more than the 40-hour weeks of the busy weeks hold, so a works
    /// in the empty ones; b's most (100 h) is less than they hold.
    static func problem() throws -> RosterProblem {
        try team(weeks: 6, weekends: 3, totals: [("a", 150 * 60, 200 * 60), ("b", 60 * 60, 100 * 60), ("c", 100 * 60, 140 * 60)])
    }

    /// An early shift of 8 h (06:00) and a late one of 8 h 15 min (14:00) on 15-minute intervals;
    /// one agent wanted 06:00–22:00 every day of the first half of the weeks; agents with their
    /// least and most paid minutes, at most 5 days in a row, 2 days off together and `weekends`.
    static func team(weeks: Int, weekends: Int, totals: [(id: String, least: Int, most: Int)]) throws -> RosterProblem {
        let early = Tiny.template("early", start: "06:00", hours: [8])
        let late = ShiftTemplate(
            name: "late", weekdays: Set(Weekday.allCases), earliestStart: Tiny.time("14:00"), latestStart: Tiny.time("14:00"), startStepMinutes: 60,
            lengthsMinutes: [495])
        let agents = totals.map { id, least, most in
            Agent(
                id: id, name: id,
                rules: HorizonRules(
                    minTotalMinutes: least, maxTotalMinutes: most, maxConsecutiveWorkingDays: 5, minConsecutiveDaysOff: 2,
                    maxWorkingWeekends: weekends))
        }
        return try Tiny.problem(days: 7 * weeks, intervalMinutes: 15, templates: [early, late], agents: agents) { day, minute in
            day < 7 * weeks / 2 && minute >= 6 * 60 && minute < 22 * 60 ? 1 : 0
        }
    }

    /// The weekly search on `problem` with 1 million cells for a type's pricing state.
    static func search(_ problem: RosterProblem) -> PatternSearch {
        PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60), pricingCells: 1_000_000)
    }

    @Test func theTotalsAreLeftToTheMaster() throws {
        let problem = try Self.problem()
        let search = Self.search(problem)
        #expect(search.outsideTotals.byType.allSatisfy { $0 != nil })
        #expect(search.pricers.allSatisfy { $0.resources.minUnits == nil && $0.resources.maxUnits == nil })
        let master = search.emptyMaster()
        #expect(master.totalsRow.allSatisfy { $0 >= 0 })
        // Each row counts paid time in units of the type's most: [least/most, 1] for one member.
        for (type, row) in master.totalsRow.enumerated() {
            let agent = problem.agents[search.types[type].members[0]]
            let limits = master.model.constraints[row].bound.limits
            #expect(abs((limits.lower ?? .nan) - Double(agent.rules.minTotalMinutes!) / Double(agent.rules.maxTotalMinutes!)) < 1e-12)
            #expect(limits.upper == 1)
        }
    }

    /// Each type's first pattern keeps its totals (found by the charge on paid time), though
    /// the cheapest for its wishes alone works nothing.
    @Test func theFirstPatternsKeepTheTotals() throws {
        let search = Self.search(try Self.problem())
        for (type, patterns) in search.startingPatterns().enumerated() {
            let own = try #require(patterns.own)
            #expect(search.outsideTotals.side(of: own, type: type) == 0, "type \(type): \(search.outsideTotals.minutes(of: own)) minutes")
        }
    }

    /// Pricing at the master's duals until nothing prices out: the Lagrangian bound there meets
    /// the LP's value (the rows' part is neither missing nor counted twice, and pricing charges
    /// the rows' duals), and pricing did leave the totals on the way.
    @Test func theLagrangianBoundMeetsTheLPWhereNothingPricesOut() throws {
        let search = Self.search(try Self.problem())
        let master = try DayLevelPatternSearchTests.boundMeetsTheLP(search)
        #expect(master.columns.contains { search.outsideTotals.side(of: $0.pattern, type: $0.type) != 0 }, "pricing never left the totals")
    }

    /// Rounding never gives an agent a pattern outside its totals while the master has one
    /// within them, even when the LP's value is all on patterns outside (a root cut short).
    @Test func roundingKeepsToPatternsWithinTheTotals() throws {
        let search = Self.search(try Self.problem())
        let master = search.emptyMaster()
        search.startingColumns(seed: nil, in: master)
        var values = Array(repeating: 0.0, count: master.model.variables.count)
        for column in master.columns where !search.keepsOutside(column.pattern, type: column.type) { values[column.variable] = 1 }
        #expect(values.contains(1), "no starting column outside the totals")
        let rounded = search.round(master.columns, values: values).rounded
        for (agent, pattern) in rounded.enumerated() { #expect(search.keepsOutside(pattern, type: search.typeOfAgent[agent]), "agent \(agent)") }
    }

    /// A window of a single total (least = most = five early shifts and one late: 2,895 minutes)
    /// is met exactly, by the charge on paid time or by the pricing that keeps the totals.
    @Test func aWindowOfOneTotalIsMetExactly() throws {
        let problem = try Self.team(weeks: 2, weekends: 1, totals: [("a", 5 * 480 + 495, 5 * 480 + 495), ("b", 16 * 60, 24 * 60)])
        let search = PatternSearch(
            problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60),
            pricingCells: 100)
        let type = search.typeOfAgent[0]
        #expect(search.outsideTotals.byType[type] != nil)
        let pattern = try #require(search.withinTotals(type) { _ in 0 })
        #expect(search.outsideTotals.minutes(of: pattern) == 5 * 480 + 495)
    }

    /// A roster whose agent works too little is repaired: the agent gets a pattern within their
    /// totals, and the roster's cost becomes finite.
    @Test func aPatternOutsideTheTotalsIsRepaired() throws {
        let search = Self.search(try Self.problem())
        var choice = search.startingPatterns().map { $0.own! }
        for (agent, pattern) in choice.enumerated() { search.remember(pattern, type: search.typeOfAgent[agent]) }
        choice[1] = WeeklyPattern(shifts: Array(choice[1].shifts.prefix(3)))
        search.remember(choice[1], type: search.typeOfAgent[1])
        var coverage = search.coverageOf(choice)
        #expect(search.evaluate(choice, coverage: coverage) == .infinity)
        search.repairOutside(&choice, coverage: &coverage)
        #expect(search.keepsOutside(choice[1], type: search.typeOfAgent[1]))
        #expect(coverage == search.coverageOf(choice))
        #expect(search.evaluate(choice, coverage: coverage).isFinite)
    }

    /// Two weeks with the same shifts, one agent wanted 06:00–22:00 every day of the first; a's
    /// least (48 h) is more than a 40-hour week, so a works in the second; b's most (24 h) is
    /// less than one. Small enough for GLPK to prove its optimum of the exact model; the search
    /// gets a pricing budget of 10,000 cells, which leaves the totals to the master.
    static func fortnight() throws -> RosterProblem {
        try team(weeks: 2, weekends: 1, totals: [("a", 48 * 60, 56 * 60), ("b", 16 * 60, 24 * 60)])
    }

    /// The weekly search's roster (its totals in the master) is GLPK's optimum of the exact model,
    /// it keeps every total, and its bound never passes the optimum.
    @Test func theWeeklySearchMatchesTheExactModel() throws {
        let problem = try Self.fortnight()
        let exact = try Tiny.solve(problem, strategy: .exact)
        let optimum = try #require(exact.solverResult.objective)
        #expect(exact.solverResult.status == .optimal)
        let search = PatternSearch(
            problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60), pricingCells: 10_000)
        #expect(!search.outsideTotals.isEmpty)
        let weekly = try search.run()
        #expect(abs((weekly.solverResult.objective ?? .nan) - optimum) < 1e-6, "exact \(optimum), weekly \(weekly.solverResult.objective ?? .nan)")
        #expect((weekly.solverResult.bestBound ?? .infinity) <= optimum + 1e-6)
        let roster = try #require(weekly.roster)
        for agent in problem.agents {
            let minutes = roster.assignments.filter { $0.agentID == agent.id }.reduce(0) { $0 + $1.paidMinutes }
            #expect(minutes >= agent.rules.minTotalMinutes! && minutes <= agent.rules.maxTotalMinutes!, "\(agent.id): \(minutes)")
        }
    }
}
