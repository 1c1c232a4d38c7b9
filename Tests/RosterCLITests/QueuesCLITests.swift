import Foundation
import Testing

/// Several queues end to end: Tests/Fixtures/queues-two-days (two days on 15-minute intervals with
/// lunches, activities and a German and an English queue) solved, every output checked against
/// the others and the skills, and bad queue input refused with exit 2.
@Suite(.serialized) struct QueuesCLITests {
    static let fixture = CLI.root.appendingPathComponent("Tests/Fixtures/queues-two-days")

    static func folder(requirements: String? = nil) throws -> URL {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["scenario.yaml", "requirements.csv", "agents.csv"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        if let requirements { try requirements.write(to: folder.appendingPathComponent("requirements.csv"), atomically: false, encoding: .utf8) }
        return folder
    }

    @Test func queuesAreStaffedByAllocationAndEveryOutputAgrees() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        // The optimum, 560, is independently known: CBC 2.10 on the model `--write-lp` writes
        // proves 360, plus the objective's constant of 200 (the hard team meeting's two attendees
        // at 100, which the LP format keeps only in a comment). One queue would cost 120.
        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["status"] as? String == "optimal" && summary["objective"] as? Double == 560, "\(run.stdout)")
        // Its team meeting (attended together) takes the meetings' route; a team this small, its
        // full model with allocation.
        let reason = (summary["strategy"] as? [String: String])?["reason"] ?? ""
        #expect(reason.hasPrefix("several queues, allocated by the search; a small team with meetings"), "\(reason)")
        let queues = try #require(summary["queues"] as? [[String: Any]])
        #expect(queues.map { $0["name"] as? String } == ["german", "english"])
        #expect(queues.map { $0["agents_with_skill"] as? Int } == [3, 2])
        let under = queues.reduce(0.0) { $0 + ($1["under_staffed_agent_hours"] as? Double ?? 0) }
        #expect(abs(under - (summary["under_staffed_agent_hours"] as? Double ?? -1)) < 1e-9)

        // The report shows the queues.
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("<section id=\"queues\">") && report.contains("<th scope=\"row\">english</th>"))

        let coverage = try CLI.rows(out.appendingPathComponent("coverage.csv"))
        let byInterval = Dictionary(grouping: coverage, by: { $0["interval_start"]! })
        #expect(byInterval.count == 2 * 96)
        let stretches = try CLI.rows(out.appendingPathComponent("queues.csv"))
        let skills = ["a1": ["german"], "a2": ["english"], "a3": ["german"], "a4": ["english", "german"]]
        for stretch in stretches { #expect(skills[stretch["agent_id"]!]!.contains(stretch["queue"]!), "\(stretch)") }
        for (start, rows) in byInterval {
            #expect(rows.map { $0["queue"]! } == ["german", "english", "total"])
            let total = rows[2], perQueue = rows.prefix(2)
            #expect(Int(total["scheduled"]!)! == perQueue.reduce(0) { $0 + Int($1["scheduled"]!)! })
            #expect(Int(total["under"]!)! == perQueue.reduce(0) { $0 + Int($1["under"]!)! })
            // queues.csv names exactly the agents a queue's row counts.
            for row in perQueue {
                let named = stretches.filter { $0["queue"] == row["queue"] && $0["start"]! <= start && $0["end"]! > start }
                #expect(named.count == Int(row["scheduled"]!)!, "\(start) \(row)")
            }
        }
    }

    @Test func theWeeklySearchPlacesLunchesAndSessionsWithQueuesAsTheExactModelDoes() throws {
        // The fixture without its team meeting (attended together, which still takes the
        // stages): the lunches, the training and the coaching are placed by the weekly search,
        // whose master allocates; the exact model (GLPK) proves the same optimum.
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("scenario.yaml")
        var text = try String(contentsOf: scenario, encoding: .utf8)
        let meeting = "  - name: team meeting\n    teams: [blue]\n    attend: together\n    minutes: 30\n    dates: [2026-11-24]\n"
        #expect(text.contains(meeting))
        text = text.replacingOccurrences(of: meeting, with: "")
        try text.write(to: scenario, atomically: false, encoding: .utf8)
        var found: [String: (objective: Double, used: String)] = [:]
        for strategy in ["patterns", "exact"] {
            let out = folder.appendingPathComponent("out-\(strategy)")
            let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--strategy", strategy])
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
            #expect(summary["status"] as? String == "optimal", "\(strategy): \(run.stdout)")
            let used = (summary["strategy"] as? [String: String])?["used"] ?? ""
            found[strategy] = (summary["objective"] as? Double ?? -1, used)
        }
        #expect(found["patterns"]?.used == "weekly-patterns")
        #expect(found["exact"]?.used == "exact")
        #expect(found["patterns"]?.objective == found["exact"]?.objective, "\(found)")
    }

    @Test func badQueueInputExitsTwoNamingFileLineAndField() throws {
        let folder = try Self.folder(requirements: "interval_start,queue,required\n2026-11-23T09:00,german,1\n2026-11-23T09:00,german,2\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", folder.appendingPathComponent("out").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("requirements.csv:3: interval_start: 2026-11-23T09:00 for queue german is listed twice (first on line 2)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    /// `roster requirements` on a forecast per queue keeps the queue column: German 100 calls of
    /// 180 s at 80/20 needs 14 agents (10 Erlangs), English 40 calls of 180 s needs 7 (4 Erlangs),
    /// both by Erlang C computed apart.
    @Test func theRequirementsCommandKeepsAForecastsQueues() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let forecast = folder.appendingPathComponent("forecast.csv"), out = folder.appendingPathComponent("requirements.csv")
        try "interval_start,queue,calls\n2026-11-23T09:00,german,100\n2026-11-23T09:00,english,40\n".write(to: forecast, atomically: false, encoding: .utf8)
        let run = try CLI.run(["requirements", forecast.path, "--interval", "30", "--service-level", "80/20", "--aht", "180", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try CLI.rows(out)
        #expect(rows.map { $0["queue"] } == ["german", "english"] && rows.map { $0["required"] } == ["14", "7"], "\(rows)")
    }
}
