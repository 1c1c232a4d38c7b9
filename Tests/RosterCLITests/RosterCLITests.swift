import Foundation
import Rostering
import Testing

/// Runs the built `roster` binary, as a planner would.
struct RosterRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("examples/contact-center-week/scenario.yaml").path

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ROSTER_BIN"] { return URL(fileURLWithPath: path) }
        // The test bundle sits in the build products folder, next to the executable.
        let products = Bundle.main.bundleURL
        for candidate in [products.appendingPathComponent("roster"), products.deletingLastPathComponent().appendingPathComponent("roster"),
                          root.appendingPathComponent(".build/debug/roster")] where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return root.appendingPathComponent(".build/debug/roster")
    }

    /// Runs roster with `arguments`, presses Ctrl-C (SIGINT) once its standard error so far
    /// satisfies `ready`, and returns its exit status and whole standard error.
    static func interrupt(_ arguments: [String], when ready: (String) -> Bool) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        var stderr = ""
        let handle = errors.fileHandleForReading
        while !ready(stderr) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            stderr += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        stderr += String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    static func run(_ arguments: [String], executable: URL? = nil) throws -> RosterRun {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RosterRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A copy of the example's scenario and requirements with the given agents.csv.
    static func exampleWithAgents(_ agents: String) throws -> URL {
        let folder = temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = root.appendingPathComponent("examples/contact-center-week")
        for name in ["scenario.yaml", "requirements.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try agents.write(to: folder.appendingPathComponent("agents.csv"), atomically: false, encoding: .utf8)
        return folder
    }

    /// A new folder holding copies of the example week's files `names` and an empty
    /// `preferences/` folder.
    static func copyOfExample(_ names: [String]) throws -> URL {
        let folder = temporaryDirectory()
        let source = root.appendingPathComponent("examples/contact-center-week")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("preferences"), withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// `scenario` with `old` replaced by `new`, written by `folder` with its files, is refused by
    /// `roster solve` with exit 2, `message` and the scenario's line, and nothing is written.
    static func expectRefused(_ scenario: String, replacing old: String, with new: String, message: String, folder: (String) throws -> URL) throws {
        let text = scenario.replacingOccurrences(of: old, with: new)
        #expect(text != scenario, "\(new)")
        let folder = try folder(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path])
        #expect(run.status == 2, "\(new): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(new): \(run.stderr)")
        #expect(run.stderr.contains("scenario.yaml:"), "the line is named: \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("roster-cli-\(UUID().uuidString)")
    }

    /// Plain CSV rows (these outputs never need quoting except names, which tests do not split on).
    static func rows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }
}

@Suite(.serialized) struct RosterCLITests {
    @Test func solvesTheExampleWeekAndItsOutputsAgree() throws {
        let out = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try CLI.run(["solve", CLI.example, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("optimal"))

        let roster = try CLI.rows(out.appendingPathComponent("roster.csv"))
        let coverage = try CLI.rows(out.appendingPathComponent("coverage.csv"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let agents = try CLI.rows(CLI.root.appendingPathComponent("examples/contact-center-week/agents.csv"))

        // Hard rules, checked from the CSV alone (times are local; this week has no DST change).
        func minutes(_ text: String) -> Int {
            let date = text.prefix(10).split(separator: "-").map { Int($0)! }
            let time = text.dropFirst(11).split(separator: ":").map { Int($0)! }
            return ((date[2] - 23) * 24 + time[0]) * 60 + time[1]  // all in November 2026
        }
        let byAgent = Dictionary(grouping: roster, by: { $0["agent_id"]! })
        for agent in agents {
            let shifts = (byAgent[agent["id"]!] ?? []).sorted { minutes($0["start"]!) < minutes($1["start"]!) }
            let cap = Int(agent["max_weekly_hours"]!).map { $0 * 60 } ?? 2400
            let minimum = Int(agent["min_weekly_hours"]!).map { $0 * 60 } ?? 0
            let maxDays = Int(agent["max_days_per_week"]!) ?? 5
            let paid = shifts.reduce(0) { $0 + Int($1["paid_minutes"]!)! }
            #expect(paid <= cap && paid >= minimum, "\(agent["id"]!) paid \(paid)")
            #expect(Set(shifts.map { $0["date"]! }).count == shifts.count, "one shift a day for \(agent["id"]!)")
            #expect(shifts.count <= maxDays)
            for (first, second) in zip(shifts, shifts.dropFirst()) {
                #expect(minutes(second["start"]!) - minutes(first["end"]!) >= 11 * 60)
            }
            for shift in shifts {
                #expect(minutes(shift["end"]!) - minutes(shift["start"]!) == Int(shift["paid_minutes"]!)!)
                #expect(!agent["unavailable"]!.contains(shift["date"]!))
            }
        }

        // Coverage arithmetic, recounted from roster.csv.
        #expect(coverage.count == 7 * 48)
        var under = 0, over = 0, underIntervals = 0
        for row in coverage {
            let start = minutes(row["interval_start"]!), end = minutes(row["interval_end"]!)
            let scheduled = roster.filter { minutes($0["start"]!) <= start && minutes($0["end"]!) >= end }.count
            let required = Int(row["required"]!)!
            #expect(Int(row["scheduled"]!)! == scheduled)
            #expect(Int(row["under"]!)! == max(0, required - scheduled))
            #expect(Int(row["over"]!)! == max(0, scheduled - required))
            under += max(0, required - scheduled)
            over += max(0, scheduled - required)
            if required > scheduled { underIntervals += 1 }
        }

        // The summary matches the CSVs; the objective is 100 per missing and 10 per surplus agent-hour.
        #expect(summary["status"] as? String == "optimal")
        #expect(summary["shifts"] as? Int == roster.count)
        #expect(summary["agents"] as? Int == agents.count)
        #expect(summary["under_staffed_intervals"] as? Int == underIntervals)
        let objective = try #require(summary["objective"] as? Double)
        #expect(abs(objective - (Double(under) * 0.5 * 100 + Double(over) * 0.5 * 10)) < 1e-6)
        #expect(summary["best_bound"] as? Double == objective)
        #expect(summary["gap"] as? Double == 0)
    }

    @Test func sameInputsGiveByteIdenticalRosters() throws {
        let first = CLI.temporaryDirectory(), second = CLI.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        #expect(try CLI.run(["solve", CLI.example, "--out", first.path]).status == 0)
        #expect(try CLI.run(["solve", CLI.example, "--out", second.path]).status == 0)
        for name in ["roster.csv", "coverage.csv"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)))
        }
    }

