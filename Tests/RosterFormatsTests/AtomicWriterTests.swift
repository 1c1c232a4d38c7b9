import Foundation
@testable import RosterFormats
import Testing

/// The output set appears whole or not at all, never through a planted link, and replaces only
/// what the same command wrote before (issue 13, items 3 and 4).
@Suite struct AtomicWriterTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: folder + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    func entries() -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func aLinkPlantedAtADestinationIsReplacedNotFollowed() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "-victim"
        defer { try? FileManager.default.removeItem(atPath: victim) }
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/roster.csv", withDestinationPath: victim)
        try AtomicWriter.write([("roster.csv", "new\n")], into: folder, set: "solve")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(read("roster.csv") == "new\n" && AtomicWriter.kind(folder + "/roster.csv") == S_IFREG)
    }

    @Test func aFolderInTheWayChangesNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicWriter.write([("roster.csv", "old\n"), ("coverage.csv", "old\n")], into: folder, set: "solve")
        try FileManager.default.createDirectory(atPath: folder + "/calendars/team.ics", withIntermediateDirectories: true)
        let before = entries()
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.write([("roster.csv", "new\n"), ("coverage.csv", "new\n"), ("calendars/team.ics", "x")], into: folder, set: "solve")
        }
        #expect(read("roster.csv") == "old\n" && read("coverage.csv") == "old\n")
        #expect(entries() == before)
    }

    @Test func aLinkedSubfolderIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let elsewhere = folder + "-elsewhere"
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/calendars", withDestinationPath: elsewhere)
        #expect(throws: AtomicWriter.Failure.self) { try AtomicWriter.write([("calendars/a.ics", "x")], into: folder) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test func aRerunReplacesWhatTheSameCommandWroteAndNothingElse() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicWriter.write([("roster.csv", "1\n"), ("calendars/ana.ics", "a"), ("calendars/ben.ics", "b"), ("preferences.csv", "p")], into: folder, set: "solve")
        try "mine\n".write(toFile: folder + "/notes.txt", atomically: false, encoding: .utf8)
        try AtomicWriter.write([("swaps.csv", "s")], into: folder, set: "swap")
        // Ben left and this week has no preferences: their files go; the planner's notes and the
        // other command's output stay.
        try AtomicWriter.write([("roster.csv", "2\n"), ("calendars/ana.ics", "a2")], into: folder, set: "solve")
        #expect(entries().filter { !$0.hasPrefix(".") } == ["calendars", "calendars/ana.ics", "notes.txt", "roster.csv", "swaps.csv"])
        #expect(read("roster.csv") == "2\n" && read("notes.txt") == "mine\n" && read("swaps.csv") == "s")
    }

    @Test func aStagingFolderLeftByAKilledRunIsCleanedUp() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/.roster-staging-abc123/new", withIntermediateDirectories: true)
        try AtomicWriter.write([("roster.csv", "x")], into: folder)
        #expect(entries() == ["roster.csv"])
    }

    @Test func badNamesAndUnwritableFoldersFailBeforeAnythingIsWritten() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["../escape.csv", "/etc/x", "a//b", "calendars/" + String(repeating: "%E4", count: 90) + ".ics"] {
            #expect(throws: AtomicWriter.Failure.self) { try AtomicWriter.write([(name, "x")], into: folder) }
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        try "a file".write(toFile: folder, atomically: false, encoding: .utf8)
        #expect(throws: AtomicWriter.Failure.self) { try AtomicWriter.checkWritable(folder + "/out") }
    }
}
