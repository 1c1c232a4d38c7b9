import Foundation
import Rostering

/// What `roster forecast` writes and prints.
public enum ForecastOutputs {
    /// forecast.csv: `interval_start,calls,aht_seconds` for every interval the forecast keeps
    /// open, in time order (local wall-clock starts). Calls and handle times with two decimals.
    public static func forecastCSV(_ entries: [WeeklyForecaster.Entry], start: LocalDate, intervalMinutes: Int, defaultAHTSeconds: Double?) -> String {
        var writer = CSVWriter(header: ["interval_start", "calls", "aht_seconds"])
        for entry in entries.sorted(by: { ($0.day, $0.slot) < ($1.day, $1.slot) }) {
            let local = LocalDateTime(date: start.adding(days: entry.day), minuteOfDay: entry.slot * intervalMinutes)
            writer.appendRow([.text(local.description), .number(String(format: "%.2f", entry.calls)), .number(String(format: "%.2f", entry.ahtSeconds ?? defaultAHTSeconds ?? 0))])
        }
        return writer.text
    }

    /// backtest.csv: per held-out week, a row per weekday (`Mon`…), one per interval of the day
    /// with calls (`09:30`: that interval over the week's days) and one for the whole week (`all`):
    /// `week_start,day,actual_calls,expected_calls,wape,service_level,intervals_below_target,intervals`
    /// (the last three on the whole-week row, with a target).
    public static func backtestCSV(_ weeks: [ForecastBacktest.Week]) -> String {
        var writer = CSVWriter(header: ["week_start", "day", "actual_calls", "expected_calls", "wape", "service_level", "intervals_below_target", "intervals"])
        func share(_ value: Double?) -> CSVWriter.Cell { .number(value.map { String(format: "%.4f", $0) } ?? "") }
        for week in weeks {
            for day in 0..<7 {
                writer.appendRow([.text(week.start.description), .text(week.start.adding(days: day).weekday.abbreviation), .text(""), .text(""), share(week.wapeByDay[day]), .text(""), .text(""), .text("")])
            }
            for (slot, wape) in week.wapeBySlot.enumerated() where wape != nil {
                let minute = slot * 1440 / week.wapeBySlot.count
                writer.appendRow([.text(week.start.description), .text(ReportCharts.clock(minute)), .text(""), .text(""), share(wape), .text(""), .text(""), .text("")])
            }
            writer.appendRow([
                .text(week.start.description), .text("all"), .number(String(format: "%.2f", week.actualCalls)), .number(String(format: "%.2f", week.forecastCalls)),
                share(week.wape), share(week.serviceLevel), .integer(week.intervalsBelowTarget), .integer(week.intervals),
            ])
        }
        return writer.text
    }

    /// The lines `roster forecast` prints: what was learnt from, the week's calls, the closed
    /// intervals, calls outside opening hours, and the backtest.
    public static func describe(
        _ entries: [WeeklyForecaster.Entry], history: CallHistory, notes: [String], start: LocalDate, weeks: Int, robust: String,
        open: (from: Int, to: Int)?, backtest: [ForecastBacktest.Week]
    ) -> String {
        let grid = history.intervalMinutes
        var lines = ["forecast for \(start) to \(start.adding(days: 6)) from \(weeks) week(s) (\(start.adding(days: -7 * weeks)) to \(start.adding(days: -1))): "
            + String(format: "%.1f calls expected, %.1f planned (%@)", entries.reduce(0) { $0 + $1.mean }, entries.reduce(0) { $0 + $1.calls }, robust)]
        lines += notes.map { "  " + $0 }
        if let patience = history.estimatedPatienceSeconds {
            lines.append(String(format: "  callers' average patience estimated from the log: %.0f s (%.0f hung up; seconds waited by all callers over those who hung up): staffing: average_patience_seconds", patience, history.abandonedCalls))
        }
        // Closed: intervals without a call in any of the weeks, as ranges per weekday.
        for day in 0..<7 {
            let openSlots = Set(entries.filter { $0.day == day }.map(\.slot))
            var ranges: [String] = []
            var slot = 0
            while slot < 1440 / grid {
                guard !openSlots.contains(slot) else { slot += 1; continue }
                let first = slot
                while slot < 1440 / grid, !openSlots.contains(slot) { slot += 1 }
                ranges.append("\(ReportCharts.clock(first * grid))–\(ReportCharts.clock(slot * grid))")
            }
            if !ranges.isEmpty { lines.append("  closed \(start.adding(days: day).weekday.abbreviation) (no call in any week): \(ranges.joined(separator: ", "))") }
        }
        if let open {
            let first = start.adding(days: -7 * weeks)
            var outside = 0.0, total = 0.0
            for offset in 0..<(7 * weeks) {
                for (slot, entry) in history.days[first.adding(days: offset)] ?? [:] {
                    total += entry.calls
                    if slot * grid < open.from || slot * grid >= open.to { outside += entry.calls }
                }
            }
            lines.append(String(format: "  %.0f of %.0f calls (%.1f %%) came outside the opening hours %@–%@; they are forecast too", outside, total, total > 0 ? 100 * outside / total : 0, ReportCharts.clock(open.from), ReportCharts.clock(open.to)))
        }
        for week in backtest {
            var line = "  backtest \(week.start): \(String(format: "%.0f", week.actualCalls)) calls came, \(String(format: "%.0f", week.forecastCalls)) expected, WAPE \(week.wape.map { String(format: "%.1f %%", $0 * 100) } ?? "–")"
            if let level = week.serviceLevel { line += String(format: "; the staffing would have reached %.1f %% (call-weighted), %d of %d intervals below target", level * 100, week.intervalsBelowTarget, week.intervals) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
