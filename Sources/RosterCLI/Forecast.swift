import ArgumentParser
import Foundation
import RosterFormats
import Rostering

/// `roster forecast HISTORY --week START --interval MINUTES --out forecast.csv`.
struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Forecast a week's calls per interval from past weeks (a call log or interval counts).",
        discussion: """
            Writes forecast.csv (interval_start,calls,aht_seconds) for the 7 days from --week: a weekday × \
            interval profile of the last --weeks weeks, its level and trend smoothed over the weekly \
            totals, planned at the mean, mean + k·σ or a quantile (--robust). With --backtest K, the \
            K weeks before --week are each forecast from the weeks before them and scored \
            (WAPE, and with a --service-level or --asa target the service level the staffing would \
            have reached), printed and written to backtest.csv beside --out.
            """)

    @Argument(help: "The history: a call log (arrival, handle_seconds[, outcome, wait_seconds, queue, caller]) or interval counts (interval_start,calls[,aht_seconds]).", completion: .file(extensions: ["csv"]))
    var history: String

    @Option(help: "First day of the week to forecast (YYYY-MM-DD), after the history.")
    var week: String

    @Option(help: "Interval length in minutes: 15, 30 or 60.")
    var interval: Int

    @Option(help: "The forecast CSV to write.", completion: .file(extensions: ["csv"]))
    var out: String

    @Option(help: "Past weeks to learn from (1–104).")
    var weeks: Int = 8

    @Option(help: "Calls to plan for: mean, sigma:K (mean + K standard deviations) or quantile:Q (0 < Q < 1).")
    var robust: String = "mean"

    @Option(help: "Only calls of this queue (call logs with a queue column).")
    var queue: String?

    @Option(name: .customLong("callback-window"), help: "Minutes: an abandoned call whose caller calls again within them is not counted (needs a caller column).")
    var callbackWindow: Int?

    @Option(help: "After-call work in seconds, added to every handle time.")
    var acw: Double = 0

    @Option(help: "Handle time in seconds where the history has none.")
    var aht: Double?

    @Option(help: "Weeks just before --week to hold out and backtest (0: none).")
    var backtest: Int = 0

    @Option(name: .customLong("service-level"), help: "Backtest target such as 80/20.")
    var serviceLevel: String?

    @Option(name: .customLong("asa"), help: "Backtest target average speed of answer in seconds (instead of --service-level).")
    var asa: Double?

    @Option(help: "Shrinkage for the backtest's staffing, in [0, 0.95].")
    var shrinkage: Double = 0

    @Option(help: "Opening hours HH:MM-HH:MM: calls outside them are reported (and still forecast).")
    var open: String?

    func validate() throws {
        guard [15, 30, 60].contains(interval) else { throw ValidationError("--interval must be 15, 30 or 60") }
        guard LocalDate(iso: week) != nil else { throw ValidationError("--week must be a date (YYYY-MM-DD)") }
        guard (1...104).contains(weeks) else { throw ValidationError("--weeks must be from 1 to 104") }
        guard (0...52).contains(backtest) else { throw ValidationError("--backtest must be from 0 to 52") }
        guard Self.robustness(robust) != nil else { throw ValidationError("--robust must be mean, sigma:K (0 ≤ K ≤ 10) or quantile:Q (0 < Q < 1)") }
        if let callbackWindow, !(1...1440).contains(callbackWindow) { throw ValidationError("--callback-window must be from 1 to 1,440 minutes") }
        if serviceLevel != nil && asa != nil { throw ValidationError("give at most one of --service-level and --asa") }
        try checkStaffingOptions(serviceLevel: serviceLevel, asa: asa, aht: aht, shrinkage: shrinkage, acw: acw)
        if let open, Self.hours(open) == nil { throw ValidationError("--open must look like 07:00-21:00") }
    }

    static func robustness(_ text: String) -> ForecastRobustness? {
        if text == "mean" { return .mean }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let value = Double(parts[1]), value.isFinite else { return nil }
        switch parts[0] {
        case "sigma" where (0...10).contains(value): return .sigmas(value)
        case "quantile" where value > 0 && value < 1: return .quantile(value)
        default: return nil
        }
    }

    static func hours(_ text: String) -> (from: Int, to: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let from = TimeOfDay(text: parts[0]) else { return nil }
        let to = parts[1] == "24:00" ? 1440 : TimeOfDay(text: parts[1])?.minutes
        guard let to, from.minutes < to else { return nil }
        return (from.minutes, to)
    }

    func run() throws {
        let start = LocalDate(iso: week)!
        let options = CallHistoryCSV.Options(intervalMinutes: interval, queue: queue, callbackWindowMinutes: callbackWindow)
        let read: CallHistoryCSV.Result
        do {
            read = CallHistoryCSV.read(text: try ScenarioLoader.readText(URL(fileURLWithPath: history), display: history), file: history, options: options)
        } catch {
            printProblems(error.errors, as: "error")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        guard read.errors.isEmpty else {
            printProblems(read.errors, as: "error")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let forecaster = WeeklyForecaster(weeks: weeks, robustness: Self.robustness(robust)!, acwSeconds: acw)
        let policy = (serviceLevel.flatMap(ForecastCSV.parseServiceLevel) ?? asa.map { .averageSpeedOfAnswer(seconds: $0) }).map { StaffingPolicy(target: $0, shrinkage: shrinkage) }
        let entries: [WeeklyForecaster.Entry]
        let tried: [ForecastBacktest.Week]
        do {
            entries = try forecaster.forecast(read.history, weekStart: start)
            tried = backtest > 0 ? try ForecastBacktest.run(read.history, before: start, forecaster: forecaster, weeks: backtest, policy: policy, defaultAHTSeconds: aht.map { $0 + acw }) : []
        } catch {
            printError("error: \(history): \(error.description)")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        if let missing = entries.first(where: { $0.ahtSeconds == nil }), aht == nil {
            printError("error: \(history): the history has no handle time (no answered call, or no aht_seconds) for \(start.adding(days: missing.day)); give --aht")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        var files = [((out as NSString).lastPathComponent, ForecastOutputs.forecastCSV(entries, start: start, intervalMinutes: interval, defaultAHTSeconds: aht.map { $0 + acw }))]
        if !tried.isEmpty { files.append(("backtest.csv", ForecastOutputs.backtestCSV(tried))) }
        let folder = (out as NSString).deletingLastPathComponent
        do {
            try AtomicWriter.write(files, into: folder.isEmpty ? "." : folder, set: "forecast")
        } catch {
            printError("error: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        print(ForecastOutputs.describe(entries, history: read.history, notes: read.notes, start: start, weeks: weeks, robust: robust, open: open.flatMap(Self.hours), backtest: tried))
        print("wrote \(out)\(tried.isEmpty ? "" : " and backtest.csv")")
    }
}
