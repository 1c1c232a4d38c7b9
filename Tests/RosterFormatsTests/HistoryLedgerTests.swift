import Foundation
@testable import RosterFormats
import Rostering
import Testing

@Suite struct HistoryLedgerTests {
    @Test func readsSumsPastWeeksAndReplacesAReRunOfTheSameWeek() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try HistoryLedger.read(path: path).isEmpty)
        try """
            week_start,scenario,agent_id,wishes,granted,points,points_granted
            2026-11-09,week,ana,2,1,6,3
            2026-11-16,week,ana,1,0,4,0
            2026-11-16,week,ben,1,1,4,4
            2026-11-23,week,ana,1,1,2,2
            """.write(toFile: path, atomically: false, encoding: .utf8)
        let rows = try HistoryLedger.read(path: path)
        let history = HistoryLedger.history(rows, before: LocalDate(year: 2026, month: 11, day: 23)!)
        #expect(history["ana"] == WishHistory(points: 10, pointsGranted: 3))
        #expect(history["ben"]?.refusedShare == 0)

        let zone = SiteTimeZone(identifier: "UTC")!
        let horizon = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 11, day: 23)!, days: 7, timeZone: zone, intervalMinutes: 60)
        let problem = try RosterProblem(
            name: "week", horizon: horizon, templates: [], agents: [Agent(id: "ana", name: "Ana")],
            required: Array(repeating: 0, count: horizon.intervalCount))
        let wish = Wish(kind: .dayOff(LocalDate(year: 2026, month: 11, day: 24)!), priority: 3)
        let text = HistoryLedger.updated(rows, with: [WishOutcome(agentID: "ana", wish: wish, shortfall: 1)], problem: problem)
        #expect(text.hasSuffix("2026-11-16,week,ben,1,1,4,4\n2026-11-23,week,ana,1,0,3,0\n"))
        #expect(text.components(separatedBy: "2026-11-23").count == 2)
    }

    @Test func badRowsAreErrorsWithTheirLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "week_start,scenario,agent_id,wishes,granted,points,points_granted\n2026-11-09,week,ana,1,2,6,3\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: InputErrors.self) { try HistoryLedger.read(path: path) }
        do { _ = try HistoryLedger.read(path: path) } catch { #expect(error.errors.first?.line == 2) }
    }
}
