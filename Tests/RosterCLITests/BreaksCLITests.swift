import Foundation
import Testing

/// Breaks end to end: a two-day scenario on 15-minute intervals whose lunches the optimizer
/// places, its outputs checked against each other, and bad break rules refused.
@Suite(.serialized) struct BreaksCLITests {
    static let scenario = """
        name: breaks-two-days
        horizon:
          start_date: 2026-11-23
          days: 2
          time_zone: Europe/Berlin
          interval_minutes: 15
        shift_templates:
          - name: day
            earliest_start: "08:00"
            latest_start: "09:00"
            start_step_minutes: 60
            lengths_hours: [8.5]
        breaks:
          - shift_hours: [8.5, 8.5]
            breaks:
              - name: lunch
                minutes: 30
                paid: false
                earliest_start_minutes: 150
                latest_start_minutes: 300
                step_minutes: 15
                min_work_before_minutes: 60
                min_work_after_minutes: 60
        requirements: requirements.csv
        agents: agents.csv
        solver:
          time_limit_seconds: 30
        """

    /// Three agents needed 09:00–16:30 and two at 08:00–09:00 and 16:30–17:30, on four agents.
    static func requirements() -> String {
        var lines = ["interval_start,required"]
        for day in ["2026-11-23", "2026-11-24"] {
            for minute in stride(from: 8 * 60, to: 17 * 60 + 30, by: 15) {
                let need = minute >= 9 * 60 && minute < 16 * 60 + 30 ? 3 : 2
                lines.append("\(day)T\(String(format: "%02d:%02d", minute / 60, minute % 60)),\(need)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func folder(scenario text: String = scenario) throws -> URL {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: false, encoding: .utf8)
        try requirements().write(to: folder.appendingPathComponent("requirements.csv"), atomically: false, encoding: .utf8)
        try "id,name\na1,Ana\na2,Ben\na3,Chloe\na4,Dmitri\n".write(to: folder.appendingPathComponent("agents.csv"), atomically: false, encoding: .utf8)
        return folder
    }

    @Test func lunchesArePlacedAndEveryOutputCountsThem() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--calendars"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("breaks.csv"))
        let shifts = try CLI.rows(out.appendingPathComponent("roster.csv"))
        let breaks = try CLI.rows(out.appendingPathComponent("breaks.csv"))
        #expect(!shifts.isEmpty)
        // Every 8.5-h shift is 8 h paid and has one lunch, inside the shift.
        #expect(shifts.allSatisfy { $0["paid_minutes"] == "480" })
        #expect(breaks.count == shifts.count)
        for shift in shifts {
            let own = breaks.filter { $0["agent_id"] == shift["agent_id"] && $0["shift_start"] == shift["start"] }
            #expect(own.count == 1 && own[0]["break"] == "lunch" && own[0]["minutes"] == "30" && own[0]["paid"] == "no")
        }
        // coverage.csv counts an agent only outside their lunch: recount it from the two files.
        func minutes(_ text: String) -> Int {
            let time = text.split(separator: "T")[1].split(separator: ":").map { Int($0)! }
            return (text.hasPrefix("2026-11-24") ? 1440 : 0) + time[0] * 60 + time[1]
        }
        for row in try CLI.rows(out.appendingPathComponent("coverage.csv")) {
            let start = minutes(row["interval_start"]!)
            let working = shifts.filter { minutes($0["start"]!) <= start && minutes($0["end"]!) >= start + 15 }.filter { shift in
                !breaks.contains { $0["agent_id"] == shift["agent_id"] && minutes($0["start"]!) <= start && minutes($0["end"]!) > start }
            }
            #expect(Int(row["scheduled"]!) == working.count, "\(row["interval_start"]!)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let figures = summary["breaks"] as! [String: Int]
        #expect(figures["count"] == shifts.count && figures["unpaid_minutes"] == 30 * shifts.count && figures["paid_minutes"] == 0)
        let calendar = try String(contentsOf: out.appendingPathComponent("calendars/team.ics"), encoding: .utf8)
        #expect(calendar.replacingOccurrences(of: "\r\n ", with: "").contains("Breaks: lunch"))
        // The roster and its breaks read back and pass the validator.
        let exported = try CLI.run(["export", "ics", out.appendingPathComponent("roster.csv").path, "--scenario", folder.appendingPathComponent("scenario.yaml").path, "--out", folder.appendingPathComponent("again").path])
        #expect(exported.status == 0, "\(exported.stderr)")
    }

    /// Re-rostering keeps published break times: Ana's and Ben's Monday lunches (same shift)
    /// are swapped in the published breaks.csv, which costs coverage nothing. The re-roster keeps
    /// them as published (the optimizer's own order would give them back the other way round:
    /// two moved breaks), changes.csv lists nothing, and their calendar events, whose published
    /// descriptions still show the first lunches, get a new SEQUENCE.
    /// Ana asks for her lunch at 12:00–12:15 on Monday: with three agents needed all day every
    /// lunch leaves one short wherever it goes, so the wish is granted; Ben's lunch at 08:00 cannot be (no placement starts before 10:30), and
    /// preferences.csv says what granting it would cost.
    @Test func lunchTimesInPreferenceFilesArePlacedAndExplained() throws {
        let folder = try Self.folder(scenario: Self.scenario.replacingOccurrences(of: "solver:", with: "preferences:\n  folder: preferences\nsolver:"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let preferences = folder.appendingPathComponent("preferences")
        try FileManager.default.createDirectory(at: preferences, withIntermediateDirectories: true)
        try "agent: a1\nbreak_times:\n  - earliest: \"12:00\"\n    latest: \"12:15\"\n    days: [mon]\n    priority: 3\n"
            .write(to: preferences.appendingPathComponent("a1.yaml"), atomically: false, encoding: .utf8)
        try "agent: a2\nbreak_times:\n  - break: lunch\n    latest: \"08:00\"\n    days: [mon]\n    priority: 1\n"
            .write(to: preferences.appendingPathComponent("a2.yaml"), atomically: false, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let breaks = try CLI.rows(out.appendingPathComponent("breaks.csv")).filter { $0["agent_id"] == "a1" && $0["shift_start"]?.hasPrefix("2026-11-23") == true }
        #expect(breaks.count == 1, "Ana works Monday")
        #expect(["2026-11-23T12:00", "2026-11-23T12:15"].contains(where: { breaks.first?["start"]?.hasPrefix($0) == true }), "\(breaks)")
        let wishes = try CLI.rows(out.appendingPathComponent("preferences.csv"))
        #expect(wishes.count == 2)
        let ana = try #require(wishes.first { $0["agent_id"] == "a1" }), ben = try #require(wishes.first { $0["agent_id"] == "a2" })
        #expect(ana["wish"] == "lunch to start between 12:00 and 12:15 on Mon")
        #expect(ana["granted"] == "yes")
        // Granting Ben's would mean not working Monday: the reason is the coverage lost.
        #expect(ben["granted"] == "no" && ben["reason"]?.hasPrefix("coverage: Mon") == true, "\(ben)")

        let unknown = try Self.folder(scenario: Self.scenario.replacingOccurrences(of: "solver:", with: "preferences:\n  folder: preferences\nsolver:"))
        defer { try? FileManager.default.removeItem(at: unknown) }
        try FileManager.default.createDirectory(at: unknown.appendingPathComponent("preferences"), withIntermediateDirectories: true)
        try "agent: a1\nbreak_times:\n  - break: coffee\n    latest: \"12:00\"\n    priority: 3\n"
            .write(to: unknown.appendingPathComponent("preferences/a1.yaml"), atomically: false, encoding: .utf8)
        let refused = try CLI.run(["solve", unknown.appendingPathComponent("scenario.yaml").path, "--out", unknown.appendingPathComponent("out").path])
        #expect(refused.status == 2 && refused.stderr.contains("a1.yaml:3") && refused.stderr.contains("break_times[0].break"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: unknown.appendingPathComponent("out").path))
    }

    @Test func reRosteringKeepsPublishedBreakTimes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("scenario.yaml").path
        let published = folder.appendingPathComponent("published")
        let first = try CLI.run(["solve", scenario, "--out", published.path, "--calendars"])
        #expect(first.status == 0, "\(first.stderr)")
        var rows = try CLI.rows(published.appendingPathComponent("breaks.csv"))
        let monday = rows.indices.filter { rows[$0]["date"] == "2026-11-23" }
        let pair = try #require(monday.first { a in monday.contains { b in b > a && rows[b]["shift_start"] == rows[a]["shift_start"] && rows[b]["start"] != rows[a]["start"] } })
        let other = monday.first { $0 > pair && rows[$0]["shift_start"] == rows[pair]["shift_start"] && rows[$0]["start"] != rows[pair]["start"] }!
        for key in ["start", "end"] { (rows[pair][key], rows[other][key]) = (rows[other][key], rows[pair][key]) }
        let header = ["agent_id", "agent_name", "date", "shift_start", "shift_end", "break", "start", "end", "minutes", "paid"]
        let text = ([header.joined(separator: ",")] + rows.map { row in header.map { row[$0]! }.joined(separator: ",") }).joined(separator: "\n") + "\n"
        try text.write(to: published.appendingPathComponent("breaks.csv"), atomically: false, encoding: .utf8)

        let out = folder.appendingPathComponent("again")
        let run = try CLI.run(["solve", scenario, "--out", out.path, "--published", published.path, "--calendars"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try CLI.rows(out.appendingPathComponent("changes.csv")).isEmpty)
        let key = { (row: [String: String]) in "\(row["agent_id"]!) \(row["start"]!)" }
        #expect(Set(try CLI.rows(out.appendingPathComponent("breaks.csv")).map(key)) == Set(rows.map(key)))
        for index in [pair, other] {
            let agent = rows[index]["agent_id"]!
            let calendar = try String(contentsOf: out.appendingPathComponent("calendars/\(agent).ics"), encoding: .utf8)
            #expect(calendar.components(separatedBy: "SEQUENCE:1\r\n").count == 2, "\(agent): only Monday changed")
        }
    }

    @Test func breakRulesThatCannotHoldExitWithTwoNamingTheKey() throws {
        let cases: [(String, String, String)] = [
            ("minutes: 30\n        paid: false", "minutes: 20\n        paid: false", "breaks[0]: break 'lunch': its minutes (20 min) is off the 15-minute interval grid"),
            ("earliest_start_minutes: 150\n        latest_start_minutes: 300", "earliest_start_minutes: 600\n        latest_start_minutes: 660", "cannot hold break 'lunch'"),
            ("step_minutes: 15", "step_minutes: 15\n        coffee: true", "breaks[0].breaks[0].coffee: unknown key"),
            ("minutes: 30\n        paid: false", "minutes: 99999\n        paid: false", "breaks[0].breaks[0].minutes: must be a whole number of minutes from 1 to 720"),
            ("shift_hours: [8.5, 8.5]", "shift_hours: [9, 8]", "breaks[0].shift_hours: must be [shortest, longest]"),
        ]
        for (old, new, message) in cases {
            try CLI.expectRefused(Self.scenario, replacing: old, with: new, message: message, folder: Self.folder(scenario:))
        }
    }
}
