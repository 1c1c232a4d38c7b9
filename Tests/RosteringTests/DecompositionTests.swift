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
        // Agent 2 is unavailable on Wednesday: same contract, but not interchangeable.
        #expect(counts.classes.map(\.agents) == [[0, 1, 3], [2], [4, 5, 6]])
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
    @Test func countsThatNoAgentCanRealizeFallBackAndStillReachTheOptimum() throws {
        // Two interchangeable agents, each at least 12 h a week on at most 2 days; one agent
        // needed Monday to Wednesday 09–17. The counts (three 8-hour shifts, cost 0) cannot be
        // split so that both reach 12 h: the fallback stages must find the real optimum.
        let agents = ["a", "b"].map { Agent(id: $0, name: $0, minWeeklyMinutes: 12 * 60, maxDaysPerWeek: 2) }
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8, 4])], agents: agents) { day, hour in
            day < 3 && (9..<17).contains(hour) ? 1 : 0
        }
        let counts = ShiftCountModel(problem: problem)
        let countBound = try GLPKSolverForTests.solve(counts.model)
        let exact = try Tiny.solve(problem, strategy: .exact)
        let decomposed = try Tiny.solve(problem, strategy: .decomposition)
        #expect(countBound == 0)
        #expect(exact.solverResult.status == .optimal)
        #expect(exact.solverResult.objective! > countBound)
        #expect(decomposed.solverResult.objective == exact.solverResult.objective)
        #expect(decomposed.solverResult.status == .optimal)
    }
}
