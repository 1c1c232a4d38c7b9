import Foundation
import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// The compact form of the full model (day chains, rest as two entries a row, shift counts in
/// coverage) against the per-agent form and hand-computed optima.
@Suite struct CompactFormTests {
    static func solve(_ problem: RosterProblem, compact: Bool) throws -> RosterSolution {
        let formulation = RosterFormulation(problem: problem, compact: compact)
        #expect(formulation.isCompact == compact)
        return try RosterOptimizer(solver: GLPKSolver()).solve(formulation, options: SolverOptions(timeLimitSeconds: 60))
    }

    /// The hand-computed cases of rest (RestBetweenShiftsTests) and lunches (BreakTests) in the
    /// compact form: night then day with 11 h rest costs the 8 uncovered hours at 100 (800),
    /// with 3 h rest nothing; two lunches go to the only two half-hours that need one agent.
    @Test func theCompactFormFindsTheHandComputedOptima() throws {
        let templates = [
            Tiny.template("night", start: "22:00", hours: [8], days: [.monday]),
            Tiny.template("day", start: "09:00", hours: [8], days: [.tuesday]),
        ]
        for (rest, optimum, shifts) in [(11, 800.0, 1), (3, 0.0, 2)] {
            let problem = try Tiny.problem(days: 2, templates: templates, agents: [Agent(id: "ana", name: "Ana", minRestMinutes: rest * 60)]) { day, hour in
                (day == 0 && hour >= 22) || (day == 1 && hour < 6) || (day == 1 && (9..<17).contains(hour)) ? 1 : 0
            }
            let solved = try Self.solve(problem, compact: true)
            #expect(solved.solverResult.status == .optimal)
            #expect(solved.solverResult.objective == optimum, "rest \(rest) h")
            #expect(solved.roster?.assignments.count == shifts, "rest \(rest) h")
        }
        let lunch = BreakRule(minShiftMinutes: 360, maxShiftMinutes: 360, breaks: [
            BreakSpec(name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 120, latestStartMinutes: 240, stepMinutes: 30),
        ])
        let day = ShiftTemplate(name: "day", earliestStart: Tiny.time("09:00"), latestStart: Tiny.time("09:00"), startStepMinutes: 30, lengthsMinutes: [360])
        let two = try Tiny.problem(intervalMinutes: 30, templates: [day], agents: [Agent(id: "a", name: "A"), Agent(id: "b", name: "B")]) { _, minute in
            guard minute >= 9 * 60 && minute < 15 * 60 else { return 0 }
            return minute == 11 * 60 || minute == 13 * 60 ? 1 : 2
        }.with(breakRules: [lunch])
        let solved = try Self.solve(two, compact: true)
        #expect(solved.solverResult.status == .optimal)
        #expect(abs((solved.solverResult.objective ?? -1) - 0) < 1e-6)
        let lunches = (solved.roster?.assignments ?? []).flatMap(\.breaks).map { two.horizon.timeZone.isoText($0.start) }.sorted()
        #expect(lunches == ["2026-11-23T11:00", "2026-11-23T13:00"])
    }

    /// Every pair of shifts on different days: both at 1 leaves the compact model feasible
    /// exactly when the pair keeps 11 h of rest (the chains are equalities, so fixing the
    /// assignments fixes them). Ends Monday 13:00–17:00, starts Tuesday 01:00–05:00.
    @Test func compactRestExcludesExactlyTheConflictingPairs() throws {
        let templates = [
            Tiny.template("mon", start: "05:00", latest: "09:00", hours: [8], step: 120, days: [.monday]),
            Tiny.template("tue", start: "01:00", latest: "05:00", hours: [4], step: 60, days: [.tuesday]),
        ]
        let problem = try Tiny.problem(days: 2, templates: templates, agents: [Agent(id: "ana", name: "Ana")]) { _, _ in 0 }
        let formulation = RosterFormulation(problem: problem, compact: true)
        let rest = formulation.model.constraints.filter { $0.name.hasPrefix("rest(") }
        #expect(rest.map(\.name) == ["rest(ana,Mon1123_end1500,Tue1124)", "rest(ana,Mon1123_end1700,Tue1124)"])
        #expect(rest.allSatisfy { $0.expression.terms.count == 2 })
        let variables = formulation.assignmentVariables[0]
        var checked = 0
        for first in variables {
            for second in variables where problem.shifts[first.shift].day < problem.shifts[second.shift].day {
                var model = formulation.model.relaxation()
                for variable in variables.map(\.variable) {
                    let value: Double = variable == first.variable || variable == second.variable ? 1 : 0
                    model.setBounds(variable, lower: value, upper: value)
                }
                let status = try GLPKSolver().solve(model, options: SolverOptions(timeLimitSeconds: 10)).status
                let a = problem.shifts[first.shift], b = problem.shifts[second.shift]
                let keepsRest = b.start >= a.end + 11 * 60
                #expect((status == .optimal) == keepsRest, "shifts \(a.start)–\(a.end) and \(b.start)–\(b.end): \(status)")
                checked += 1
            }
        }
        #expect(checked == 15)
    }

