import LinearProgramming
@testable import Rostering
import Testing

extension Tiny {
    /// A small mixed team on a peaky week, deterministic.
    static func smallWeek() throws -> RosterProblem {
        var agents: [Agent] = []
        for index in 0..<7 {
            agents.append(Agent(
                id: "a\(index)", name: "Agent \(index)",
                maxWeeklyMinutes: index < 4 ? 2400 : 1200, minWeeklyMinutes: index < 4 ? 1920 : 0,
                maxDaysPerWeek: index < 4 ? 5 : 4,
                unavailableDates: index == 2 ? [monday.adding(days: 2)] : []))
        }
        let templates = [template(start: "07:00", latest: "13:00", hours: [8, 4], step: 60)]
        return try problem(days: 7, templates: templates, agents: agents) { day, hour in
            guard (7..<19).contains(hour) else { return 0 }
            let peak = (9..<12).contains(hour) || (14..<17).contains(hour) ? 2 : 0
            return day >= 5 ? 1 : 2 + peak - (day == 4 ? 1 : 0)
        }
    }
}

/// Contracts that cannot hold, and weekly minimums that make interchangeable agents differ.
@Suite struct SmallWeekTests {
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

    @Test func minimumsThatSplitTheWorkUnevenlyReachTheOptimum() throws {
        // Two interchangeable agents, each at least 12 h a week on at most 2 days; one agent
        // needed Monday to Wednesday 09–17 (24 agent-hours, every shift starting at 09:00). By
        // hand: one agent works Monday and Tuesday (16 h), the other Wednesday (8 h) and needs
        // 4 more hours on a day nobody is missing, so the optimum is 4 agent-hours over, not 0.
        // The exact model is the reference; the weekly search must match it.
        let agents = ["a", "b"].map { Agent(id: $0, name: $0, minWeeklyMinutes: 12 * 60, maxDaysPerWeek: 2) }
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "09:00", hours: [8, 4])], agents: agents) { day, hour in
            day < 3 && (9..<17).contains(hour) ? 1 : 0
        }
        let exact = try Tiny.solve(problem, strategy: .exact)
        let patterns = try Tiny.solve(problem, strategy: .patterns)
        #expect(exact.solverResult.status == .optimal)
        let overWeight = problem.weights.overStaffingPerAgentHour
        #expect(abs(exact.solverResult.objective! - 4 * overWeight) < 1e-6)
        #expect(patterns.solverResult.objective == exact.solverResult.objective)
        #expect(patterns.solverResult.status == .optimal)
    }
}
