@testable import Rostering
import Testing

@Suite struct WeeklyHoursTests {
    @Test func fortyHourCapAllowsFiveEightHourShiftsOutOfSixAskedFor() throws {
        // Six days of 8 hours needed (Mon–Sat); working days not limited, so the 40-hour cap binds.
        let agent = Agent(id: "ana", name: "Ana", maxDaysPerWeek: 7)
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: [agent]) { day, hour in
            day < 6 && (9..<17).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.roster!.assignments.count == 5)
        #expect(solution.roster!.assignments.reduce(0) { $0 + $1.paidMinutes } == 2400)
        #expect(solution.solverResult.objective == 800)
    }

    @Test func contractedMinimumIsWorkedEvenWithoutDemand() throws {
        // Minimum 16 h with nothing required: two 8-hour shifts, all of it over-staffing (16 × 10).
        let agent = Agent(id: "ana", name: "Ana", minWeeklyMinutes: 16 * 60)
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: [agent]) { _, _ in 0 }
        let solution = try Tiny.solve(problem)
        #expect(solution.roster!.assignments.count == 2)
        #expect(solution.solverResult.objective == 160)
    }

    @Test func minimumAppliesOnlyToWeeksFullyInsideTheHorizon() throws {
        // Wednesday to Tuesday: two partial weeks, so no minimum row at all.
        let agent = Agent(id: "ana", name: "Ana", minWeeklyMinutes: 16 * 60)
        let wednesday = Tiny.monday.adding(days: 2)
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: [agent], start: wednesday) { _, _ in 0 }
        #expect(RosterFormulation(problem: problem).model.constraints.allSatisfy { !$0.name.hasPrefix("minWeeklyHours") })
        #expect(try Tiny.solve(problem).roster!.assignments.isEmpty)
    }

    @Test func capCountsEachCalendarWeekSeparately() throws {
        // A 14-day horizon: 10 shifts of 8 hours, five in each week (cap 40 h, 5 days).
        let agent = Agent(id: "ana", name: "Ana", maxDaysPerWeek: 7)
        let problem = try Tiny.problem(days: 14, templates: [Tiny.template(start: "09:00", hours: [8])], agents: [agent]) { _, hour in
            (9..<17).contains(hour) ? 1 : 0
        }
        let solution = try Tiny.solve(problem)
        #expect(solution.roster!.assignments.count == 10)
        let rows = RosterFormulation(problem: problem).model.constraints.filter { $0.name.hasPrefix("weeklyHours(") }.map(\.name)
        #expect(rows == ["weeklyHours(ana,w1)", "weeklyHours(ana,w2)"])
    }
}
