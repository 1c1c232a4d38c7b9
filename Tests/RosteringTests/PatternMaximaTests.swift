import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Template maxima the weekly pricing's state does not keep (``PatternMaxima.swift``): rows of the
/// master, never broken by a roster, against GLPK's optimum of the exact model.
@Suite struct PatternMaximaTests {
    /// Ten 8-hour templates starting at 06:00 … 15:00, each at most 4 times in the week: the
    /// pricing keeps eight counts (5⁸ states × 8 days within ``PatternPricing/cellBudget(types:)`` of two types) and
    /// leaves t8's and t9's to the master: t9 is the late shift the evening's demand of two
    /// wants every day.
    /// Agents a and b share a contract (one type of two members, whose row is the sum of
    /// theirs); c has a 32-hour week. All work at most 40 hours a week, so a and b are held to
    /// four late shifts of their five.
    static func problem() throws -> RosterProblem {
        let templates = (0..<10).map { Tiny.template("t\($0)", start: String(format: "%02d:00", 6 + $0), hours: [8]) }
        let maxima = Dictionary(uniqueKeysWithValues: templates.map { ($0.name, 4) })
        let agent = { (id: String, hours: Int) in
            Agent(id: id, name: id, maxWeeklyMinutes: hours * 60, maxDaysPerWeek: 7, minRestMinutes: 0, rules: HorizonRules(maxShiftsPerTemplate: maxima))
        }
        return try Tiny.problem(days: 7, templates: templates, agents: [agent("a", 40), agent("b", 40), agent("c", 32)]) { day, hour in
            hour >= 15 && hour < 23 ? 2 : 0
        }
    }

    @Test func theLastTwoMaximaAreLeftToTheMaster() throws {
        let search = ShiftCountMasterTests.search(try Self.problem())
        #expect(search.unsupported == nil, "\(search.unsupported ?? "")")
        #expect(search.outsideMaxima.byType.flatMap { $0.map(\.template) }.sorted() == [8, 8, 9, 9])
        let master = search.emptyMaster()
        #expect(master.maximaRow.map { $0.keys.sorted() } == [[8, 9], [8, 9]])
        // The two-member type's row allows both members' maxima together.
        let limits = master.maximaRow.flatMap(\.values).map { master.model.constraints[$0].bound.limits.upper }
        #expect(limits.compactMap { $0 }.sorted() == [4, 4, 8, 8])
    }

    /// The weekly search's roster is GLPK's optimum of the exact model (validated: no agent past
    /// four late shifts), and its bound never passes it; the route is the weekly search, no
    /// longer the exact model.
    @Test func theWeeklySearchMatchesTheExactModel() throws {
        let problem = try Self.problem()
        let exact = try Tiny.solve(problem, strategy: .exact)
        let optimum = try #require(exact.solverResult.objective)
        #expect(exact.solverResult.status == .optimal)
        let weekly = try Tiny.solve(problem, strategy: .patterns)
        #expect(weekly.route.used == "weekly-patterns", "\(weekly.route.reason)")
        #expect(abs((weekly.solverResult.objective ?? .nan) - optimum) < 1e-6, "exact \(optimum), weekly \(weekly.solverResult.objective ?? .nan)")
        #expect((weekly.solverResult.bestBound ?? .infinity) <= optimum + 1e-6)
        let roster = try #require(weekly.roster)
        let late = roster.assignments.filter { problem.horizon.timeZone.local($0.start).minuteOfDay == 15 * 60 }
        for id in ["a", "b", "c"] { #expect(late.filter { $0.agentID == id }.count <= 4) }
    }

    /// Pricing at the master's duals until nothing prices out: the Lagrangian bound there meets
    /// the LP's value, so the rows' part (`Σ |τ|·m·ν`) is neither missing nor counted twice, and
    /// the LP ends on patterns that keep the maxima on average.
    @Test func theLagrangianBoundMeetsTheLPWhereNothingPricesOut() throws {
        let search = ShiftCountMasterTests.search(try Self.problem())
        let master = try DayLevelPatternSearchTests.boundMeetsTheLP(search)
        #expect(master.columns.contains { !search.outsideMaxima.keeps($0.pattern, type: $0.type) }, "pricing never left the maximum")
    }
}
