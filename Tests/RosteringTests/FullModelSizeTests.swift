import LinearProgramming
@testable import Rostering
import Testing

/// The full model's size is measured by running every rule family without storing its rows; it
/// must equal the size of the model built whole.
@Suite struct FullModelSizeTests {
    @Test func sizingCountsWhatBuildingStoresForWeeklyRules() throws {
        let problem = try Tiny.smallWeek()
        let built = RosterFormulation(problem: problem).model
        let measured = RosterFormulation(sizing: problem).model
        #expect(measured.size == built.size)
        #expect(built.size.constraints == built.constraints.count && built.size.constraints > 0)
        #expect(built.size.nonZeros == built.constraints.reduce(0) { $0 + $1.expression.terms.count })
        #expect(measured.constraints.isEmpty && measured.variables.allSatisfy { $0.name.isEmpty })
    }

    @Test(arguments: HorizonRuleFamiliesTests.cases.map(\.name))
    func sizingCountsWhatBuildingStoresForEachHorizonFamily(name: String) throws {
        let test = HorizonRuleFamiliesTests.cases.first { $0.name == name }!
        let problem = try Streaks.problem(
            agents: [Streaks.agent("a", test.rules), Streaks.agent("b", test.rules)],
            dayLevel: DayLevelRules(successions: test.successions, demands: HorizonRuleFamiliesTests.demands(test)))
        #expect(RosterFormulation(sizing: problem).model.size == RosterFormulation(problem: problem).model.size, "\(name)")
    }

    /// A full model past the size limit is refused with the reason, not built: with a limit of
    /// 5 assignment variables, 3 agents × 2 shifts (6) are refused and a limit of 6 passes.
    @Test func aFullModelPastTheLimitIsRefusedWithTheReason() throws {
        let agents = (1...3).map { Agent(id: "a\($0)", name: "A\($0)") }
        let problem = try Tiny.problem(days: 2, templates: [Tiny.template(start: "09:00", hours: [8])], agents: agents) { _, hour in hour >= 9 && hour < 17 ? 1 : 0 }
        let refusal = try #require(RosterFormulation.sizeRefusal(of: problem, limit: 5))
        #expect(refusal.contains("more than 5 assignment variables") && refusal.contains("3 agents, 2 shifts"))
        #expect(RosterFormulation.sizeRefusal(of: problem, limit: 6) == nil)
        #expect(RosterFormulation.sizeRefusal(of: problem) == nil)
    }

    @Test func aMeasuredModelCannotBeSolved() throws {
        let measured = RosterFormulation(sizing: try Tiny.smallWeek()).model
        #expect(throws: ModelError.self) { try measured.validate() }
        #expect(throws: (any Error).self) { try GLPKSolverForTests.solver.solve(measured, options: SolverOptions()) }
    }

    @Test func theSolutionCarriesTheFullModelsSizeWhicheverModelWasSolved() throws {
        let problem = try Tiny.smallWeek()
        let built = RosterFormulation(problem: problem).model.size
        for strategy in RosterStrategy.allCases {
            let solved = try Tiny.solve(problem, strategy: strategy)
            #expect(solved.fullModelSize == built, "\(strategy)")
        }
        // Too many agent × shift pairs to measure: nil, not a guess.
        #expect(RosterFormulation.fullModelSize(of: problem, assignmentLimit: 10) == nil)
    }
}
