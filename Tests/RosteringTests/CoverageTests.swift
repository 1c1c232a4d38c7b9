import LinearProgramming
@testable import Rostering
import Testing

@Suite struct CoverageTests {
    @Test func coveredDemandCostsNothing() throws {
        let problem = try Tiny.problem(templates: [Tiny.template(start: "09:00", hours: [8])], agents: [Agent(id: "ana", name: "Ana")]) { _, hour in
            (9..<17).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.status == .optimal)
        #expect(solution.solverResult.objective == 0)
        #expect(Tiny.starts(solution, agent: "ana") == ["2026-11-23T09:00"])
    }

    @Test func missingAgentsCostTheUnderStaffingWeightPerAgentHour() throws {
        // Two needed 09–17, one agent: 8 agent-hours short at 100 each.
        let problem = try Tiny.problem(templates: [Tiny.template(start: "09:00", hours: [8])], agents: [Agent(id: "ana", name: "Ana")]) { _, hour in
            (9..<17).contains(hour) ? 2 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.objective == 800)
        #expect(solution.coverage.filter { $0.under == 1 }.count == 8)
    }

    @Test func surplusAgentsCostTheOverStaffingWeightAndAreNotRostered() throws {
        // One needed 09–13; an 8-hour shift would leave 4 hours over (40), a 4-hour one is exact.
        let problem = try Tiny.problem(templates: [Tiny.template(start: "09:00", hours: [8, 4])], agents: [Agent(id: "ana", name: "Ana")]) { _, hour in
            (9..<13).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.objective == 0)
        #expect(solution.roster!.assignments.map(\.paidMinutes) == [240])

        // Forced to pick the 8-hour shift: 4 hours over at 10 each beat 4 hours short at 100.
        let longOnly = try Tiny.problem(templates: [Tiny.template(start: "09:00", hours: [8])], agents: [Agent(id: "ana", name: "Ana")]) { _, hour in
            (9..<13).contains(hour) ? 1 : 0
        }
        #expect(try Tiny.solve(longOnly).solverResult.objective == 40)
    }

    @Test func rowsAreNamedAndWeightedPerInterval() throws {
        let problem = try Tiny.problem(templates: [Tiny.template(start: "09:00", hours: [2])], agents: [Agent(id: "ana", name: "Ana")]) { _, hour in
            hour == 9 ? 3 : 0
        }
        let formulation = RosterFormulation(problem: problem)
        let coverRows = formulation.model.constraints.filter { $0.name.hasPrefix("cover(") }
        // 09:00 (required, covered) and 10:00 (covered, not required).
        #expect(coverRows.map(\.name) == ["cover(Mon1123_0900)", "cover(Mon1123_1000)"])
        #expect(coverRows[0].bound == .equal(3))
        #expect(formulation.underStaffing.compactMap { $0 }.count == 1)
        #expect(formulation.overStaffing.compactMap { $0 }.count == 2)
    }
}
