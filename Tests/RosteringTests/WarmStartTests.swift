import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// A roster found by the search becomes GLPK's starting point through the full model's point
/// and a completion. Indicators such as a weekend worked follow from the assignments; a point
/// built from the assignments leaves them at 0.
@Suite struct WarmStartTests {
    /// One agent who may work one weekend, 8 days from Sunday, working the early shift on the
    /// Sunday: the completion over the decision variables sets that weekend's indicator; fixing
    /// every integer variable at the point (the indicator at 0) has no completion.
    @Test func aWeekendWorkedIsCompletedFromTheAssignments() throws {
        let problem = try Tiny.problem(days: 8, templates: Streaks.templates, agents: [Streaks.agent("a", HorizonRules(maxWorkingWeekends: 1))], start: Streaks.sunday) { day, hour in
            day == 0 && (6..<14).contains(hour) ? 1 : 0
        }
        let formulation = RosterFormulation(problem: problem)
        let early = try #require(problem.shifts.first { $0.day == 0 && $0.templateName == "E" })
        let point = formulation.point { _, shift in shift == early.index ? 0 : nil }
        let solver = GLPKSolver()
        #expect(try solver.completion(of: formulation.model, fixingIntegersAt: point, options: SolverOptions()) == nil)
        let completed = try #require(try solver.completion(of: formulation.model, fixing: formulation.decisionVariables, at: point, options: SolverOptions()))
        #expect(formulation.model.violations(of: completed.values).isEmpty)
        let weekend = try #require(formulation.model.variables.firstIndex { $0.name.hasPrefix("weekend(") && $0.name.contains("Sun1122") })
        #expect(completed.values[weekend] == 1)
        let worked = formulation.assignmentVariables[0].filter { completed.values[$0.variable.index] > 0.5 }.map(\.shift)
        #expect(worked == [early.index])
    }
}