    @Test func badInputExitsWithTwoAndWritesNothing() throws {
        let folder = try CLI.exampleWithAgents("id,name\na1,Ana\na1,Ana again\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("agents.csv:3: id: duplicate agent id 'a1' (first on line 2)"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let missing = try CLI.run(["solve", folder.appendingPathComponent("nope.yaml").path, "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("file not found"))

        let badFlag = try CLI.run(["solve", CLI.example, "--out", out.path, "--gap", "2"])
        #expect(badFlag.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func conflictingContractsExitWithThreeAndNameTheAgent() throws {
        // 36 hours a week on at most four days of at most 8 hours cannot be done.
        let folder = try CLI.exampleWithAgents("id,name,max_days_per_week,min_weekly_hours\na1,Ana,,\na2,Ben,4,36\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("a2 (Ben)"))
        #expect(!run.stderr.contains("a1 (Ana)"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func validateAndWriteLP() throws {
        let validate = try CLI.run(["validate", CLI.example])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("40 agents"))

        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lp = folder.appendingPathComponent("week.lp")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try CLI.run(["solve", CLI.example, "--out", folder.appendingPathComponent("out").path, "--write-lp", lp.path, "--verbose"])
        #expect(run.status == 0)
        // summary.json's full_model (measured without building) is the model written and printed
        // ("model: N variables, M constraints", built whole); the pattern master is smaller.
        let summary = try #require(JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("out/summary.json"))) as? [String: Any])
        let full = try #require(summary["full_model"] as? [String: Int])
        #expect(run.stderr.contains("model: \(full["variables"]!) variables, \(full["constraints"]!) constraints"), "\(full)")
        #expect(full["non_zeros"]! > full["variables"]! && (summary["variables"] as? Int)! < full["variables"]!)
        let text = try String(contentsOf: lp, encoding: .utf8)
        #expect(text.contains("cover(Mon1123_0930):"))
        #expect(text.contains("weeklyHours(a01,w1):"))
        #expect(text.contains("x(a01,Mon1123_0700_8h)"))
        #expect(!run.stdout.contains("Writing"))
    }
}

