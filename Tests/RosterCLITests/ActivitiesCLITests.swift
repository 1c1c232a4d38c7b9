import Foundation
import Testing

/// Activities end to end: a two-day scenario on 15-minute intervals with lunches, a training, a
/// team meeting and one-at-a-time coaching placed by the optimizer; every output checked
/// against the others, the roster read back, a swap of a shift that carries a session refused,
/// and bad activities refused naming the key and line.
@Suite(.serialized) struct ActivitiesCLITests {
    /// The scenario of Tests/Fixtures/activities-two-days (which make test's report and calendar
    /// checks solve too): BreaksCLITests' two days with the activities.
    static let fixture = CLI.root.appendingPathComponent("Tests/Fixtures/activities-two-days")
    static var scenario: String { (try? String(contentsOf: fixture.appendingPathComponent("scenario.yaml"), encoding: .utf8)) ?? "" }

    static func folder(scenario text: String = scenario) throws -> URL {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: false, encoding: .utf8)
        for name in ["requirements.csv", "agents.csv"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// Minutes since Monday 00:00 of a local ISO time of the two days.
    static func minutes(_ text: String) -> Int {
        let time = text.split(separator: "T")[1].split(separator: ":").map { Int($0)! }
        return (text.hasPrefix("2026-11-24") ? 1440 : 0) + time[0] * 60 + time[1]
    }

    @Test func activitiesArePlacedAndEveryOutputCountsThem() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let scenarioPath = folder.appendingPathComponent("scenario.yaml").path
        let run = try CLI.run(["solve", scenarioPath, "--out", out.path, "--calendars"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("activities.csv") && run.stdout.contains("product training 2 of 2 placed"), "\(run.stdout)")
        let shifts = try CLI.rows(out.appendingPathComponent("roster.csv"))
        let breaks = try CLI.rows(out.appendingPathComponent("breaks.csv"))
        let sessions = try CLI.rows(out.appendingPathComponent("activities.csv"))
        // Every session the scenario asks for, each inside its agent's shift and clear of its lunch.
        let count = { (name: String) in sessions.filter { $0["activity"] == name }.count }
        #expect(count("product training") == 2 && count("team meeting") == 2 && count("coaching") == 3)
        let meeting = sessions.filter { $0["activity"] == "team meeting" }
        #expect(Set(meeting.map { $0["agent_id"]! }) == ["a1", "a3"] && Set(meeting.map { $0["start"]! }).count == 1)
        let coaching = sessions.filter { $0["activity"] == "coaching" }.map { Self.minutes($0["start"]!) }
        #expect(Set(coaching).count == 3, "one at a time: \(coaching)")
        for session in sessions {
            let start = Self.minutes(session["start"]!), end = Self.minutes(session["end"]!)
            let shift = shifts.first { $0["agent_id"] == session["agent_id"] && $0["start"] == session["shift_start"] }
            #expect(shift != nil && Self.minutes(shift!["start"]!) <= start && Self.minutes(shift!["end"]!) >= end)
            #expect(!breaks.contains { $0["agent_id"] == session["agent_id"] && Self.minutes($0["start"]!) < end && Self.minutes($0["end"]!) > start })
        }
        // coverage.csv counts an agent only outside lunches and sessions, and the minutes lost.
        for row in try CLI.rows(out.appendingPathComponent("coverage.csv")) {
            let start = Self.minutes(row["interval_start"]!)
            let inSession = sessions.filter { Self.minutes($0["start"]!) <= start && Self.minutes($0["end"]!) > start }
            let working = shifts.filter { Self.minutes($0["start"]!) <= start && Self.minutes($0["end"]!) >= start + 15 }.filter { shift in
                !breaks.contains { $0["agent_id"] == shift["agent_id"] && Self.minutes($0["start"]!) <= start && Self.minutes($0["end"]!) > start }
                    && !inSession.contains { $0["agent_id"] == shift["agent_id"] }
            }
            #expect(Int(row["scheduled"]!) == working.count, "\(row["interval_start"]!)")
            #expect(Int(row["activity_minutes"]!) == 15 * inSession.count, "\(row["interval_start"]!)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        // CBC 2.10 on the same model (written with --write-lp) proves 120 optimal in 2.5 s.
        #expect(summary["status"] as? String == "optimal" && abs((summary["objective"] as? Double ?? 0) - 120) < 1e-6, "\(summary)")
        let figures = summary["activities"] as! [[String: Any]]
        #expect(figures.map { $0["name"] as! String } == ["product training", "team meeting", "coaching"])
        #expect(figures.allSatisfy { ($0["missed"] as! Int) == 0 })
        #expect((figures[1]["held_at"] as! [String]) == [meeting[0]["start"]!])
        // Each session is an event of its own in its agent's calendar.
        let calendar = try String(contentsOf: out.appendingPathComponent("calendars/a2.ics"), encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
        #expect(calendar.contains("SUMMARY:product training") && calendar.contains("SUMMARY:coaching") && calendar.contains("UID:activity-"))
        // The roster reads back with its sessions and passes the validator.
        let exported = try CLI.run(["export", "ics", out.appendingPathComponent("roster.csv").path, "--scenario", scenarioPath, "--out", folder.appendingPathComponent("again").path])
        #expect(exported.status == 0, "\(exported.stderr)")
        let again = try String(contentsOf: folder.appendingPathComponent("again/calendars/a2.ics"), encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
        #expect(again.contains("SUMMARY:coaching"))

        // report.html rebuilt from the folder by roster report is the one roster solve wrote.
        let written = try Data(contentsOf: out.appendingPathComponent("report.html"))
        let rebuilt = try CLI.run(["report", out.path, "--scenario", scenarioPath])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.html")) == written)
        #expect(try CLI.run(["report", folder.path, "--scenario", scenarioPath]).status == 2, "a folder without roster.csv")

        // Re-rostering against the same week keeps every shift, break and session: nothing changes.
        let again2 = folder.appendingPathComponent("rerostered")
        let rerostered = try CLI.run(["solve", scenarioPath, "--out", again2.path, "--published", out.path])
        #expect(rerostered.status == 0, "\(rerostered.stderr)")
        #expect(try CLI.rows(again2.appendingPathComponent("changes.csv")).isEmpty)
        #expect(try String(contentsOf: again2.appendingPathComponent("activities.csv"), encoding: .utf8) == String(contentsOf: out.appendingPathComponent("activities.csv"), encoding: .utf8))

        // A shift that carries a session cannot be given away.
        let training = sessions.first { $0["activity"] == "product training" }!
        let requests = "request_id,submitted_at,type,requester,shift_start,counterpart,counterpart_shift_start,note\n"
            + "r1,2026-11-20T09:00,give,\(training["agent_id"]!),\(training["shift_start"]!),a4,,\n"
        let requestsPath = folder.appendingPathComponent("swaps.csv")
        try requests.write(to: requestsPath, atomically: false, encoding: .utf8)
        let swapped = try CLI.run(["swap", "--scenario", scenarioPath, "--published", out.path, "--requests", requestsPath.path, "--out", folder.appendingPathComponent("swapped").path])
        #expect(swapped.status == 0, "\(swapped.stderr)")
        #expect(swapped.stdout.contains("carries 'product training'"), "\(swapped.stdout)")
    }

    /// Ana (team blue) cannot work on the 24th, the team meeting's only date, and it is hard with
    /// everyone attending: no roster (exit 3), and the run names the meeting and Ana.
    @Test func aHardMeetingThatCannotBeHeldIsNamed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,name,team,unavailable\na1,Ana,blue,2026-11-24\na2,Ben,red,\na3,Chloe,blue,\na4,Dmitri,red,\n"
            .write(to: folder.appendingPathComponent("agents.csv"), atomically: false, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("activity 'team meeting' is hard and cannot be placed"), "\(run.stderr)")
        #expect(run.stderr.contains("a1 (Ana)") && run.stderr.contains("their hard activities"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func badActivitiesExitWithTwoNamingTheKeyAndLine() throws {
        let cases: [(String, String, String)] = [
            ("agents: [a1, a2]", "agents: [a1, zed]", "activities[0].agents: 'zed' is not an agent of agents.csv"),
            ("teams: [blue]", "teams: [green]", "activities[1].teams: no agent of agents.csv is in team 'green'"),
            ("dates: [2026-11-24]", "dates: [2026-11-30]", "activities[1]: activity 'team meeting': its dates 2026-11-30…2026-11-30 are not inside the horizon"),
            ("minutes: 60\n    dates", "minutes: 50\n    dates", "activities[0]: activity 'product training': its duration (50 min) is not a positive whole number of 15-minute intervals"),
            ("minutes: 60\n    dates", "minutes: 600\n    dates", "longer than any shift"),
            ("at_once: 1", "at_once: 1\n    coffee: true", "activities[2].coffee: unknown key"),
            ("attend: together", "attend: sometimes", "activities[1].attend: 'sometimes' is neither individual nor together"),
        ]
        for (old, new, message) in cases {
            try CLI.expectRefused(Self.scenario, replacing: old, with: new, message: message, folder: Self.folder(scenario:))
        }
    }
}
