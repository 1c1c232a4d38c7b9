import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// The pattern master over several weeks counts agents per shift (``PatternSearch/addShiftCounts(to:)``):
/// a pattern's column enters a row per shift instead of one per interval worked. The LP must not
/// change.
@Suite struct ShiftCountMasterTests {
    /// Six agents with the default contract (40 h a week, 11 h rest) over `days` hourly days,
    /// an early template (8 h from 06:00, 07:00 or 08:00) and a late one (6 or 8 h from 13:00),
    /// and a need of 0–3 drawn per hour from 06:00 to 22:00.
    static func problem(days: Int) throws -> RosterProblem {
        let templates = [Tiny.template("early", start: "06:00", latest: "08:00", hours: [8]), Tiny.template("late", start: "13:00", hours: [6, 8])]
        let agents = (1...6).map { Agent(id: "a\($0)", name: "A\($0)") }
        var random = WeekGenerator.Random(state: 11)
        let need = (0..<days).map { _ in (0..<24).map { _ in random.below(4) } }
        return try Tiny.problem(days: days, templates: templates, agents: agents) { day, hour in
            (6..<22).contains(hour) ? need[day][hour] : 0
        }
    }

    static func search(_ problem: RosterProblem) -> PatternSearch {
        PatternSearch(problem: problem, solver: GLPKSolver(), generator: GLPKSolver(), options: SolverOptions(timeLimitSeconds: 60))
    }

    @Test func severalWeeksCountAgentsPerShiftOneWeekDoesNot() throws {
        #expect(try Self.search(Self.problem(days: 10)).usesShiftCounts)
        #expect(try !Self.search(Self.problem(days: 7)).usesShiftCounts)
    }

    /// Two 8-hour shifts on hourly intervals: 16 coverage entries and the type row, or two
    /// shift rows and the type row.
    @Test func aPatternEntersOneRowPerShift() throws {
        let problem = try Self.problem(days: 10)
        for counts in [false, true] {
            let search = Self.search(problem)
            search.usesShiftCounts = counts
            let master = search.emptyMaster()
            let byDay = search.types[0].shiftsByDay
            let first = try #require(byDay[0].first { problem.shifts[$0].paidMinutes == 480 })
            let second = try #require(byDay[3].first { problem.shifts[$0].paidMinutes == 480 })
            let column = try #require(search.column(WeeklyPattern(shifts: [first, second]), type: 0, in: master))
            #expect(column.entries.count == (counts ? 3 : 17))
        }
    }

    /// Column generation to the end in both forms, without smoothing and with it: the same LP
    /// value, and not above the exact model's optimum.
    @Test(arguments: [0.0, PatternSearch.smoothingWeight])
    func bothFormsEndAtTheSameLP(smoothing: Double) throws {
        let problem = try Self.problem(days: 10)
        var values: [Double] = []
        for counts in [false, true] {
            let search = Self.search(problem)
            search.usesShiftCounts = counts
            values.append(try search.columnGeneration(timeLimit: nil, seed: nil, smoothingWeight: smoothing).bound)
        }
        let exact = try #require(Tiny.solve(problem).solverResult.objective)
        #expect(values[0] > 1, "the need cannot be met exactly")
        #expect(abs(values[0] - values[1]) <= 1e-6 * max(1, values[0]), "interval entries \(values[0]), shift counts \(values[1])")
        #expect(values[1] <= exact + 1e-6)
    }
}