@Suite(.serialized) struct ForecastCLITests {
    @Test func requirementsCommandMatchesThePublishedExample() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let forecast = folder.appendingPathComponent("forecast.csv")
        try "interval_start,calls,aht_seconds\n2026-11-23T09:00,100,180\n2026-11-23T09:30,0,\n".write(to: forecast, atomically: false, encoding: .utf8)
        let out = folder.appendingPathComponent("requirements.csv")
        let run = try CLI.run(["requirements", forecast.path, "--interval", "30", "--service-level", "80/20", "--aht", "300",
                               "--shrinkage", "0.3", "--max-occupancy", "0.85", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try CLI.rows(out)
        #expect(rows[0]["required"] == "20" && rows[0]["raw_agents"] == "14")
        #expect(rows[0]["service_level"] == "0.8884" && rows[0]["occupancy"] == "0.7143")
        #expect(rows[1]["required"] == "0")

        try "interval_start,calls\n2026-11-23T09:00,-5\n".write(to: forecast, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: out)
        let bad = try CLI.run(["requirements", forecast.path, "--interval", "30", "--service-level", "80/20", "--aht", "300", "--out", out.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("forecast.csv:2: calls:"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let badFlag = try CLI.run(["requirements", forecast.path, "--interval", "30", "--service-level", "80/20", "--shrinkage", "1", "--out", out.path])
        #expect(badFlag.status == 2)
    }

    @Test func forecastWeekGoesAllTheWayToARoster() throws {
        let out = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let scenario = CLI.root.appendingPathComponent("examples/forecast-week/scenario.yaml").path
        let run = try CLI.run(["solve", scenario, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let requirements = try CLI.rows(out.appendingPathComponent("requirements.csv"))
        let coverage = try CLI.rows(out.appendingPathComponent("coverage.csv"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        // Every derived requirement is the coverage's requirement for that interval.
        let requiredByStart = Dictionary(uniqueKeysWithValues: coverage.map { ($0["interval_start"]!, $0["required"]!) })
        for row in requirements { #expect(requiredByStart[row["interval_start"]!] == row["required"]) }
        // The week's expected service level is the call-weighted mean of the intervals'.
        var weighted = 0.0, calls = 0.0
        for row in coverage where !(row["calls"] ?? "").isEmpty {
            let count = Double(row["calls"]!)!
            weighted += count * Double(row["service_level"]!)!
            calls += count
        }
        let expected = try #require(summary["expected_service_level"] as? Double)
        #expect(abs(expected - weighted / calls) < 1e-3)
        #expect(summary["forecast_calls"] as? Double == calls)
        #expect(run.stdout.contains("expected service level"))
    }
}

@Suite(.serialized) struct CalendarCLITests {
    @Test func solveWritesACalendarPerAgentAndExportRepublishesWithSequences() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("week")
        let run = try CLI.run(["solve", CLI.example, "--out", first.path, "--now", "2026-11-20T08:00:00Z"])
        #expect(run.status == 0, "\(run.stderr)")
        let calendars = try FileManager.default.contentsOfDirectory(atPath: first.appendingPathComponent("calendars").path)
        #expect(calendars.count == 41)
        let team = try String(contentsOf: first.appendingPathComponent("calendars/team.ics"), encoding: .utf8)
        #expect(team.contains("DTSTAMP:20261120T080000Z\r\n"))

        // The planner drops the first shift of a part-timer (minimum 8 h) who has at least three
        // and re-publishes that roster as it stands, with the first publication given.
        var lines = try String(contentsOf: first.appendingPathComponent("roster.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let partTimers = (29...40).map { "a\($0)" }
        let dropper = try #require(partTimers.first { id in lines.filter { $0.hasPrefix("\(id),") }.count >= 3 })
        let dropped = try #require(lines.firstIndex { $0.hasPrefix("\(dropper),") })
        let droppedDate = lines[dropped].split(separator: ",")[2]
        lines.remove(at: dropped)
        let edited = folder.appendingPathComponent("edited.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: edited, atomically: false, encoding: .utf8)
        let second = folder.appendingPathComponent("republished")
        let export = try CLI.run(["export", "ics", edited.path, "--scenario", CLI.example, "--out", second.path, "--published", first.path, "--now", "2026-11-21T08:00:00Z"])
        #expect(export.status == 0, "\(export.stderr)")
        let cancelled = try String(contentsOf: second.appendingPathComponent("calendars/\(dropper).ics"), encoding: .utf8)
        #expect(cancelled.contains("UID:shift-\(droppedDate)-\(dropper)-contact-center-week-48@roster\r\nDTSTAMP"))
        #expect(cancelled.components(separatedBy: "STATUS:CANCELLED\r\n").count == 2)
        #expect(cancelled.contains("SEQUENCE:1\r\nSTATUS:CANCELLED"))
        // Everyone else's shifts are unchanged: same UIDs, SEQUENCE 0.
        let untouched = try String(contentsOf: second.appendingPathComponent("calendars/a03.ics"), encoding: .utf8)
        let before = try String(contentsOf: first.appendingPathComponent("calendars/a03.ics"), encoding: .utf8)
        #expect(!untouched.contains("SEQUENCE:1"))
        #expect(untouched == before.replacingOccurrences(of: "DTSTAMP:20261120T080000Z", with: "DTSTAMP:20261121T080000Z"))

        // A moved shift keeps its UID and gets SEQUENCE 1: move a03's first shift to 07:00 if it
        // starts later (07:00 starts exist for every template and the day before has no shift).
        var moved = lines
        let index = try #require(moved.firstIndex { $0.hasPrefix("a03,") })
        var fields = moved[index].split(separator: ",").map(String.init)
        let alreadyAtSeven = fields[3].hasSuffix("T07:00")
        let minutes = Int(fields[5])!
        fields[3] = String(fields[3].prefix(11)) + "07:00"
        let endMinutes = 7 * 60 + minutes
        fields[4] = String(fields[4].prefix(11)) + String(format: "%02d:%02d", endMinutes / 60, endMinutes % 60)
        moved[index] = fields.joined(separator: ",")
        try (moved.joined(separator: "\n") + "\n").write(to: edited, atomically: false, encoding: .utf8)
        let third = folder.appendingPathComponent("moved")
        let again = try CLI.run(["export", "ics", edited.path, "--scenario", CLI.example, "--out", third.path, "--published", second.path])
        #expect(again.status == 0, "\(again.stderr)")
        let a03 = try String(contentsOf: third.appendingPathComponent("calendars/a03.ics"), encoding: .utf8)
        #expect(a03.contains("DTSTART;TZID=Europe/Berlin:\(fields[2].replacingOccurrences(of: "-", with: ""))T070000\r\n"))
        #expect(a03.contains("UID:shift-\(fields[2])-a03-contact-center-week-48@roster\r\n"))
        #expect(a03.contains("SEQUENCE:1\r\n") == !alreadyAtSeven)
        #expect(a03.components(separatedBy: "BEGIN:VEVENT").count == before.components(separatedBy: "BEGIN:VEVENT").count)
    }

    @Test func exportRejectsARosterThatBreaksTheRules() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let roster = folder.appendingPathComponent("roster.csv")
        // Two shifts for a01 on one day, and an unknown agent.
        try """
            agent_id,agent_name,date,start,end,paid_minutes
            a01,Ana Keller,2026-11-23,2026-11-23T07:00,2026-11-23T11:00,240
            a01,Ana Keller,2026-11-23,2026-11-23T13:00,2026-11-23T17:00,240
            """.write(to: roster, atomically: false, encoding: .utf8)
        let broken = try CLI.run(["export", "ics", roster.path, "--scenario", CLI.example, "--out", folder.appendingPathComponent("out").path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("one shift per day"))
        try "agent_id,agent_name,date,start,end,paid_minutes\nzz,Nobody,2026-11-23,2026-11-23T07:00,2026-11-23T11:00,240\n".write(to: roster, atomically: false, encoding: .utf8)
        let unknown = try CLI.run(["export", "ics", roster.path, "--scenario", CLI.example, "--out", folder.appendingPathComponent("out").path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("roster.csv:2: agent_id:"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}

@Suite(.serialized) struct PreferencesCLITests {
    static let scenario = CLI.root.appendingPathComponent("examples/contact-center-week/scenario-preferences.yaml").path

    @Test func checkCommandValidatesTheExampleFiles() throws {
        let folder = CLI.root.appendingPathComponent("examples/contact-center-week/preferences").path
        let run = try CLI.run(["preferences", "check", folder, "--scenario", Self.scenario])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("35 valid preference file(s), 0 with errors"))
        let alone = try CLI.run(["preferences", "check", folder + "/a01.yaml"])
        #expect(alone.status == 0)
    }

    @Test func anInvalidFileStopsTheRunUnlessThePlannerSkipsIt() throws {
        let folder = try CLI.copyOfExample(["scenario-preferences.yaml", "requirements.csv", "agents.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try "agent: a01\ndays_off:\n  - date: 2026-11-27\n    priority: 2\n".write(to: folder.appendingPathComponent("preferences/a01.yaml"), atomically: false, encoding: .utf8)
        try "agent: a02\ndays_of:\n  - date: 2026-11-27\n".write(to: folder.appendingPathComponent("preferences/a02.yaml"), atomically: false, encoding: .utf8)
        let scenario = folder.appendingPathComponent("scenario-preferences.yaml").path
        let out = folder.appendingPathComponent("out")

        let check = try CLI.run(["preferences", "check", folder.appendingPathComponent("preferences").path, "--scenario", scenario])
        #expect(check.status == 2)
        #expect(check.stderr.contains("a02.yaml:2: days_of: unknown key"))

        let stopped = try CLI.run(["solve", scenario, "--out", out.path, "--time-limit", "20"])
        #expect(stopped.status == 2)
        #expect(stopped.stderr.contains("a02.yaml:2: days_of"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let ledger = folder.appendingPathComponent("ledger.csv")
        let skipped = try CLI.run(["solve", scenario, "--out", out.path, "--time-limit", "20", "--skip-invalid-preferences", "--history", ledger.path])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let ledgerRows = try CLI.rows(ledger)
        #expect(ledgerRows.map { $0["agent_id"] } == ["a01"])
        #expect(ledgerRows[0]["week_start"] == "2026-11-23" && ledgerRows[0]["points"] == "2")
        let rows = try CLI.rows(out.appendingPathComponent("preferences.csv"))
        #expect(rows.map { $0["agent_id"] } == ["a01"])
        #expect(["yes", "no"].contains(rows[0]["granted"]))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let wishes = try #require(summary["wishes"] as? [String: Any])
        #expect(wishes["total"] as? Int == 1)
    }
}

@Suite(.serialized) struct SwapCLITests {
    @Test func theExampleRequestsAreDecidedAndTheUpdatedRosterKeepsEveryRule() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The requests were written for the example's published roster (a roster the solver once
        // wrote; kept as a file so that solver changes do not change the example): its calendars
        // are published first.
        let published = folder.appendingPathComponent("published")
        try FileManager.default.createDirectory(at: published, withIntermediateDirectories: true)
        for file in ["roster.csv", "coverage.csv"] {
            try FileManager.default.copyItem(
                at: CLI.root.appendingPathComponent("examples/contact-center-week/published/\(file)"), to: published.appendingPathComponent(file))
        }
        #expect(try CLI.run(["export", "ics", published.appendingPathComponent("roster.csv").path, "--scenario", CLI.example, "--out", published.path]).status == 0)
        let requests = CLI.root.appendingPathComponent("examples/contact-center-week/swaps.csv").path
        let out = folder.appendingPathComponent("after-swaps")
        let run = try CLI.run(["swap", "--published", published.path, "--requests", requests, "--scenario", CLI.example, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")

        let decisions = try CLI.rows(out.appendingPathComponent("swaps.csv"))
        #expect(decisions.map { $0["request_id"]! } == ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"])
        #expect(decisions.map { $0["decision"]! } == ["approved", "approved", "rejected", "rejected", "approved", "rejected", "rejected", "rejected"])
        let text = try String(contentsOf: out.appendingPathComponent("swaps.csv"), encoding: .utf8)
        for rule in ["weekly cap: a03 is paid 42 h", "working days: a03 works 6 days", "working days: a24 works 6 days", "rest: a09 rests 10 h",
                     "rest: a16 rests 10 h", "no eligible agent", "shift not held by the requester"] {
            #expect(text.contains(rule), "\(rule)")
        }

        // The updated roster: three trades applied, the same shifts worked, every rule kept.
        let before = try CLI.rows(published.appendingPathComponent("roster.csv"))
        let after = try CLI.rows(out.appendingPathComponent("roster.csv"))
        #expect(Set(before.map { $0["start"]! + $0["end"]! }.sorted()) == Set(after.map { $0["start"]! + $0["end"]! }))
        // r5 was possible only after r1: a01 ends with a15's Thursday shift.
        #expect(after.contains { $0["agent_id"] == "a01" && $0["start"] == "2026-11-26T09:30" })
        #expect(try Data(contentsOf: published.appendingPathComponent("coverage.csv")) == Data(contentsOf: out.appendingPathComponent("coverage.csv")))
        let exported = try CLI.run(["export", "ics", out.appendingPathComponent("roster.csv").path, "--scenario", CLI.example, "--out", folder.appendingPathComponent("check").path])
        #expect(exported.status == 0, "the swapped roster must pass the validator: \(exported.stderr)")
        let a01 = try String(contentsOf: out.appendingPathComponent("calendars/a01.ics"), encoding: .utf8)
        #expect(a01.contains("UID:shift-2026-11-26-a01-contact-center-week-48@roster\r\n"))
        #expect(a01.contains("SEQUENCE:1\r\n"))

        // The log only grows: a second run appends its decisions after the first run's.
        let log = out.appendingPathComponent("swaps-log.csv")
        let first = try String(contentsOf: log, encoding: .utf8)
        #expect(try CLI.run(["swap", "--published", published.path, "--requests", requests, "--scenario", CLI.example, "--out", out.path]).status == 0)
        let second = try String(contentsOf: log, encoding: .utf8)
        #expect(second.hasPrefix(first))
        #expect(second.split(separator: "\n").count == 1 + 2 * 8)

        // Malformed requests: exit 2, named by line, nothing written.
        let bad = folder.appendingPathComponent("bad.csv")
        try "request_id,submitted_at,type,requester,shift_start,counterpart,counterpart_shift_start,note\nr1,soon,trade,a01,2026-11-26T07:00,a03,2026-11-26T09:00,\n".write(to: bad, atomically: false, encoding: .utf8)
        let refused = try CLI.run(["swap", "--published", published.path, "--requests", bad.path, "--scenario", CLI.example, "--out", folder.appendingPathComponent("x").path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.csv:2: submitted_at:"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }
}

@Suite(.serialized) struct RerosteringCLITests {
    @Test func reRosteringChangesAsLittleAsPossibleAndListsTheChanges() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The example's published roster (an optimal one, 1,130), kept in the repository: which
        // of the week's optimal rosters a solve prints first changes with the search, and the
        // cheapest re-roster depends on it.
        let published = folder.appendingPathComponent("published")
        try FileManager.default.createDirectory(at: published, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CLI.root.appendingPathComponent("examples/contact-center-week/published/roster.csv"), to: published.appendingPathComponent("roster.csv"))
        // Its calendars, as agents subscribed to them.
        #expect(try CLI.run(["export", "ics", published.appendingPathComponent("roster.csv").path, "--scenario", CLI.example, "--out", published.path]).status == 0)

        // Nothing changed: the published roster comes back, with no changes.
        let same = folder.appendingPathComponent("same")
        let unchanged = try CLI.run(["solve", CLI.example, "--out", same.path, "--published", published.path])
        #expect(unchanged.status == 0, "\(unchanged.stderr)")
        #expect(try CLI.rows(same.appendingPathComponent("changes.csv")).isEmpty)
        #expect(try Data(contentsOf: same.appendingPathComponent("roster.csv")) == Data(contentsOf: published.appendingPathComponent("roster.csv")))

        // The first agent of the published roster who works on Wednesday 25th and has no leave
        // yet can no longer work that day.
        let agentsText = try String(contentsOf: CLI.root.appendingPathComponent("examples/contact-center-week/agents.csv"), encoding: .utf8)
        let withoutLeave = Set(agentsText.split(separator: "\n").filter { $0.hasSuffix(",") }.map { String($0.prefix { $0 != "," }) })
        let moved = try #require(try CLI.rows(published.appendingPathComponent("roster.csv")).first {
            $0["date"] == "2026-11-25" && withoutLeave.contains($0["agent_id"]!)
        }?["agent_id"])
        let agents = agentsText.split(separator: "\n").map { $0.hasPrefix(moved + ",") ? $0 + "2026-11-25" : $0 }.joined(separator: "\n") + "\n"
        let changedWeek = try CLI.exampleWithAgents(agents)
        defer { try? FileManager.default.removeItem(at: changedWeek) }
        let scenario = changedWeek.appendingPathComponent("scenario.yaml").path
        let rerostered = folder.appendingPathComponent("rerostered")
        let run = try CLI.run(["solve", scenario, "--out", rerostered.path, "--published", published.path])
        #expect(run.status == 0, "\(run.stderr)")
        let changes = try CLI.rows(rerostered.appendingPathComponent("changes.csv"))
        #expect(changes.contains { $0["agent_id"] == moved && $0["date"] == "2026-11-25" && $0["change"] == "removed" })
        #expect(changes.count >= 2 && changes.count <= 6)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: rerostered.appendingPathComponent("summary.json"))) as! [String: Any]
        // Coverage stays at its optimum (1,130); each changed agent-day costs 20.
        #expect(summary["status"] as? String == "optimal")
        #expect(summary["objective"] as? Double == 1130 + 20 * Double(changes.count))
        let calendar = try String(contentsOf: rerostered.appendingPathComponent("calendars/\(moved).ics"), encoding: .utf8)
        #expect(calendar.contains("STATUS:CANCELLED\r\n"))

        // Locked: every published shift still possible stays; only additions besides the Wednesday lost.
        let locked = folder.appendingPathComponent("locked")
        let lockedRun = try CLI.run(["solve", scenario, "--out", locked.path, "--published", published.path, "--lock-published"])
        #expect(lockedRun.status == 0, "\(lockedRun.stderr)")
        let lockedChanges = try CLI.rows(locked.appendingPathComponent("changes.csv"))
        #expect(lockedChanges.filter { $0["change"] != "added" }.map { $0["agent_id"]! + " " + $0["date"]! } == [moved + " 2026-11-25"])
    }
}

@Suite(.serialized) struct BenchmarkSmokeTests {
    /// roster-bench --nrp-seeds writes each listed instance as the generator does, and names the
    /// line of a bad row without writing any instance of that list.
    @Test func theRunnerWritesTheListedNurseRosteringInstances() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = CLI.binary.deletingLastPathComponent().appendingPathComponent("roster-bench")
        func run(_ seeds: String) throws -> (status: Int32, stderr: String) {
            let list = folder.appendingPathComponent("seeds.csv")
            try seeds.write(to: list, atomically: false, encoding: .utf8)
            let process = Process()
            process.executableURL = bench
            process.arguments = ["--nrp-seeds", list.path, "--nrp-folder", folder.appendingPathComponent("out").path]
            process.standardOutput = Pipe()
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(try run("instance,agents,weeks,seed\n201,12,2,7\n202,30,4,8\n").status == 0)
        for (instance, agents, weeks, seed) in [(201, 12, 2, 7), (202, 30, 4, 8)] {
            let written = try String(contentsOf: folder.appendingPathComponent("out/Instance\(instance).txt"), encoding: .utf8)
            #expect(written == NurseRosteringGenerator(agents: agents, weeks: weeks, seed: UInt64(seed)).text())
        }
        let bad = try run("instance,agents,weeks,seed\n203,12,2,7\n204,12,60,1\n")
        #expect(bad.status != 0 && bad.stderr.contains("line 3"), "\(bad.stderr)")
        // Nothing of a list with a bad row is written.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/Instance203.txt").path))
    }

    @Test func theRunnerSolvesTheSmallWeekAndWritesItsRow() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("results.csv")
        let bench = CLI.binary.deletingLastPathComponent().appendingPathComponent("roster-bench")
        let process = Process()
        process.executableURL = bench
        process.arguments = ["--size", "S", "--time-limit", "60", "--results", results.path]
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rows = try CLI.rows(results)
        #expect(rows.count == 1)
        #expect(rows[0]["size"] == "S" && rows[0]["agents"] == "24")
        // The runner reports what the solver proved; its objective has a roster behind it.
        #expect(!(rows[0]["first_roster_s"] ?? "").isEmpty)
        #expect(Double(rows[0]["objective"]!)! >= Double(rows[0]["bound"]!)! - 1e-6)
        let lp = folder.appendingPathComponent("S.lp")
        let writer = Process()
        writer.executableURL = bench
        writer.arguments = ["--size", "S", "--write-lp", lp.path]
        writer.standardOutput = Pipe()
        try writer.run()
        writer.waitUntilExit()
        #expect(try String(contentsOf: lp, encoding: .utf8).contains("cover(Mon1123_1000)"))
    }
}

@Suite(.serialized) struct InterruptCLITests {
    /// Ctrl-C before any roster exists gave exit 3 ("no feasible roster"); it is 130 now, with
    /// nothing written. The exact model of benchmark instance 12 spends its first seconds in
    /// GLPK's root LP (no roster yet); Ctrl-C is pressed once the model is built (after the
    /// handler is installed) and takes effect at GLPK's first callback.
    @Test func ctrlCBeforeTheFirstRosterExitsWith130() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("i12")
        #expect(try CLI.run(["import-nrp", NurseRosteringCLITests.data.appendingPathComponent("Instance12.txt").path, "--out", scenario.path]).status == 0)
        let out = folder.appendingPathComponent("out")
        let (status, stderr) = try CLI.interrupt(
            ["solve", scenario.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--strategy", "exact", "--verbose", "--time-limit", "300"]
        ) { $0.contains("model: ") }
        #expect(status == 130, "\(stderr.suffix(600))")
        #expect(stderr.contains("Interrupted (Ctrl-C) before the first roster was found; nothing was written."))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func ctrlCWritesTheBestRosterSoFarMarkedAsSuch() throws {
        let out = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let scenario = CLI.root.appendingPathComponent("examples/contact-center-week/scenario-preferences.yaml").path
        // Wait for the progress line that reports a first roster, then press Ctrl-C.
        let (status, stderr) = try CLI.interrupt(["solve", scenario, "--out", out.path, "--time-limit", "120"]) { text in
            text.split(separator: "\n").contains { $0.contains("best roster ") && !$0.contains("none yet") }
        }
        #expect(status == 0, "\(stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect(summary["status"] as? String == "feasible")
        #expect(summary["stop_reason"] as? String == "interrupted")
        #expect((summary["solve_seconds"] as? Double ?? 999) < 100)
        // Not a terminal: plain progress lines.
        #expect(stderr.contains("progress: "))
    }
}

/// The public benchmark through the command line: conversion, solve, and the comparison with
/// the published optima (Instance1–4: 607, 828, 1001, 1716, proven optimal in the literature).
@Suite struct NurseRosteringCLITests {
    static let data = CLI.root.appendingPathComponent("benchmarks/nurse-rostering")

    @Test func benchNRPReachesThePublishedOptimaOfTheFirstFourInstances() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("nrp.csv")
        let run = try CLI.run(["bench-nrp", Self.data.path, "--instances", "1", "2", "3", "4", "--time-limit", "60", "--results", results.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try CLI.rows(results)
        #expect(rows.map { $0["instance"]! } == ["Instance1", "Instance2", "Instance3", "Instance4"])
        for row in rows {
            // Objective recomputed by the benchmark's own rules, equal to the best known, and no
            // rule of the benchmark broken.
            #expect(row["objective"] == row["best_known"], "\(row)")
            #expect(row["benchmark_violations"] == "0")
            #expect(Double(row["bound"]!)! <= Double(row["objective"]!)! + 1e-9)
        }
        #expect(run.stdout.contains("Instance1") && run.stdout.contains("+0.00%"))
    }

    @Test func importedInstanceSolvesWithTheExactModelToo() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("instance1")
        let imported = try CLI.run(["import-nrp", Self.data.appendingPathComponent("Instance1.txt").path, "--out", scenario.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        for name in ["scenario.yaml", "agents.csv", "shift_requirements.csv", "shift_requests.csv"] {
            #expect(FileManager.default.fileExists(atPath: scenario.appendingPathComponent(name).path))
        }
        // The full model with every rule family, solved by GLPK alone: the published optimum.
        let out = folder.appendingPathComponent("out")
        let solved = try CLI.run(["solve", scenario.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--strategy", "exact", "--quiet", "--no-calendars"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect((summary["objective"] as? Double) == 607)
        #expect((summary["status"] as? String) == "optimal")
        #expect((summary["strategy"] as? [String: String]) == ["used": "exact", "reason": "requested (--strategy exact)"])
        // The instance staffs by shift type and day: no interval figures (its intervals require
        // nothing), the day-level ones instead; sizes from the benchmark's published table
        // (14 cover rows, 71 agent-shifts required).
        #expect(summary["over_staffed_intervals"] is NSNull && summary["required_agent_hours"] is NSNull)
        let demands = try #require(summary["shift_demands"] as? [String: Any])
        #expect(demands["requirements"] as? Int == 14 && demands["required_shifts"] as? Int == 71)
        #expect(!solved.stdout.contains("over-staffed:") && solved.stdout.contains("staffed by shift template and day: 14 requirements for 71 agent-shifts"), "\(solved.stdout)")
    }

    /// The horizon search budgets its work, not seconds: two solves of instance 6 run at the same
    /// time (each slows the other), both ended by the same work limit after the root tree, the
    /// integer master and neighbourhoods, write byte-identical rosters.
    @Test func theHorizonSearchGivesTheSameRosterOnABusyMachine() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("i6")
        #expect(try CLI.run(["import-nrp", Self.data.appendingPathComponent("Instance6.txt").path, "--out", scenario.path]).status == 0)
        let outs = [folder.appendingPathComponent("a"), folder.appendingPathComponent("b")]
        let processes = outs.map { out in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = [
                "solve", scenario.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--work-limit", "\(Self.sameRosterWork)",
                "--time-limit", "900", "--no-calendars", "--verbose",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try? FileHandle(forWritingTo: { () -> URL in
                let log = folder.appendingPathComponent(out.lastPathComponent + ".log")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                return log
            }())
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let rosters = try outs.map { try Data(contentsOf: $0.appendingPathComponent("roster.csv")) }
        #expect(rosters[0] == rosters[1])
        let log = try String(contentsOf: folder.appendingPathComponent("a.log"), encoding: .utf8)
        #expect(log.contains("neighbourhoods; roster") && !log.contains(" 0 neighbourhoods;"), "\(log.suffix(800))")
        for out in outs {
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
            #expect(summary["stop_reason"] as? String == "work_limit")
        }
    }

    /// Enough work for instance 6's root tree, its integer master and a few neighbourhoods.
    static let sameRosterWork = 30_000

    /// A generated half-year instance whose exact model cannot give a roster in a second: the run
    /// is reported (a row with its status and no objective), and the command does not fail.
    @Test func benchNRPReportsARunThatEndsWithoutARoster() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try NurseRosteringGenerator(agents: 200, weeks: 26, seed: 4).text()
            .write(to: folder.appendingPathComponent("Instance104.txt"), atomically: false, encoding: .utf8)
        let results = folder.appendingPathComponent("nrp.csv")
        let run = try CLI.run(["bench-nrp", folder.path, "--time-limit", "1", "--results", results.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Instance104: no roster (no_solution_found)"), "\(run.stdout)")
        let rows = try CLI.rows(results)
        #expect(rows.count == 1 && rows[0]["instance"] == "Instance104" && rows[0]["objective"] == "" && rows[0]["status"] == "no_solution_found", "\(rows)")
        #expect(rows[0]["days"] == "182" && rows[0]["agents"] == "200")
    }

    @Test func benchNRPRefusesAWorkLimitOutOfRange() throws {
        for value in ["0", "-3", "1000000000001"] {
            let run = try CLI.run(["bench-nrp", Self.data.path, "--instances", "1", "--work-limit=\(value)"])
            #expect(run.status == 2, "\(value)")
            #expect(run.stderr.contains("--work-limit must be a whole number of work units"), "\(value): \(run.stderr)")
        }
    }

    @Test func aBrokenInstanceExitsWithTwo() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("Broken.txt")
        let text = try String(contentsOf: Self.data.appendingPathComponent("Instance1.txt"), encoding: .utf8)
        try text.replacingOccurrences(of: "D,480,", with: "D,abc,").write(to: broken, atomically: false, encoding: .utf8)
        let run = try CLI.run(["import-nrp", broken.path, "--out", folder.appendingPathComponent("out").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Broken.txt:9: length"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}
