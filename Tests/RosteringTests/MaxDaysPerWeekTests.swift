@testable import Rostering
import Testing

@Suite struct MaxDaysPerWeekTests {
    @Test func workingDaysAreCappedEvenWhenHoursWouldAllowMore() throws {
        // Five days of 6 hours needed; at most 3 working days (30 h would fit the 40-hour cap).
        let agent = Agent(id: "ana", name: "Ana", maxDaysPerWeek: 3)
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [6])], agents: [agent]) { day, hour in
            day < 5 && (9..<15).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.roster!.assignments.count == 3)
        #expect(solution.solverResult.objective == 1200)  // two 6-hour days short at 100 per agent-hour
    }

    @Test func noRowWhereTheLimitCannotBind() throws {
        let agent = Agent(id: "ana", name: "Ana", maxDaysPerWeek: 5)
        let short = try Tiny.problem(days: 4, templates: [Tiny.template(start: "09:00", hours: [6])], agents: [agent]) { _, _ in 0 }
        #expect(RosterFormulation(problem: short).model.constraints.allSatisfy { !$0.name.hasPrefix("maxDays") })
        let week = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [6])], agents: [agent]) { _, _ in 0 }
        #expect(RosterFormulation(problem: week).model.constraints.filter { $0.name.hasPrefix("maxDays") }.count == 1)
    }
}
