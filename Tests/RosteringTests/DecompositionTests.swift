import LinearProgramming
@testable import Rostering
import Testing

@Suite struct DecompositionTests {
    /// A small mixed team on a peaky week, deterministic.
    func smallWeek() throws -> RosterProblem {
        var agents: [Agent] = []
        for index in 0..<7 {
            agents.append(Agent(
                id: "a\(index)", name: "Agent \(index)",
                maxWeeklyMinutes: index < 4 ? 2400 : 1200, minWeeklyMinutes: index < 4 ? 1920 : 0,
                maxDaysPerWeek: index < 4 ? 5 : 4,
                unavailableDates: index == 2 ? [Tiny.monday.adding(days: 2)] : []))
        }
        let templates = [Tiny.template(start: "07:00", latest: "13:00", hours: [8, 4], step: 60)]
        return try Tiny.problem(days: 7, templates: templates, agents: agents) { day, hour in
            guard (7..<19).contains(hour) else { return 0 }
            let peak = (9..<12).contains(hour) || (14..<17).contains(hour) ? 2 : 0
            return day >= 5 ? 1 : 2 + peak - (day == 4 ? 1 : 0)
        }
    }

    @Test func decompositionReachesTheExactOptimum() throws {
        let problem = try smallWeek()
        let exact = try Tiny.solve(problem, strategy: .exact)
        let decomposed = try Tiny.solve(problem, strategy: .decomposition)
        #expect(exact.solverResult.status == .optimal)
        #expect(decomposed.solverResult.status.hasSolution)
        #expect(abs(exact.solverResult.objective! - decomposed.solverResult.objective!) < 1e-6)
        // Both rosters pass the independent validator with their claimed objective.
        for solution in [exact, decomposed] {
            let violations = RosterValidator(problem: problem).violations(
                of: solution.roster!, coverage: solution.coverage, objective: solution.solverResult.objective)
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func shiftCountOptimumIsALowerBound() throws {
        let problem = try smallWeek()
        let counts = ShiftCountModel(problem: problem)
        #expect(counts.classes.map(\.agents) == [[0, 1, 2, 3], [4, 5, 6]])
        let bound = try GLPKSolverForTests.solve(counts.model)
        let exact = try Tiny.solve(problem, strategy: .exact)
        #expect(bound <= exact.solverResult.objective! + 1e-6)
    }

    @Test func infeasibleContractsAreReportedPerAgent() throws {
        // 48 h minimum under a 40 h cap is impossible.
        let agents = [Agent(id: "ok", name: "Ok"), Agent(id: "bad", name: "Bad", maxDaysPerWeek: 2)]
        var impossible = agents
        impossible[1].minWeeklyMinutes = 24 * 60
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8])], agents: impossible) { _, _ in 0 }
        for strategy in RosterStrategy.allCases {
            #expect(try Tiny.solve(problem, strategy: strategy).solverResult.status == .infeasible)
        }
        let optimizer = RosterOptimizer(solver: GLPKSolverForTests.solver)
        let conflicting = try optimizer.agentsWithConflictingRules(problem, options: SolverOptions())
        #expect(conflicting.map(\.id) == ["bad"])
    }
}

@Suite struct DecompositionFallbackTests {
    @Test func countsThatRestRulesForbidFallBackToTheFullModel() throws {
        // One agent; needed Monday 22:00–06:00 and Tuesday 09:00–17:00. The count model (which
        // cannot see rest) staffs both; no single agent can work both under 11 h rest, so the
        // assignment is infeasible and the full model decides: one shift, 8 hours short.
        let templates = [
            Tiny.template("night", start: "22:00", hours: [8], days: [.monday]),
            Tiny.template("day", start: "09:00", hours: [8], days: [.tuesday]),
        ]
        let problem = try Tiny.problem(days: 2, templates: templates, agents: [Agent(id: "ana", name: "Ana")]) { day, hour in
            (day == 0 && hour >= 22) || (day == 1 && hour < 6) || (day == 1 && (9..<17).contains(hour)) ? 1 : 0
        }
        let counts = ShiftCountModel(problem: problem)
        #expect(try GLPKSolverForTests.solve(counts.model) == 0)  // the relaxation's bound
        let solution = try Tiny.solve(problem, strategy: .decomposition)
        #expect(solution.solverResult.status == .optimal)
        #expect(solution.solverResult.objective == 800)
        #expect(solution.solverResult.bestBound == 800)
        #expect(solution.roster!.assignments.count == 1)
    }
}
