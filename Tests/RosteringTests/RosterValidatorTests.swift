@testable import Rostering
import Testing

@Suite struct RosterValidatorTests {
    func problem() throws -> RosterProblem {
        let agents = [
            Agent(id: "ana", name: "Ana", maxDaysPerWeek: 7),
            Agent(id: "ben", name: "Ben", maxWeeklyMinutes: 16 * 60, maxDaysPerWeek: 2, unavailableDates: [Tiny.monday.adding(days: 3)]),
        ]
        let templates = [Tiny.template(start: "06:00", latest: "22:00", hours: [8], step: 60)]
        return try Tiny.problem(days: 7, templates: templates, agents: agents) { _, hour in (9..<17).contains(hour) ? 1 : 0 }
    }

    func shift(_ agent: String, day: Int, hour: Int, hours: Int = 8) -> Roster.Assignment {
        let start = Tiny.monday.adding(days: day).daysSinceEpoch * 1440 + hour * 60
        return Roster.Assignment(agentID: agent, start: start, end: start + hours * 60)
    }

    func rules(_ assignments: [Roster.Assignment]) throws -> [String] {
        let problem = try problem()
        return RosterValidator(problem: problem).violations(of: Roster(assignments: assignments, timeZone: Tiny.utc)).map(\.rule)
    }

    @Test func aValidRosterHasNoViolations() throws {
        let problem = try problem()
        let roster = Roster(assignments: (0..<5).map { shift("ana", day: $0, hour: 9) }, timeZone: Tiny.utc)
        let coverage = problem.coverage(of: roster)
        // Weekend 09–17 uncovered: 2 days × 8 hours × 100.
        #expect(RosterValidator(problem: problem).violations(of: roster, coverage: coverage, objective: 1600).isEmpty)
    }

    @Test func eachBrokenRuleIsNamed() throws {
        #expect(try rules([shift("ana", day: 0, hour: 6), shift("ana", day: 0, hour: 15)]).contains("one shift per day"))
        #expect(try rules([shift("ana", day: 0, hour: 22), shift("ana", day: 1, hour: 9)]) == ["rest"])
        #expect(try rules((0..<6).map { shift("ana", day: $0, hour: 9) }) == ["weekly cap"])
        #expect(try rules([0, 2, 4].map { shift("ben", day: $0, hour: 9, hours: 4) }).contains("working days"))
        #expect(try rules([shift("ben", day: 3, hour: 9)]) == ["availability"])
        #expect(try rules([shift("ben", day: 2, hour: 22)]) == ["availability"])  // runs into the unavailable day
        #expect(try rules([shift("zoe", day: 0, hour: 9)]).contains("agent"))
        #expect(try rules([shift("ana", day: 0, hour: 9, hours: 5)]) == ["shift"])
        #expect(try rules([shift("ana", day: 7, hour: 9)]).contains("horizon"))
    }

    @Test func claimedCoverageAndObjectiveAreRecounted() throws {
        let problem = try problem()
        let roster = Roster(assignments: [shift("ana", day: 0, hour: 9)], timeZone: Tiny.utc)
        var coverage = problem.coverage(of: roster)
        let validator = RosterValidator(problem: problem)
        #expect(validator.violations(of: roster, coverage: coverage, objective: 4800).isEmpty)
        #expect(validator.violations(of: roster, coverage: coverage, objective: 4790).map(\.rule) == ["objective"])
        let row = coverage[10]
        coverage[10] = IntervalCoverage(start: row.start, end: row.end, required: row.required, scheduled: row.scheduled + 1)
        #expect(validator.violations(of: roster, coverage: coverage).map(\.rule) == ["coverage"])
    }
}

extension RosterValidatorTests {
    /// An agent with no shift at all was skipped, so their weekly minimum was never checked.
    @Test func anAgentWithoutShiftsStillHasTheirWeeklyMinimum() throws {
        let agents = [Agent(id: "ana", name: "Ana", minWeeklyMinutes: 16 * 60, maxDaysPerWeek: 7), Agent(id: "ben", name: "Ben")]
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "06:00", latest: "22:00", hours: [8], step: 60)], agents: agents) { _, _ in 0 }
        let validator = RosterValidator(problem: problem)
        let none = validator.violations(of: Roster(assignments: [], timeZone: Tiny.utc))
        #expect(none.map(\.rule) == ["weekly minimum"] && none[0].message.hasPrefix("ana is paid 0 h"), "\(none)")
        let two = Roster(assignments: [shift("ana", day: 0, hour: 9), shift("ana", day: 1, hour: 9)], timeZone: Tiny.utc)
        #expect(validator.violations(of: two).isEmpty)
    }
}
