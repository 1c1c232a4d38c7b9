import ArgumentParser
import Foundation
import GLPKBackend
import RosterFormats
import Rostering

struct Swap: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide shift swap requests against a published roster; write the updated roster, coverage, calendars and decisions.")

    @Option(name: .long, help: "The published output folder (its roster.csv, and calendars/ for SEQUENCE updates).", completion: .directory)
    var published: String

    @Option(name: .long, help: "The requests (swaps.csv).", completion: .file(extensions: ["csv"]))
    var requests: String

    @Option(name: .long, help: "The scenario the roster belongs to.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String

    @Option(name: .long, help: "Output folder for the updated roster, coverage, calendars and swaps.csv.", completion: .directory)
    var out: String

    @Option(name: .long, help: "The append-only decision log (default: OUT/swaps-log.csv).", completion: .file(extensions: ["csv"]))
    var log: String?

    @Option(name: .long, help: "DTSTAMP of the calendar events (see roster solve --now).")
    var now: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Write calendars/ (changed shifts keep their UID with SEQUENCE raised).")
    var calendars = true

    @Flag(name: .long, help: "Print the decisions as JSON on standard output instead of lines of text.")
    var json = false

    @Flag(name: .long, help: "Write roster.csv, coverage.csv and swaps.csv for spreadsheets: a UTF-8 byte order mark and CRLF line ends (the log stays plain).")
    var excel = false

    func run() throws {
        let loaded = try loadScenarioOrExit(scenario)
        let problem = try preferencesOrExit(loaded, skipInvalid: false)
        let zone = problem.horizon.timeZone
        let rosterPath = (published as NSString).appendingPathComponent("roster.csv")
        let inputs: (roster: Roster, requests: [SwapRequest], hash: String)
        switch Result(catching: { () throws(InputErrors) -> (Roster, [SwapRequest], String) in
            let rosterText = try ScenarioLoader.readText(URL(fileURLWithPath: rosterPath), display: rosterPath)
            let breaksPath = ((rosterPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("breaks.csv")
            let breaksText = problem.breakRules.isEmpty ? "" : (try? ScenarioLoader.readText(URL(fileURLWithPath: breaksPath), display: breaksPath)) ?? ""
            let activitiesPath = ((rosterPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("activities.csv")
            let activitiesText = problem.hasActivities ? (try? ScenarioLoader.readText(URL(fileURLWithPath: activitiesPath), display: activitiesPath)) ?? "" : ""
            let requestsText = try ScenarioLoader.readText(URL(fileURLWithPath: requests), display: requests)
            let scenarioText = try ScenarioLoader.readText(URL(fileURLWithPath: loaded.path), display: scenario)
            let roster = try BreaksCSV.readRoster(at: rosterPath, problem: problem)
            let parsed = try SwapsCSV.read(text: requestsText, file: requests, timeZone: zone)
            let hash = SwapsCSV.inputsHash([Data(scenarioText.utf8), Data(rosterText.utf8), Data(requestsText.utf8)] + (breaksText.isEmpty ? [] : [Data(breaksText.utf8)]) + (activitiesText.isEmpty ? [] : [Data(activitiesText.utf8)]))
            return (roster, parsed, hash)
        }) {
        case .success(let value): inputs = value
        case .failure(let error):
            printProblems(error.errors, as: "error")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        // The audit log is locked (another swap run on it waits) and its hash chain checked
        // before anything is decided.
        let logPath = log ?? (out as NSString).appendingPathComponent("swaps-log.csv")
        let swapLog: SwapsLog
        do { swapLog = try SwapsLog(path: logPath) } catch {
            printProblems(error.errors, as: "error")
            printError("nothing was decided or written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let solver = GLPKSolver()
        let tolerance = loaded.file.swaps?.coverageToleranceAgentHours ?? 0
        let decider = SwapDecider(problem: problem, solver: solver, coverageToleranceAgentHours: tolerance)
        let (decisions, roster) = try decider.decide(inputs.requests, roster: inputs.roster)
        // The updated roster is checked like every roster this tool writes.
        let violations = RosterValidator(problem: problem).violations(of: roster)
        let before = Set(RosterValidator(problem: problem).violations(of: inputs.roster).map(\.description))
        let added = violations.filter { !before.contains($0.description) }
        guard added.isEmpty else {
            added.forEach { printError("internal error: \($0)") }
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        let coverage = problem.coverage(of: roster)
        let swapsText = SwapsCSV.decisionsCSV(decisions, timeZone: zone)
        var files = RosterOutputs.rosterFiles(roster, problem: problem) + [
            ("coverage.csv", RosterOutputs.coverageCSV(coverage, problem: problem, forecast: loaded.forecast, queueForecasts: loaded.queueForecasts)), ("swaps.csv", swapsText),
            ("report.html", ReportHTML.render(ReportInput(problem: problem, roster: roster, coverage: coverage, forecast: loaded.forecast, swapsCSV: swapsText))),
        ]
        if calendars {
            if let now, (try? CalendarOptions.instant(now)) == nil {
                printError("error: --now must be a date-time with a UTC offset, e.g. 2026-11-20T08:00:00Z")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
            files += try publishCalendars(for: roster, problem: problem, published: published, now: now)
        }
        // The decisions go into the audit log first, then the outputs appear.
        let head: String
        do {
            head = try swapLog.append(decisions, inputsHash: inputs.hash, timeZone: zone)
            try AtomicWriter.write(excel ? files.map(spreadsheetFriendly) : files, into: out, set: "swap")
        } catch {
            printError("error: cannot write into \(out): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        if json {
            let report = CommandJSON.SwapReport(decisions: decisions, timeZone: zone, out: out, log: logPath, logHead: head, files: files.map(\.name))
            print(try CommandJSON.text(report), terminator: "")
            return
        }
        for decision in decisions {
            let taker = decision.request.kind == .trade ? "" : decision.taker.map { " (\($0) takes it)" } ?? ""
            let verdict = decision.approved ? "approved" + taker : "rejected: " + decision.reasons.joined(separator: "; ")
            print("\(decision.request.id) \(decision.request.kind.rawValue) by \(decision.request.requester): \(verdict)")
        }
        print("\(decisions.filter(\.approved).count) of \(decisions.count) requests approved; wrote roster.csv, \(problem.breakRules.isEmpty ? "" : "breaks.csv, ")\(problem.hasActivities ? "activities.csv, " : "")coverage.csv, swaps.csv, report.html\(calendars ? ", calendars/" : "") to \(out)")
        print("appended to \(logPath); its head row_sha256 is \(head)")
    }
}
