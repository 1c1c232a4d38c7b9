import ArgumentParser
import Foundation
import RosterFormats
import Rostering

struct Requirements: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a call forecast into required agents per interval (Erlang C, or Erlang A with --patience).",
        discussion: """
            Reads FORECAST (interval_start,calls[,aht_seconds]) and writes interval_start,required,\
            raw_agents,service_level,asa_seconds,occupancy: `required` is the agents to schedule \
            after shrinkage, `raw_agents` those needed on the phones.
            """)

    @Argument(help: "The forecast CSV file.", completion: .file(extensions: ["csv"]))
    var forecast: String

    @Option(help: "Interval length in minutes: 15, 30 or 60.")
    var interval: Int

    @Option(name: .customLong("service-level"), help: "Target such as 80/20: 80 % of calls answered within 20 seconds.")
    var serviceLevel: String?

    @Option(name: .customLong("asa"), help: "Target average speed of answer in seconds (instead of --service-level).")
    var asa: Double?

    @Option(help: "Average handle time in seconds for rows without aht_seconds.")
    var aht: Double?

    @Option(help: "Shrinkage in [0, 0.95]: the share of paid time not spent on calls.")
    var shrinkage: Double = 0

    @Option(name: .customLong("max-occupancy"), help: "Highest acceptable occupancy in [0.1, 1], e.g. 0.85.")
    var maxOccupancy: Double?

    @Option(help: "Callers' average patience in seconds: Erlang A (callers hang up) instead of Erlang C.")
    var patience: Double?

    @Option(name: .customLong("max-abandonment"), help: "With --patience: the highest share of calls that may hang up, e.g. 0.05.")
    var maxAbandonment: Double?

    @Option(help: "After-call work in seconds, added to every handle time.")
    var acw: Double = 0

    @Option(help: "The requirements CSV to write.", completion: .file(extensions: ["csv"]))
    var out: String

    func validate() throws {
        guard [15, 30, 60].contains(interval) else { throw ValidationError("--interval must be 15, 30 or 60") }
        guard (serviceLevel == nil) != (asa == nil) || (serviceLevel == nil && asa == nil && maxAbandonment != nil) else {
            throw ValidationError("give exactly one of --service-level and --asa (or, with --patience, --max-abandonment alone)")
        }
        try checkStaffingOptions(serviceLevel: serviceLevel, asa: asa, aht: aht, shrinkage: shrinkage, acw: acw)
        if let maxOccupancy, let problem = StaffingLimits.maxOccupancyProblem(maxOccupancy) { throw ValidationError("--max-occupancy " + problem) }
        if let patience, let problem = StaffingLimits.patienceProblem(patience) { throw ValidationError("--patience " + problem) }
        if let maxAbandonment {
            guard patience != nil else { throw ValidationError("--max-abandonment needs --patience") }
            if let problem = StaffingLimits.abandonmentProblem(maxAbandonment) { throw ValidationError("--max-abandonment " + problem) }
        }
    }

    func run() throws {
        let target = serviceLevel.flatMap(ForecastCSV.parseServiceLevel) ?? asa.map { .averageSpeedOfAnswer(seconds: $0) } ?? .abandonmentOnly
        var policy = StaffingPolicy(target: target, maxOccupancy: maxOccupancy, shrinkage: shrinkage, averagePatienceSeconds: patience, maxAbandonment: maxAbandonment)
        policy.acwSeconds = acw
        let text: String
        do {
            text = try ScenarioLoader.readText(URL(fileURLWithPath: forecast), display: forecast)
        } catch {
            printProblems(error.errors, as: "error")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let read = ForecastCSV.read(text: text, file: forecast, intervalMinutes: interval, defaultAHTSeconds: aht)
        let derived = ForecastCSV.staffing(read.rows, policy: policy, intervalMinutes: interval, file: forecast)
        let errors = read.errors + derived.errors
        guard errors.isEmpty else {
            printProblems(errors, as: "error")
            printError("\(errors.count) problem(s) in the input; nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        // A forecast per queue keeps its queue column (each queue staffed on its own, with these values).
        let perQueue = read.rows.contains { !$0.queue.isEmpty } ? read.rows.map(\.queue) : nil
        let csv = ForecastCSV.requirementsCSV(zip(read.rows, derived.staffing).map { ($0.startText, $1) }, queues: perQueue)
        try writeFileOrExit(csv, to: out, failure: "cannot write \(out)")
        let calls = read.rows.reduce(0) { $0 + $1.calls }
        let peak = derived.staffing.map(\.scheduledAgents).max() ?? 0
        print("\(forecast): \(read.rows.count) intervals, \(RosterFormats.decimalText(calls)) calls; peak \(peak) agents to schedule; wrote \(out)")
    }
}

/// The staffing options `requirements` and `forecast` share: a service-level or ASA target, a
/// default handle time, shrinkage and after-call work, each within StaffingLimits.
func checkStaffingOptions(serviceLevel: String?, asa: Double?, aht: Double?, shrinkage: Double, acw: Double) throws {
    if let serviceLevel, ForecastCSV.parseServiceLevel(serviceLevel) == nil {
        throw ValidationError("--service-level must look like 80/20 (80 % of calls within 20 seconds)")
    }
    if let asa, asa <= 0 || StaffingLimits.targetSecondsProblem(asa) != nil {
        throw ValidationError("--asa must be a number of seconds above 0 and at most 86,400")
    }
    if let aht, let problem = StaffingLimits.handleTimeProblem(aht) { throw ValidationError("--aht " + problem) }
    if let problem = StaffingLimits.shrinkageProblem(shrinkage) { throw ValidationError("--shrinkage " + problem) }
    if let problem = StaffingLimits.acwProblem(acw) { throw ValidationError("--acw " + problem) }
}
