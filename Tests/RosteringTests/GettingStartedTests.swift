import Foundation
import GLPKBackend
import LinearProgramming
import Rostering
import Testing

/// The getting-started article of the DocC catalog: its code is the body of `gettingStarted()`
/// below, compiled and run here, and the article must show exactly these lines.
@Suite struct GettingStartedTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The article's example, as written there (between the markers).
    func gettingStarted() throws -> (RosterProblem, RosterSolution) {
        // snippet:begin
        let berlin = SiteTimeZone(identifier: "Europe/Berlin")!
        let horizon = try PlanningHorizon(
            startDate: LocalDate(year: 2026, month: 11, day: 30)!, days: 1, timeZone: berlin, intervalMinutes: 60)
        let day = ShiftTemplate(
            name: "day", earliestStart: TimeOfDay(text: "08:00")!, latestStart: TimeOfDay(text: "12:00")!,
            startStepMinutes: 60, lengthsMinutes: [8 * 60])
        let agents = [Agent(id: "ana", name: "Ana"), Agent(id: "ben", name: "Ben"), Agent(id: "chloe", name: "Chloé")]
        // Agents required per interval: two from 08:00 to 16:00, one from 16:00 to 20:00.
        let required = (0..<horizon.intervalCount).map { hour in
            (8..<16).contains(hour) ? 2 : (16..<20).contains(hour) ? 1 : 0
        }
        let problem = try RosterProblem(name: "getting-started", horizon: horizon, templates: [day], agents: agents, required: required)

        let solution = try RosterOptimizer(solver: GLPKSolver()).solve(problem, options: SolverOptions(timeLimitSeconds: 10))
        for shift in solution.roster?.assignments ?? [] {
            print(shift.agentID, berlin.isoText(shift.start), berlin.isoText(shift.end))
        }
        print(solution.solverResult.status.code, solution.solverResult.objective ?? .nan)
        // snippet:end
        return (problem, solution)
    }

    /// Hand-computed: two shifts at 08:00 and one at 12:00 are the only way to leave nobody short
    /// (8-hour shifts starting 08:00–12:00 must cover 16:00–20:00 from 12:00), which puts three
    /// agents in 12:00–16:00: 4 agent-hours over at 10 each = 40.
    @Test func theArticlesExampleSolvesToTheHandComputedOptimum() throws {
        let (problem, solution) = try gettingStarted()
        #expect(solution.solverResult.status == .optimal)
        #expect(abs((solution.solverResult.objective ?? -1) - 40) < 1e-6)
        let roster = try #require(solution.roster)
        let zone = problem.horizon.timeZone
        #expect(roster.assignments.map { zone.isoText($0.start) }.sorted()
            == ["2026-11-30T08:00", "2026-11-30T08:00", "2026-11-30T12:00"])
        #expect(RosterValidator(problem: problem).violations(of: roster).isEmpty)
    }

    /// The article shows the same code as `gettingStarted()` (after its import lines).
    @Test func theArticleShowsTheCompiledCode() throws {
        let article = try String(contentsOf: Self.root.appendingPathComponent("Sources/Rostering/Rostering.docc/GettingStarted.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let block = try #require(article.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        let shown = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.hasPrefix("import ") }.drop { $0.isEmpty }
        let region = try #require(source.components(separatedBy: "// snippet:begin\n").dropFirst().first?.components(separatedBy: "        // snippet:end").first)
        let compiled = region.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.dropFirst(8)) }
        #expect(Array(shown).joined(separator: "\n").trimmingCharacters(in: .newlines)
            == compiled.joined(separator: "\n").trimmingCharacters(in: .newlines))
    }
}
