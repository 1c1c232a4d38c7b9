import Foundation
import Testing

/// `roster forecast` end to end on small histories written here: the files it writes, what it
/// reports, callbacks, and bad histories refused with the file, line and column named.
@Suite(.serialized) struct ForecastCommandTests {
    /// Interval counts (60-min) of three Mondays, 09:00 and 10:00, with handle times.
    static let counts = """
        interval_start,calls,aht_seconds
        2026-11-02T09:00,6,300
        2026-11-02T10:00,4,300
        2026-11-09T09:00,12,300
        2026-11-09T10:00,8,300
        2026-11-16T09:00,20,300
        2026-11-16T10:00,10,300

        """

    static func write(_ text: String, name: String = "history.csv") throws -> URL {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        return folder
    }

    @Test func aForecastAndItsBacktestAreWritten() throws {
        let folder = try Self.write(Self.counts)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out/forecast.csv")
        let run = try CLI.run([
            "forecast", folder.appendingPathComponent("history.csv").path, "--week", "2026-11-23", "--interval", "60", "--weeks", "2",
            "--backtest", "1", "--service-level", "80/20", "--robust", "sigma:1", "--out", out.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try CLI.rows(out)
        #expect(rows.map { $0["interval_start"]! } == ["2026-11-23T09:00", "2026-11-23T10:00"], "closed intervals are left out")
        #expect(rows.allSatisfy { $0["aht_seconds"] == "300.00" && Double($0["calls"]!)! > 0 })
        #expect(run.stdout.contains("closed Mon (no call in any week): 00:00–09:00, 11:00–24:00"), "\(run.stdout)")
        #expect(run.stdout.contains("closed Tue (no call in any week): 00:00–24:00"))
        let backtest = try CLI.rows(folder.appendingPathComponent("out/backtest.csv"))
        #expect(backtest.count == 10 && backtest.last?["day"] == "all" && backtest.last?["actual_calls"] == "30.00")
        // WAPE per interval of the day: 09:00 came 20 for 18 expected, 10:00 10 for 12.
        #expect(backtest.first { $0["day"] == "09:00" }?["wape"] == "0.1000" && backtest.first { $0["day"] == "10:00" }?["wape"] == "0.2000")
    }

    /// Ana abandons at 09:05 and calls again at 09:15: with a 30-min callback window her first
    /// call is not counted (3 calls, not 4, in the 09:00 interval of each week).
    @Test func callbacksAreCountedOnce() throws {
        var log = "arrival,handle_seconds,outcome,caller,channel\n"
        for week in 0..<2 {
            let day = String(format: "2026-11-%02d", 2 + 7 * week)
            log += "\(day)T09:05:00,0,abandoned,ana,phone\n\(day)T09:15:00,240,answered,ana,phone\n\(day)T09:20:00,200,answered,ben,phone\n\(day)T09:40:00,0,abandoned,eve,phone\n"
        }
        let folder = try Self.write(log)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (window, calls) in [(nil, "4.00"), ("30", "3.00")] as [(String?, String)] {
            let out = folder.appendingPathComponent("out-\(window ?? "none")/forecast.csv")
            let run = try CLI.run(["forecast", folder.appendingPathComponent("history.csv").path, "--week", "2026-11-16", "--interval", "60", "--weeks", "2", "--out", out.path]
                + (window.map { ["--callback-window", $0] } ?? []))
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try CLI.rows(out).first?["calls"] == calls, "window \(window ?? "none")")
            #expect(run.stdout.contains("columns ignored: channel"))
            #expect(try CLI.rows(out).first?["aht_seconds"] == "220.00", "answered calls only")
        }
    }

    /// Two callers hang up after 30 and 50 s, two are answered after 10 s each: 100 s waited
    /// for 2 who hung up, a patience of 50 s.
    @Test func thePatienceIsEstimatedFromTheLog() throws {
        var log = "arrival,handle_seconds,outcome,wait_seconds\n"
        for day in ["2026-11-02", "2026-11-09"] {
            log += "\(day)T09:05:00,0,abandoned,30\n\(day)T09:06:00,200,answered,10\n\(day)T09:07:00,0,abandoned,50\n\(day)T09:08:00,220,answered,10\n"
        }
        let folder = try Self.write(log)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["forecast", folder.appendingPathComponent("history.csv").path, "--week", "2026-11-16", "--interval", "60", "--weeks", "2", "--out", folder.appendingPathComponent("out/forecast.csv").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("callers' average patience estimated from the log: 50 s (4 hung up"), "\(run.stdout)")
    }

    /// Only the sales queue is forecast, and calls outside the opening hours are counted and kept.
    @Test func aQueueIsPickedAndCallsOutsideOpeningHoursAreReported() throws {
        var log = "arrival,handle_seconds,queue\n"
        for day in ["2026-11-02", "2026-11-09"] {
            log += "\(day)T06:30:00,100,sales\n\(day)T09:10:00,200,sales\n\(day)T09:20:00,300,support\n\(day)T09:30:00,200,sales\n"
        }
        let folder = try Self.write(log)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out/forecast.csv")
        let run = try CLI.run(["forecast", folder.appendingPathComponent("history.csv").path, "--week", "2026-11-16", "--interval", "60", "--weeks", "2",
                               "--queue", "sales", "--open", "07:00-21:00", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 call(s) of other queues left out"), "\(run.stdout)")
        #expect(run.stdout.contains("2 of 6 calls (33.3 %) came outside the opening hours 07:00–21:00"), "\(run.stdout)")
        // Under 30 answered calls per interval and per weekday: the handle time is the sales queue's
        // mean over the weeks, (100 + 200 + 200) ÷ 3 (the support call's 300 s is left out).
        #expect(try CLI.rows(out).map { "\($0["interval_start"]!) \($0["calls"]!) \($0["aht_seconds"]!)" } == ["2026-11-16T06:00 1.00 166.67", "2026-11-16T09:00 2.00 166.67"])
    }

    @Test func badHistoriesExitWithTwoNamingFileLineAndColumn() throws {
        let log = "arrival,handle_seconds\n2026-11-02T09:05:00,100\n2026-11-09T09:05:00,100\n"
        let cases: [(String, [String], String)] = [
            ("arrival,handle_seconds\n2026-11-02T09:05:00,100\n2026-11-02T09:01:00,100\n", [], "history.csv:3: arrival: 2026-11-02T09:01:00 comes before the row above it"),
            (Self.counts.replacingOccurrences(of: "2026-11-09T09:00", with: "2026-11-02T10:00"), [], "history.csv:4: interval_start: 2026-11-02T10:00 is given twice"),
            ("arrival,handle_seconds\n2026-11-02T09:05:00,-5\n", [], "history.csv:2: handle_seconds: '-5' is not a number of seconds"),
            (log, ["--week", "2026-11-09"], "into the week to forecast"),
            (log, ["--weeks", "5"], "5 weeks were asked for, but the history starts on 2026-11-02"),
            ("arrival,handle_seconds\n2026-11-02T09:05:00,100\n", ["--callback-window", "30"], "history.csv:1: caller: removing callbacks needs the column caller"),
            (log, ["--acw", "9000"], "--acw must be a number of seconds from 0 to 7,200"),
        ]
        for (text, extra, message) in cases {
            let folder = try Self.write(text)
            defer { try? FileManager.default.removeItem(at: folder) }
            var arguments = ["forecast", folder.appendingPathComponent("history.csv").path, "--week", "2026-11-16", "--interval", "60", "--weeks", "2", "--out", folder.appendingPathComponent("out/forecast.csv").path]
            for index in stride(from: 0, to: extra.count, by: 2) {
                if let position = arguments.firstIndex(of: extra[index]) { arguments[position + 1] = extra[index + 1] } else { arguments += [extra[index], extra[index + 1]] }
            }
            let run = try CLI.run(arguments)
            #expect(run.status == 2, "\(message): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(message): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        }
    }
}

/// The forecast example with callers who hang up (Erlang A) and after-call work.
@Suite(.serialized) struct ErlangAScenarioTests {
    static func folder(staffing extra: String) throws -> URL {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let example = CLI.root.appendingPathComponent("examples/forecast-week")
        for name in ["agents.csv", "forecast.csv"] { try FileManager.default.copyItem(at: example.appendingPathComponent(name), to: folder.appendingPathComponent(name)) }
        let text = try String(contentsOf: example.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  max_occupancy: 0.85", with: "  max_occupancy: 0.85\n" + extra)
        try text.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: false, encoding: .utf8)
        return folder
    }

    @Test func abandonmentIsPlannedForAndReported() throws {
        let folder = try Self.folder(staffing: "  average_patience_seconds: 45\n  max_abandonment: 0.05\n  acw_seconds: 20")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--time-limit", "20"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("expected abandonment over the horizon (Erlang A, call-weighted)"))
        let requirements = try CLI.rows(out.appendingPathComponent("requirements.csv"))
        // Every interval's staffing keeps abandonment at most 5 % (Erlang A's own figure).
        #expect(!requirements.isEmpty && requirements.allSatisfy { Double($0["abandonment"]!)! <= 0.05 + 1e-4 })
        let coverage = try CLI.rows(out.appendingPathComponent("coverage.csv"))
        #expect(coverage.contains { !($0["abandonment"] ?? "").isEmpty })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let share = try #require(summary["expected_abandonment"] as? Double)
        #expect(share >= 0 && share <= 1)
    }

    @Test func badErlangASettingsExitWithTwo() throws {
        for (extra, message) in [
            ("  max_abandonment: 0.05", "staffing.max_abandonment: needs average_patience_seconds"),
            ("  average_patience_seconds: 0", "staffing.average_patience_seconds: must be a number of seconds from 1 to 3,600"),
            ("  acw_seconds: -3", "staffing.acw_seconds: must be a number of seconds from 0 to 7,200"),
        ] {
            let folder = try Self.folder(staffing: extra)
            defer { try? FileManager.default.removeItem(at: folder) }
            let run = try CLI.run(["solve", folder.appendingPathComponent("scenario.yaml").path, "--out", folder.appendingPathComponent("out").path])
            #expect(run.status == 2 && run.stderr.contains(message), "\(run.stderr)")
        }
    }
}
