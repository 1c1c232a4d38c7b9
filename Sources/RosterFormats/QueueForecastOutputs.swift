import Foundation
import Rostering

/// What a forecast per queue expects of a roster: per queue and interval the calls and the
/// service level of the agents allocated to the queue (coverage.csv's queue rows), and per
/// interval the calls summed and the queues' levels weighted by their calls (its total rows).
struct QueueForecastFigures {
    /// [queue][interval]: calls forecast, and the expected service level where calls are forecast.
    let calls: [[Int: Double]]
    let levels: [[Int: Double]]
    /// Per queue over the horizon: calls and the call-weighted service level.
    let overall: [(calls: Double, level: Double?)]

    /// Nil without forecasts per queue. The forecasts are in the order of the coverage rows' queues.
    init?(_ coverage: [IntervalCoverage], forecasts: [StaffingForecast]) {
        guard !forecasts.isEmpty, let first = coverage.first, first.byQueue.count == forecasts.count else { return nil }
        calls = forecasts.map { forecast in Dictionary(forecast.intervals.map { ($0.interval, $0.calls) }, uniquingKeysWith: +) }
        var levels: [[Int: Double]] = []
        var overall: [(calls: Double, level: Double?)] = []
        for (q, forecast) in forecasts.enumerated() {
            let expected = forecast.expectedServiceLevels(scheduled: coverage.map { $0.byQueue[q].staffed })
            levels.append(expected.perInterval)
            overall.append((forecast.intervals.reduce(0) { $0 + $1.calls }, expected.overall))
        }
        self.levels = levels
        self.overall = overall
    }

    /// A queue's calls and level in an interval, or with `queue` nil the interval's total.
    func totals(queue: Int?, interval: Int) -> (calls: Double?, level: Double?) {
        if let queue { return (calls[queue][interval], levels[queue][interval]) }
        var sum = 0.0, weighted = 0.0, any = false
        for q in calls.indices {
            guard let c = calls[q][interval] else { continue }
            any = true
            sum += c
            weighted += c * (levels[q][interval] ?? 0)
        }
        return any ? (sum, sum > 0 ? weighted / sum : nil) : (nil, nil)
    }

    func cells(queue: Int?, interval: Int) -> [CSVWriter.Cell] {
        let (c, level) = totals(queue: queue, interval: interval)
        return [.number(c.map(RosterOutputs.decimal) ?? ""), .number(level.map { String(format: "%.4f", $0) } ?? "")]
    }

    /// Over the horizon and every queue: calls and the call-weighted service level.
    var horizon: (calls: Double, level: Double?) {
        let calls = overall.reduce(0) { $0 + $1.calls }
        let weighted = overall.reduce(0) { $0 + $1.calls * ($1.level ?? 0) }
        return (calls, calls > 0 ? weighted / calls : nil)
    }
}

extension RosterOutputs {
    /// requirements.csv of a forecast per queue: the derived staffing of every queue, a row per
    /// queue and forecast interval with a `queue` column (the requirements input format).
    public static func derivedRequirementsCSV(perQueue forecasts: [StaffingForecast], problem: RosterProblem) -> String {
        let zone = problem.horizon.timeZone
        var rows: [(startText: String, staffing: IntervalStaffing)] = []
        var queueOfRow: [String] = []
        for (q, forecast) in forecasts.enumerated() where q < problem.queues.count {
            for entry in forecast.intervals {
                rows.append((zone.isoText(problem.horizon.intervalStart(entry.interval)), entry.staffing))
                queueOfRow.append(problem.queues[q])
            }
        }
        // One table, so that every row has the same columns (abandonment when any queue has it).
        return ForecastCSV.requirementsCSV(rows, queues: queueOfRow)
    }
}
