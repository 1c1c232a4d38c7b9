import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Small, hand-computable problems for the formulation tests.
enum Tiny {
    static let utc = SiteTimeZone(identifier: "UTC")!
    static let monday = LocalDate(year: 2026, month: 11, day: 23)!

    static func time(_ text: String) -> TimeOfDay { TimeOfDay(text: text)! }

    static func template(_ name: String = "t", start: String, latest: String? = nil, hours: [Int], step: Int = 60, days: Set<Weekday> = Set(Weekday.allCases)) -> ShiftTemplate {
        ShiftTemplate(name: name, weekdays: days, earliestStart: time(start), latestStart: time(latest ?? start), startStepMinutes: step, lengthsMinutes: hours.map { $0 * 60 })
    }

    /// A problem on hourly intervals in UTC from Monday 2026-11-23, with `need(day, hour)` agents required.
    static func problem(
        days: Int = 1, templates: [ShiftTemplate], agents: [Agent], zone: SiteTimeZone = utc, start: LocalDate = monday,
        weights: ObjectiveWeights = .defaults, need: (Int, Int) -> Int
    ) throws -> RosterProblem {
        let horizon = try PlanningHorizon(startDate: start, days: days, timeZone: zone, intervalMinutes: 60)
        let required = (0..<horizon.intervalCount).map { index -> Int in
            let local = zone.local(horizon.intervalStart(index))
            return need(horizon.dayIndex(of: local.date) ?? 0, local.minuteOfDay / 60)
        }
        return try RosterProblem(name: "tiny", horizon: horizon, templates: templates, agents: agents, required: required, weights: weights)
    }

    /// A one-template problem on `intervalMinutes` intervals in UTC from Monday 2026-11-23, with
    /// `need(day, minute of day)` agents required.
    static func problem(
        days: Int = 1, intervalMinutes: Int, templates: [ShiftTemplate], agents: [Agent], needAt need: (Int, Int) -> Int
    ) throws -> RosterProblem {
        let horizon = try PlanningHorizon(startDate: monday, days: days, timeZone: utc, intervalMinutes: intervalMinutes)
        let required = (0..<horizon.intervalCount).map { index -> Int in
            let local = utc.local(horizon.intervalStart(index))
            return need(horizon.dayIndex(of: local.date) ?? 0, local.minuteOfDay)
        }
        return try RosterProblem(name: "tiny", horizon: horizon, templates: templates, agents: agents, required: required)
    }

    static func solve(_ problem: RosterProblem, strategy: RosterStrategy = .exact) throws -> RosterSolution {
        try RosterOptimizer(solver: GLPKSolver()).solve(problem, options: SolverOptions(timeLimitSeconds: 60), strategy: strategy)
    }

    /// Local "HH:MM" start times of an agent's shifts.
    static func starts(_ solution: RosterSolution, agent: String) -> [String] {
        solution.roster!.assignments.filter { $0.agentID == agent }.map { solution.problem.horizon.timeZone.isoText($0.start) }
    }
}
