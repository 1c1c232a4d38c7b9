import Rostering

/// A forecast per queue (forecast.csv with a `queue` column): each queue's calls staffed on their
/// own, with the queue's staffing values (`staffing: queues: <name>:` over the general ones).
extension ScenarioReader {
    /// The requirement per interval summed over the queues; sets ``queues`` and
    /// ``queueForecasts``. Errors name the file and line, and the queue.
    mutating func forecastPerQueue(_ rows: [ForecastCSV.Row], horizon: PlanningHorizon, file name: String) -> [Int] {
        var names: [String] = []
        for row in rows where !names.contains(row.queue) { names.append(row.queue) }
        guard names.count <= RequirementsCSV.mostQueues else {
            errors.append(InputError(file: name, field: "queue", message: "more than \(RequirementsCSV.mostQueues) queues"))
            return Array(repeating: 0, count: horizon.intervalCount)
        }
        if let unnamed = rows.first(where: { $0.queue.isEmpty }) {
            errors.append(InputError(file: name, line: unnamed.line, field: "queue", message: "empty: with a queue column every row names its queue"))
        }
        for queue in (file.staffing?.queues ?? [:]).keys.sorted() where !names.contains(queue) {
            errors.append(InputError(
                file: display, line: document.line(of: [.key("staffing"), .key("queues"), .key(queue)]), field: "staffing.queues.\(queue)",
                message: "'\(queue)' is not a queue of \(name) (\(names.joined(separator: ", ")))"))
        }
        var forecasts: [StaffingForecast] = []
        var required: [[Int]] = []
        for queue in names {
            var local: [InputError] = []
            let policy = ScenarioLoader.staffingPolicy(file.staffing?.forQueue(queue), document: document, errors: &local)
            errors += local.map { InputError(file: $0.file, line: $0.line, field: $0.field, message: "queue \(queue): \($0.message)") }
            let placed = ScenarioLoader.place(rows.filter { $0.queue == queue }, on: horizon, file: name)
            errors += placed.errors.map { InputError(file: $0.file, line: $0.line, field: $0.field, message: "\($0.message) (queue \(queue))") }
            guard let policy else { continue }
            let derived = ForecastCSV.staffing(placed.rows.map(\.row), policy: policy, intervalMinutes: horizon.intervalMinutes, file: name)
            errors += derived.errors
            guard derived.errors.isEmpty else { continue }
            let intervals = zip(placed.rows, derived.staffing).map { placedRow, staffing in
                ForecastInterval(interval: placedRow.interval, calls: placedRow.row.calls, ahtSeconds: placedRow.row.ahtSeconds, staffing: staffing)
            }
            let plan = StaffingForecast(policy: policy, intervalMinutes: horizon.intervalMinutes, intervals: intervals)
            forecasts.append(plan)
            required.append(plan.requirements(intervalCount: horizon.intervalCount))
        }
        guard forecasts.count == names.count else { return Array(repeating: 0, count: horizon.intervalCount) }
        queues = (names, required, name)
        queueForecasts = forecasts
        return (0..<horizon.intervalCount).map { t in required.reduce(0) { $0 + $1[t] } }
    }
}
