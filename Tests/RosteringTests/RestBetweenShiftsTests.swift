@testable import Rostering
import Testing

@Suite struct RestBetweenShiftsTests {
    /// Night 22:00–06:00 on Monday; day 09:00–17:00 on Tuesday; both needed.
    func nightThenDay(rest: Int) throws -> RosterProblem {
        let templates = [
            Tiny.template("night", start: "22:00", hours: [8], days: [.monday]),
            Tiny.template("day", start: "09:00", hours: [8], days: [.tuesday]),
        ]
        let agent = Agent(id: "ana", name: "Ana", minRestMinutes: rest * 60)
        return try Tiny.problem(days: 2, templates: templates, agents: [agent]) { day, hour in
            (day == 0 && hour >= 22) || (day == 1 && hour < 6) || (day == 1 && (9..<17).contains(hour)) ? 1 : 0
        }
    }

    @Test func nightShiftThenMorningShiftIsRefusedUnderElevenHoursRest() throws {
        let solution = try Tiny.solve(try nightThenDay(rest: 11))
        #expect(solution.roster!.assignments.count == 1)
        #expect(solution.solverResult.objective == 800)
    }

    @Test func theSamePairIsAllowedWithThreeHoursRest() throws {
        let solution = try Tiny.solve(try nightThenDay(rest: 3))
        #expect(solution.roster!.assignments.count == 2)
        #expect(solution.solverResult.objective == 0)
    }

    @Test func cliquesExcludeExactlyTheConflictingPairs() throws {
        // Ends on Monday at 13:00, 15:00, 17:00 (8 h from 05, 07, 09); Tuesday starts 01:00–05:00.
        // With 11 h rest: end 13 conflicts with starts < 24:00 (none), end 15 with < 02:00,
        // end 17 with < 04:00. Rows: {15,17 | 01} and {17 | 01,02,03}.
        let templates = [
            Tiny.template("mon", start: "05:00", latest: "09:00", hours: [8], step: 120, days: [.monday]),
            Tiny.template("tue", start: "01:00", latest: "05:00", hours: [4], step: 60, days: [.tuesday]),
        ]
        let problem = try Tiny.problem(days: 2, templates: templates, agents: [Agent(id: "ana", name: "Ana")]) { _, _ in 0 }
        let formulation = RosterFormulation(problem: problem)
        let rest = formulation.model.constraints.filter { $0.name.hasPrefix("rest(") }
        #expect(rest.map(\.name) == ["rest(ana,Mon1123_end1500,Tue1124)", "rest(ana,Mon1123_end1700,Tue1124)"])
        #expect(rest.map { $0.expression.terms.count } == [3, 4])
        // Brute force: every pair of shifts on different days conflicts iff some row holds both.
        let variables = formulation.assignmentVariables[0]
        for first in variables {
            for second in variables where problem.shifts[first.shift].day < problem.shifts[second.shift].day {
                let a = problem.shifts[first.shift], b = problem.shifts[second.shift]
                let conflict = b.start < a.end + 11 * 60
                let together = rest.contains { row in
                    row.expression.terms.contains { $0.variable == first.variable } && row.expression.terms.contains { $0.variable == second.variable }
                }
                #expect(conflict == together, "shifts \(a.start)–\(a.end) and \(b.start)–\(b.end)")
            }
        }
    }
}
