import Foundation
@testable import RosterFormats
import Rostering
import Testing

/// The swaps log: append-only, hash-chained, locked (issue 13, item 6).
@Suite struct SwapsLogTests {
    let zone = SiteTimeZone(identifier: "Europe/Berlin")!
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("swaps-log-\(UUID().uuidString)/swaps-log.csv").path

    func decision(_ id: String, note: String = "no eligible agent") -> SwapDecision {
        let request = SwapRequest(id: id, submittedAt: 0, kind: .offer, requester: "a01", shiftStart: 60)
        return SwapDecision(request: request, approved: false, reasons: [note], coverageChange: "", taker: nil, alternatives: [])
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }

    func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func runsAppendAndTheChainVerifies() throws {
        defer { cleanUp() }
        let first = try SwapsLog(path: path).append([decision("r1"), decision("r2")], inputsHash: "aa", timeZone: zone)
        let before = try text()
        let second = try SwapsLog(path: path).append([decision("r3")], inputsHash: "bb", timeZone: zone)
        let after = try text()
        #expect(after.hasPrefix(before) && after.split(separator: "\n").count == 4)
        #expect(first != second && after.hasSuffix(",bb,\(second)\n"))
        #expect(try SwapsLog(path: path).head == second)
    }

    @Test func anEditedRowBreaksTheChainAtItsLine() throws {
        defer { cleanUp() }
        try SwapsLog(path: path).append([decision("r1"), decision("r2"), decision("r3")], inputsHash: "aa", timeZone: zone)
        let original = try text()
        for edited in [original.replacingOccurrences(of: "r2,", with: "r9,"),  // a cell changed
                       original.components(separatedBy: "\n").enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: "\n")]  // a row removed
        {
            try edited.write(toFile: path, atomically: false, encoding: .utf8)
            do {
                _ = try SwapsLog(path: path)
                Issue.record("a broken chain was accepted")
            } catch {
                #expect(error.errors.first?.line == 3 && error.errors.first?.field == "row_sha256", "\(error.errors)")
            }
        }
    }

    @Test func aLogWithoutAChainIsRefused() throws {
        defer { cleanUp() }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "request_id,decision\nr1,approved\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: InputErrors.self) { try SwapsLog(path: path) }
    }

    /// Two runs at once lost 12 of 48 rows when the log was rewritten; the lock serializes them.
    @Test func concurrentRunsLoseNoRows() throws {
        defer { cleanUp() }
        let zone = self.zone, path = self.path
        let decisions = (0..<24).map { decision("r\($0)") }
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            let log = try? SwapsLog(path: path)
            _ = try? log?.append(decisions, inputsHash: "run\(run)", timeZone: zone)
        }
        #expect(try text().split(separator: "\n").count == 1 + 48)
        #expect(throws: Never.self) { try SwapsLog(path: path) }
    }

    /// Checking a log that does not exist creates nothing: a run that fails before it appends
    /// leaves no file.
    @Test func checkingANewLogCreatesNothing() throws {
        defer { cleanUp() }
        #expect(try SwapsLog(path: path).head == SwapsLog.start)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