    /// Generated S weeks (weekly rules and wishes; the mixed rules) and three days at 15-minute
    /// intervals with the generator's breaks (5 agents, 4–8-h shifts from 07:00–11:00): both
    /// forms have the same LP optimum, and the compact one fewer non-zeros; written as an LP
    /// file and read back by GLPK, the compact model has that optimum too.
    @Test(arguments: ["weekly", "mixed", "breaks"])
    func bothFormsHaveTheSameRelaxation(family: String) throws {
        let problem: RosterProblem
        if family == "breaks" {
            let template = Tiny.template("day", start: "07:00", latest: "11:00", hours: [4, 6, 8], step: 15)
            let agents = (1...5).map { Agent(id: "a\($0)", name: "A\($0)") }
            problem = try Tiny.problem(days: 3, intervalMinutes: 15, templates: [template], agents: agents) { day, minute in
                guard minute >= 7 * 60 && minute < 19 * 60 else { return 0 }
                return (minute / 60 + day) % 4 == 0 ? 2 : 3
            }.with(breakRules: WeekGenerator.breakRules(intervalMinutes: 15))
        } else {
            problem = try WeekGenerator(peak: 15, seed: 48, horizonRules: family == "mixed" ? WeekGenerator.mixedRules : nil).problem()
        }
        let perAgent = RosterFormulation(problem: problem)
        let compact = RosterFormulation(problem: problem, compact: true)
        #expect(!perAgent.isCompact)
        #expect(compact.model.size.nonZeros < perAgent.model.size.nonZeros)
        #expect(compact.model.size.variables > perAgent.model.size.variables)
        #expect(RosterFormulation(sizing: problem, compact: true).model.size == compact.model.size)
        let lp = try GLPKSolverForTests.solve(perAgent.model.relaxation())
        let compactLP = try GLPKSolverForTests.solve(compact.model.relaxation())
        #expect(abs(lp - compactLP) < 1e-6 * max(1, abs(lp)), "per-agent \(lp), compact \(compactLP)")
        #expect(lp > 0)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("compact-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GLPKSolver().writeLP(compact.model, to: path)
        let read = try GLPKSolver().readLP(from: path)
        #expect(read.size == compact.model.size)
        let readLP = try GLPKSolverForTests.solve(read.relaxation()) + compact.model.objective.constant
        #expect(abs(lp - readLP) < 1e-6 * max(1, abs(lp)), "per-agent \(lp), read back \(readLP)")
    }

    /// The form is chosen by size: the L week at 15 minutes (over 600,000 agent × shift pairs) is
    /// compact, the S week per agent; seen through the sizing pass, which runs every family
    /// without storing rows.
    @Test func largeModelsAreWrittenInTheCompactForm() throws {
        let large = try WeekGenerator(peak: 250, seed: 48, intervalMinutes: 15).problem()
        let sized = RosterFormulation(sizing: large)
        #expect(sized.assignmentVariables.reduce(0) { $0 + $1.count } > RosterFormulation.compactAbove)
        #expect(sized.isCompact)
        #expect(!RosterFormulation(sizing: try WeekGenerator(peak: 15, seed: 48).problem()).isCompact)
    }
}

