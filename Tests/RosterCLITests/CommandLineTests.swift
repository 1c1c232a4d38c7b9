import Foundation
import Testing

/// What a newcomer meets first: the version, typos, contradictory flags, and the outputs meant
/// for spreadsheets and integrators.
@Suite struct CommandLineTests {
    @Test func versionNamesTheToolAndGLPK() throws {
        let run = try CLI.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("roster 0.") && run.stdout.contains("(GLPK 5."), "\(run.stdout)")
    }

    @Test func aMistypedSubcommandGetsASuggestionAndExitTwo() throws {
        let run = try CLI.run(["solv", CLI.example, "--out", "/nonexistent"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown command 'solv'") && run.stderr.contains("Did you mean 'solve'?"), "\(run.stderr)")
        #expect(!run.stderr.contains("Unknown option"))
        let nested = try CLI.run(["preferences", "chekc", "x"])
        #expect(nested.status == 2 && nested.stderr.contains("Did you mean 'check'?"), "\(nested.stderr)")
        let unrelated = try CLI.run(["frobnicate"])
        #expect(unrelated.status == 2 && unrelated.stderr.contains("unknown command 'frobnicate'") && !unrelated.stderr.contains("Did you mean"))
    }

    @Test func helpOfAnUnknownSubcommandFails() throws {
        let run = try CLI.run(["help", "solv"])
        #expect(run.status == 2 && run.stderr.contains("Did you mean 'solve'?"), "\(run.stderr)")
        let known = try CLI.run(["help", "solve"])
        #expect(known.status == 0 && known.stdout.contains("--time-limit"))
    }

    @Test func verboseAndQuietTogetherAreRefused() throws {
        let folder = CLI.temporaryDirectory()
        let run = try CLI.run(["solve", CLI.example, "--out", folder.path, "--verbose", "--quiet"])
        #expect(run.status == 2 && run.stderr.contains("--verbose and --quiet"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func shellCompletionOffersFilesAndFolders() throws {
        let run = try CLI.run(["--generate-completion-script", "bash"])
        #expect(run.status == 0)
        // Scenario arguments complete YAML and JSON files; --out completes folders.
        #expect(run.stdout.contains("yaml") && run.stdout.contains("-d"), "\(run.stdout.prefix(400))")
    }

    @Test func excelOutputHasAByteOrderMarkAndCRLF() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain"), excel = folder.appendingPathComponent("excel")
        for (out, extra) in [(plain, [String]()), (excel, ["--excel"])] {
            let run = try CLI.run(["solve", CLI.example, "--out", out.path, "--quiet", "--no-calendars", "--gap", "0.05"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
        }
        for name in ["roster.csv", "coverage.csv"] {
            let bytes = try Data(contentsOf: excel.appendingPathComponent(name))
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(name)")
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.count > 2 && lines.last == "" && !lines.dropLast().contains { $0.contains("\n") }, "\(name)")
            // The same records as the plain file.
            let plainText = try String(contentsOf: plain.appendingPathComponent(name), encoding: .utf8)
            #expect(plainText.split(separator: "\n").first.map(String.init) == lines.first)
            #expect(!plainText.hasPrefix("\u{FEFF}") && !plainText.contains("\r"))
        }
        // summary.json is not CSV and stays as it is; it names the search used.
        let summary = try Data(contentsOf: excel.appendingPathComponent("summary.json"))
        #expect(summary.first == UInt8(ascii: "{"))
        let fields = try #require(JSONSerialization.jsonObject(with: summary) as? [String: Any])
        #expect((fields["strategy"] as? [String: String])?["used"] == "weekly-patterns")
    }

    @Test func validateJSONGivesSizesOrEveryProblem() throws {
        let good = try CLI.run(["validate", CLI.example, "--json"])
        #expect(good.status == 0)
        let report = try #require(JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == true && report["agents"] as? Int == 40 && report["days"] as? Int == 7)
        #expect(report["interval_minutes"] as? Int == 30 && (report["errors"] as? [Any])?.isEmpty == true)

        let folder = try CLI.exampleWithAgents("id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\na1,Ana,,forty,,,,\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = try CLI.run(["validate", folder.appendingPathComponent("scenario.yaml").path, "--json"])
        #expect(bad.status == 2)
        let failed = try #require(JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        #expect(failed["ok"] as? Bool == false)
        let errors = try #require(failed["errors"] as? [[String: Any]])
        #expect(errors.contains { ($0["file"] as? String ?? "").hasSuffix("agents.csv") && $0["line"] as? Int == 2 && $0["field"] as? String == "max_weekly_hours" }, "\(errors)")
    }

    @Test func swapJSONListsEveryDecision() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = CLI.root.appendingPathComponent("examples/contact-center-week")
        let out = folder.appendingPathComponent("after")
        let run = try CLI.run(["swap", "--published", example.appendingPathComponent("published").path,
                               "--requests", example.appendingPathComponent("swaps.csv").path,
                               "--scenario", CLI.example, "--out", out.path, "--no-calendars", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let decisions = try #require(report["decisions"] as? [[String: Any]])
        // The same decisions as swaps.csv, one per request, in order.
        let csv = try CLI.rows(out.appendingPathComponent("swaps.csv"))
        #expect(decisions.map { $0["request_id"] as? String } == csv.map { $0["request_id"] })
        #expect(decisions.map { ($0["approved"] as? Bool) == true ? "approved" : "rejected" } == csv.map { $0["decision"] })
        #expect(report["requests"] as? Int == csv.count && report["approved"] as? Int == csv.filter { $0["decision"] == "approved" }.count)
        #expect(decisions.allSatisfy { $0["reasons"] is [Any] && $0["alternatives"] is [Any] })
    }

    /// An --out that cannot be written was found only after the whole solve (exit 1).
    @Test func anUnwritableOutFolderIsFoundBeforeSolving() throws {
        let file = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: file) }
        try "not a folder".write(to: file, atomically: false, encoding: .utf8)
        let start = Date()
        let run = try CLI.run(["solve", CLI.example, "--out", file.appendingPathComponent("out").path, "--quiet"])
        #expect(run.status == 2 && run.stderr.contains("--out"), "\(run.stderr)")
        #expect(!run.stderr.contains("progress") && Date().timeIntervalSince(start) < 30)
    }

    /// Past the pairs a full model may have (1,500,000 to solve with GLPK, 4,000,000 to write as
    /// an LP file), `--strategy exact` and `--write-lp` stop with exit 2 and the reason before
    /// building it, and write nothing (the 24/7 week's full model grew past 15 GB before this
    /// check and the compact form).
    @Test func aFullModelTooLargeToBuildIsRefusedWithTheReason() throws {
        for (count, extra, limit) in [(4_300, "--strategy", 1_500_000), (11_300, "--write-lp", 4_000_000)] {
            let agents = (1...count).map { "g\($0),Agent \($0),,,,,," }.joined(separator: "\n")
            let folder = try CLI.exampleWithAgents("id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\n" + agents + "\n")
            defer { try? FileManager.default.removeItem(at: folder) }
            let scenario = folder.appendingPathComponent("scenario.yaml").path
            let out = folder.appendingPathComponent("out"), lp = folder.appendingPathComponent("model.lp")
            let run = try CLI.run(["solve", scenario, "--out", out.path, "--quiet", extra, extra == "--strategy" ? "exact" : lp.path])
            #expect(run.status == 2, "\(extra): \(run.stderr)")
            #expect(run.stderr.contains("more than \(limit) assignment variables (\(count) agents, 357 shifts)"), "\(extra): \(run.stderr)")
            #expect(run.stderr.contains("\(extra) ") && run.stderr.contains("needs it"), "\(extra): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path) && !FileManager.default.fileExists(atPath: lp.path))
        }
    }

    /// A 28-character CJK id made a calendar file name over 255 bytes, found after the solve.
    @Test func anAgentIDTooLongForItsCalendarFileIsAnInputError() throws {
        let id = String(repeating: "日", count: 28)
        let folder = try CLI.exampleWithAgents("id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\n\(id),Long,,,,,,\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["validate", folder.appendingPathComponent("scenario.yaml").path])
        #expect(run.status == 2 && run.stderr.contains("agents.csv:2: id:") && run.stderr.contains("at most 64"), "\(run.stderr)")
    }

    /// One agent's valid preference file (unavailable all week) made the whole site infeasible
    /// with nobody named; the agent and their preference file are named now.
    @Test func anAgentMadeInfeasibleByTheirPreferenceFileIsNamed() throws {
        let folder = try CLI.copyOfExample(["scenario-preferences.yaml", "requirements.csv", "agents.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        // a01 has a 32-hour weekly minimum (agents.csv) and is unavailable every day of the week.
        let days = (23...29).map { "  - date: 2026-11-\($0)\n    reason: leave\n" }.joined()
        try ("agent: a01\nunavailable:\n" + days).write(to: folder.appendingPathComponent("preferences/a01.yaml"), atomically: false, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario-preferences.yaml").path, "--out", out.path, "--quiet", "--time-limit", "60"])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("  - a01 (Ana Keller)") && run.stderr.contains("7 unavailable window(s) from their preference file"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Smaller items of issue 13: fixed-offset zones, a DTSTAMP in year 0, uncapped error output,
    /// validate ignoring preference files.
    @Test func smallerHardeningItems() throws {
        let folder = try CLI.copyOfExample(["scenario.yaml", "scenario-preferences.yaml", "requirements.csv"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = CLI.root.appendingPathComponent("examples/contact-center-week")
        // 200 agents with a bad cap each: the first 50 problems and a count of the rest.
        let rows = (1...200).map { "x\($0),Name \($0),,lots,,,," }.joined(separator: "\n")
        try ("id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\n" + rows + "\n")
            .write(to: folder.appendingPathComponent("agents.csv"), atomically: false, encoding: .utf8)
        let capped = try CLI.run(["validate", folder.appendingPathComponent("scenario.yaml").path])
        #expect(capped.status == 2 && capped.stderr.contains("… and 150 more (200 in all)"), "\(capped.stderr.suffix(300))")
        #expect(capped.stderr.split(separator: "\n").count < 60)

        try FileManager.default.removeItem(at: folder.appendingPathComponent("agents.csv"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("agents.csv"), to: folder.appendingPathComponent("agents.csv"))
        try "agent: a01\ndays_of: []\n".write(to: folder.appendingPathComponent("preferences/a01.yaml"), atomically: false, encoding: .utf8)
        let preferences = try CLI.run(["validate", folder.appendingPathComponent("scenario-preferences.yaml").path])
        #expect(preferences.status == 2 && preferences.stderr.contains("a01.yaml:2: days_of"), "\(preferences.stderr)")

        let scenario = folder.appendingPathComponent("scenario.yaml")
        let text = try String(contentsOf: scenario, encoding: .utf8)
        try text.replacingOccurrences(of: "time_zone: Europe/Berlin", with: "time_zone: UTC+3").write(to: scenario, atomically: false, encoding: .utf8)
        let zone = try CLI.run(["validate", scenario.path])
        #expect(zone.status == 2 && zone.stderr.contains("time_zone"), "\(zone.stderr)")
        try text.write(to: scenario, atomically: false, encoding: .utf8)

        let stamp = try CLI.run(["solve", scenario.path, "--out", folder.appendingPathComponent("out").path, "--now", "0000-01-01T00:00Z", "--quiet"])
        #expect(stamp.status == 2 && stamp.stderr.contains("--now"), "\(stamp.stderr)")
    }

    /// An unreadable preferences folder was ignored: exit 0 with nobody's wishes or hard
    /// unavailability. As root permissions do not stop a read, so the run drops to nobody.
    @Test func anUnreadablePreferencesFolderIsAnErrorEvenWhenSkipping() throws {
        let folder = CLI.temporaryDirectory()
        defer {
            chmod(folder.appendingPathComponent("prefs").path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let source = CLI.root.appendingPathComponent("examples/contact-center-week")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("prefs"), withIntermediateDirectories: true)
        for name in ["agents.csv", "requirements.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let scenario = try String(contentsOf: source.appendingPathComponent("scenario-preferences.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "folder: preferences", with: "folder: prefs")
        try scenario.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(at: source.appendingPathComponent("preferences/a04.yaml"), to: folder.appendingPathComponent("prefs/a04.yaml"))
        chmod(folder.path, 0o755)
        chmod(folder.appendingPathComponent("prefs").path, 0o000)
        var arguments = ["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", folder.appendingPathComponent("out").path,
                         "--skip-invalid-preferences", "--quiet", "--time-limit", "10"]
        if geteuid() == 0 { arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary.path] + arguments }
        let run = try CLI.run(arguments, executable: geteuid() == 0 ? URL(fileURLWithPath: "/usr/bin/setpriv") : CLI.binary)
        #expect(run.status == 2 && run.stderr.contains("prefs: cannot list the folder's files"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    /// The example week plus "at most 1 working weekend" for everyone ended its 30-s limit 46 %
    /// above the bound on the exact model; in a 7-day week that rule cannot bind, so the week
    /// goes to the weekly search and reaches the same optimum as without it (1,130, make demo).
    @Test func aRuleThatCannotBindDoesNotChangeTheRoute() throws {
        let agents = try String(contentsOf: CLI.root.appendingPathComponent("examples/contact-center-week/agents.csv"), encoding: .utf8)
        let lines = agents.split(separator: "\n").enumerated().map { $0.offset == 0 ? $0.element + ",max_weekends" : $0.element + ",1" }
        let folder = try CLI.exampleWithAgents(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--quiet", "--no-calendars", "--time-limit", "120"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect((summary["strategy"] as? [String: String])?["used"] == "weekly-patterns")
        #expect(summary["status"] as? String == "optimal" && summary["objective"] as? Double == 1130, "\(summary["objective"] ?? "")")
    }

    /// --work-limit: a budget of simplex iterations over the whole run. A run it ends says so and
    /// gives the same roster every time, whatever else the machine is doing (the two runs here go
    /// side by side).
    @Test func aRunEndedByItsWorkLimitIsRepeatable() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outs = [folder.appendingPathComponent("one"), folder.appendingPathComponent("two")]
        let runs = LockedRuns()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let run = try? CLI.run(["solve", CLI.example, "--out", outs[index].path, "--quiet", "--no-calendars", "--work-limit", "3000"])
            runs.set(index, run)
        }
        for index in 0..<2 { #expect(runs.get(index)?.status == 0, "\(runs.get(index)?.stderr ?? "")") }
        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: outs[0].appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["stop_reason"] as? String == "work_limit" && summary["status"] as? String == "feasible")
        for name in ["roster.csv", "coverage.csv"] {
            #expect(try Data(contentsOf: outs[0].appendingPathComponent(name)) == Data(contentsOf: outs[1].appendingPathComponent(name)), "\(name)")
        }
        let refused = try CLI.run(["solve", CLI.example, "--out", outs[0].path, "--work-limit", "0"])
        #expect(refused.status == 2 && refused.stderr.contains("--work-limit"))
    }
}

/// Results of runs made on several threads.
final class LockedRuns: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Int: RosterRun] = [:]
    func set(_ index: Int, _ run: RosterRun?) { lock.withLock { runs[index] = run } }
    func get(_ index: Int) -> RosterRun? { lock.withLock { runs[index] } }
}
