@testable import Rostering
import Testing

@Suite struct OneShiftPerDayTests {
    @Test func anAgentWorksOneShiftADayEvenWhenTwoAreNeeded() throws {
        // Needed 07–11 and 15–19; one agent, 4-hour shifts at 07 and 15, no rest rule.
        let agent = Agent(id: "ana", name: "Ana", minRestMinutes: 0)
        let problem = try Tiny.problem(templates: [Tiny.template(start: "07:00", latest: "15:00", hours: [4], step: 480)], agents: [agent]) { _, hour in
            (7..<11).contains(hour) || (15..<19).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.roster!.assignments.count == 1)
        #expect(solution.solverResult.objective == 400)
        let rows = RosterFormulation(problem: problem).model.constraints.filter { $0.name.hasPrefix("oneShift(") }
        #expect(rows.map(\.name) == ["oneShift(ana,Mon1123)"])
    }

    @Test func twoAgentsShareTheDay() throws {
        let agents = [Agent(id: "ana", name: "Ana"), Agent(id: "ben", name: "Ben")]
        let problem = try Tiny.problem(templates: [Tiny.template(start: "07:00", latest: "15:00", hours: [4], step: 480)], agents: agents) { _, hour in
            (7..<11).contains(hour) || (15..<19).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.objective == 0)
        #expect(Set(solution.roster!.assignments.map(\.agentID)) == ["ana", "ben"])
    }
}
