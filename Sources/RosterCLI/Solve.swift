import ArgumentParser
import Foundation
import GLPKBackend
import LinearProgramming
import RosterFormats
import Rostering

extension RosterStrategy: ExpressibleByArgument {}

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build and solve the roster of a scenario; write roster.csv, coverage.csv and summary.json.")

    @Argument(help: "The scenario file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String

    @Option(name: .long, help: "Output directory (created if missing).", completion: .directory)
    var out: String

    @Option(name: .long, help: "Wall-clock limit in seconds (default: the scenario's, else 300).")
    var timeLimit: Double?

    @Option(name: .long, help: "Stop at this relative gap, e.g. 0.01 (default: the scenario's, else prove optimality).")
    var gap: Double?

    @Option(name: .long, help: "Stop after this much work over the whole run: simplex iterations, plus the horizon search's pricing labels at 2,000 a unit. A budget that ends the same way on any machine (stop reason work_limit).")
    var workLimit: Int?

    @Option(name: .long, help: "Also write the model in CPLEX LP format to this file.", completion: .file(extensions: ["lp"]))
    var writeLp: String?

    @Option(name: .long, help: "Search strategy: patterns (pattern search by column generation; the default) or exact (the full model as it is).")
    var strategy: RosterStrategy = .patterns

    @Flag(name: .long, inversion: .prefixedNo, help: "Write calendars/<agent>.ics and calendars/team.ics.")
    var calendars = true

    @OptionGroup var calendarOptions: CalendarOptions

    @Option(name: .long, help: "The wish history ledger: read (if it exists) so that agents refused more in past weeks get priority, and rewritten with this week.", completion: .file(extensions: ["csv"]))
    var history: String?

    @Flag(name: .long, help: "With --published: keep every published shift the agent may still work (default: changes are only penalized).")
    var lockPublished = false

    @Flag(name: .long, help: "Go on without the wishes of agents whose preference file has errors (default: stop, exit 2).")
    var skipInvalidPreferences = false

    @Flag(name: .long, help: "Print GLPK's log and search progress on standard error.")
    var verbose = false

    @Flag(name: .long, help: "No progress line on standard error.")
    var quiet = false

    @Flag(name: .long, help: "Write the CSV files for spreadsheets: a UTF-8 byte order mark and CRLF line ends (default: plain UTF-8, LF).")
    var excel = false

    static let defaultTimeLimit = 300.0

    func validate() throws {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if let gap, !(gap.isFinite && gap >= 0 && gap < 1) {
            throw ValidationError("--gap must be a number in [0, 1)")
        }
        if let workLimit, !(1...1_000_000_000_000).contains(workLimit) {
            throw ValidationError("--work-limit must be a whole number of work units (simplex iterations) from 1 to 10^12")
        }
        if verbose && quiet {
            throw ValidationError("--verbose and --quiet contradict each other; give one of them")
        }
    }

    func run() throws {
        // --time-limit bounds the whole run: reading, solving and explaining.
        let runClock = ContinuousClock()
        let runStart = runClock.now
        let loaded = try loadScenarioOrExit(scenario)
        let (problem, ledger) = try problemWithHistoryAndPublished(loaded)
        // An output folder that cannot take the files is found now, not after the solve.
        do { try AtomicWriter.checkWritable(out) } catch {
            printError("error: --out \(error.localizedDescription)")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let solver = GLPKSolver()
        let optimizer = RosterOptimizer(solver: solver)
        let wallLimit = timeLimit ?? loaded.file.solver?.timeLimitSeconds ?? Self.defaultTimeLimit
        let options = solverOptions(loaded, timeLeft: max(0.1, wallLimit - runClock.duration(since: runStart)))
        let formulation = try fullModelIfAsked(problem, solver: solver)

        let solution: RosterSolution
        do {
            switch strategy {
            case .exact: solution = try optimizer.solve(formulation!, options: options)
            case .patterns: solution = try optimizer.solve(problem, options: options, strategy: strategy)
            }
        } catch {
            printError("error: \(error)")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        try exitUnlessSolved(solution, problem: problem, optimizer: optimizer)

        guard let roster = solution.roster else { throw ExitCode(ExitStatus.internalError.rawValue) }
        if !quiet && !verbose { ProgressLine.finish() }
        let summary = RosterOutputs.summary(solution, solverName: "GLPK \(GLPKSolver.version)", forecast: loaded.forecast, queueForecasts: loaded.queueForecasts)
        // Explanations get what is left of --time-limit, not time of their own.
        try writeOutputs(
            solution, roster: roster, summary: summary, loaded: loaded, problem: problem, solver: solver,
            timeLeft: { wallLimit - runClock.duration(since: runStart) })
        if let history, !problem.preferences.isEmpty {
            let text = HistoryLedger.updated(ledger, with: WishEvaluation.outcomes(of: roster, problem: problem), problem: problem)
            try writeFileOrExit(text, to: history, failure: "the roster was written, but the history ledger \(history) could not be")
        }
        let validator = RosterValidator(problem: problem)
        print(humanSummary(summary, changes: problem.published == nil ? nil : (validator.changedAgentDays(roster), validator.movedBreakDays(roster))))
    }

    /// The scenario's problem with its preference files, the wish history (`--history`) and the
    /// published roster to re-roster against (`--published`); and the history ledger's rows.
    /// Bad input exits 2 naming what is wrong.
    func problemWithHistoryAndPublished(_ loaded: LoadedScenario) throws -> (RosterProblem, [HistoryLedger.Row]) {
        var problem = try preferencesOrExit(loaded, skipInvalid: skipInvalidPreferences)
        var ledger: [HistoryLedger.Row] = []
        if let history {
            switch Result(catching: { () throws(InputErrors) -> [HistoryLedger.Row] in try HistoryLedger.read(path: history) }) {
            case .success(let rows): ledger = rows
            case .failure(let error):
                printProblems(error.errors, as: "error")
                printError("nothing was written.")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
            problem = problem.with(history: HistoryLedger.history(ledger, before: problem.horizon.startDate))
        }
        // Re-rostering: the published roster (if the folder has one) is what changes are counted against.
        guard let publishedFolder = calendarOptions.published else { return (problem, ledger) }
        let path = (publishedFolder as NSString).appendingPathComponent("roster.csv")
        if FileManager.default.fileExists(atPath: path) {
            switch Result(catching: { () throws(InputErrors) -> Roster in try BreaksCSV.readRoster(at: path, problem: problem) }) {
            case .success(let roster):
                problem = problem.with(
                    published: roster, weightPerChange: loaded.file.swaps?.changeWeight ?? 20,
                    weightPerBreakChange: loaded.file.swaps?.breakChangeWeight, weightPerActivityChange: loaded.file.swaps?.activityChangeWeight, lock: lockPublished)
            case .failure(let error):
                printProblems(error.errors, as: "error")
                printError("nothing was written.")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        } else if lockPublished {
            printError("error: --lock-published needs \(path)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        return (problem, ledger)
    }

    /// The solve's options: what is left of the time limit, the gap, the work limit, Ctrl-C, and
    /// the progress line or the verbose log.
    func solverOptions(_ loaded: LoadedScenario, timeLeft: Double) -> SolverOptions {
        var options = SolverOptions()
        options.timeLimitSeconds = timeLeft
        options.relativeGap = gap ?? loaded.file.solver?.relativeGap
        options.workMeter = workLimit.map { WorkMeter(budget: $0) }
        // Ctrl-C stops the search; the best roster found so far is written, marked as such.
        // (A parent may have left SIGINT blocked; a blocked signal would never arrive.)
        var interruptOnly = sigset_t()
        sigemptyset(&interruptOnly)
        sigaddset(&interruptOnly, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interruptOnly, nil)
        signal(SIGINT) { _ in interruptRequested = true }
        options.shouldStop = { interruptRequested }
        if !quiet && !verbose {
            let line = ProgressLine()
            options.progress = { line.show($0) }
        }
        if verbose {
            options.log = { printError("glpk: \($0)") }
            options.progress = { progress in
                let incumbent = progress.incumbent.map { String(format: "%.2f", $0) } ?? "none"
                let bound = progress.bound.map { String(format: "%.2f", $0) } ?? "none"
                let gap = progress.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "–"
                printError(String(format: "progress: %.1fs", progress.elapsedSeconds) + " best roster \(incumbent), bound \(bound), gap \(gap)")
            }
        }
        return options
    }

    /// The full model, built only when it is solved as it is (`--strategy exact`) or written out
    /// (`--write-lp`, written here), and only when it fits in memory (else exit 2 with the reason).
    func fullModelIfAsked(_ problem: RosterProblem, solver: GLPKSolver) throws -> RosterFormulation? {
        guard strategy == .exact || writeLp != nil else { return nil }
        let limit = strategy == .exact ? RosterFormulation.largestFullModel : RosterFormulation.largestWrittenModel
        if let refusal = RosterFormulation.sizeRefusal(of: problem, limit: limit) {
            let needs = strategy == .exact ? "--strategy exact needs it" : "--write-lp needs it"
            printError("error: \(refusal): \(needs) (the default strategy does not)")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let formulation = RosterFormulation(problem: problem)
        if let writeLp {
            do {
                try solver.writeLP(formulation.model, to: writeLp)
            } catch {
                printError("error: cannot write the LP file \(writeLp): \(error)")
                throw ExitCode(ExitStatus.internalError.rawValue)
            }
        }
        if verbose { printError("model: \(formulation.model.variables.count) variables, \(formulation.model.constraints.count) constraints") }
        return formulation
    }

    /// Exits with the reason when the solve gave no roster: no feasible roster (exit 3, naming
    /// the agents and hard activities that block), interrupted, stopped first, or a failure.
    func exitUnlessSolved(_ solution: RosterSolution, problem: RosterProblem, optimizer: RosterOptimizer) throws {
        let result = solution.solverResult
        switch result.status {
        case .optimal, .feasible:
            return
        case .infeasible:
            printError("No feasible roster: the agents' hard rules cannot all hold.")
            var quiet = SolverOptions()
            quiet.timeLimitSeconds = 30
            if let agents = try? optimizer.agentsWithConflictingRules(problem, options: quiet), !agents.isEmpty {
                for agent in agents {
                    printError("  - \(agent.id) (\(agent.name)): minimum \(hours(agent.minWeeklyMinutes)) h a week cannot be reached "
                        + "within \(agent.maxDaysPerWeek) days, the \(hours(agent.maxWeeklyMinutes)) h cap, \(hours(agent.minRestMinutes)) h rest, "
                        + "\(agent.unavailableDates.count) unavailable day(s)"
                        + (problem.preferences[agent.id].map { ", \($0.unavailable.count) unavailable window(s) from their preference file" } ?? "")
                        + (agent.rules.isEmpty ? "" : ", their rules over the horizon")
                        + (problem.activities.contains { $0.hard && $0.attendees.contains(agent.id) } ? ", their hard activities" : "") + " and the shift templates")
                }
            }
            if let blocking = try? optimizer.hardActivitiesThatCannotBePlaced(problem, options: quiet), !blocking.isEmpty {
                for activity in blocking {
                    printError("  - activity '\(activity.name)' is hard and cannot be placed together with the other rules; make it soft (hard: false), widen its window or lower its min_share")
                }
            }
            printError("nothing was written.")
            throw ExitCode(ExitStatus.noFeasibleRoster.rawValue)
        case .noSolutionFound(.interrupted):
            printError("Interrupted (Ctrl-C) before the first roster was found; nothing was written.")
            throw ExitCode(ExitStatus.interrupted.rawValue)
        case .noSolutionFound(let reason):
            printError("No roster found before the search stopped (\(reason.rawValue), after \(String(format: "%.1f", result.wallSeconds)) s). Allow more time with --time-limit.")
            printError("nothing was written.")
            throw ExitCode(ExitStatus.noFeasibleRoster.rawValue)
        case .unbounded, .failed:
            printError("error: the solver ended with '\(result.status.code)': \(result.solverMessage); nothing was written.")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }

    /// Every output file, written at once or not at all: the roster and its breaks and sessions,
    /// coverage, summary, derived requirements, calendars, changes, wish explanations (within
    /// `timeLeft()` seconds) and the report.
    func writeOutputs(
        _ solution: RosterSolution, roster: Roster, summary: RosterOutputs.Summary, loaded: LoadedScenario, problem: RosterProblem,
        solver: GLPKSolver, timeLeft: () -> Double
    ) throws {
        do {
            let summaryText = try RosterOutputs.summaryJSON(summary)
            var files = RosterOutputs.rosterFiles(roster, problem: problem) + [
                ("coverage.csv", RosterOutputs.coverageCSV(solution.coverage, problem: problem, forecast: loaded.forecast, queueForecasts: loaded.queueForecasts)),
                ("summary.json", summaryText),
            ]
            if let forecast = loaded.forecast {
                files.append(("requirements.csv", RosterOutputs.derivedRequirementsCSV(forecast, problem: problem)))
            } else if !loaded.queueForecasts.isEmpty {
                files.append(("requirements.csv", RosterOutputs.derivedRequirementsCSV(perQueue: loaded.queueForecasts, problem: problem)))
            }
            if calendars { files += try calendarOptions.calendarFiles(for: roster, problem: problem) }
            let changes = problem.published.map { RosterOutputs.changesCSV(from: $0, to: roster, problem: problem) }
            if let changes { files.append(("changes.csv", changes)) }
            var preferences: String?
            if !problem.preferences.isEmpty {
                let explanations = try WishExplainer(solver: solver, problem: problem).explain(roster, timeLimitSeconds: timeLeft(), shouldStop: { interruptRequested })
                let unexplained = explanations.filter { $0.reason == WishExplainer.notExplained }.count
                if unexplained > 0 { printError("warning: \(unexplained) refused wish(es) not explained: the time limit came first (preferences.csv says so)") }
                preferences = RosterOutputs.preferencesCSV(explanations, problem: problem)
                files.append(("preferences.csv", preferences!))
            }
            files.append(("report.html", ReportHTML.render(ReportInput(
                problem: problem, roster: roster, coverage: solution.coverage, summaryJSON: summaryText,
                forecast: loaded.forecast, preferencesCSV: preferences, changesCSV: changes))))
            try AtomicWriter.write(excel ? files.map(spreadsheetFriendly) : files, into: out, set: "solve")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("error: cannot write the outputs into \(out): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }

    func humanSummary(_ summary: RosterOutputs.Summary, changes: (days: Int, breaks: Int)?) -> String {
        let statusLine: String
        switch summary.status {
        case "optimal": statusLine = "optimal"
        case _ where summary.stopReason == "interrupted":
            let gap = summary.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown"
            statusLine = "interrupted (Ctrl-C): the best roster found so far, gap \(gap)"
        default:
            let gap = summary.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown"
            statusLine = "feasible, not proven optimal (stopped: \(summary.stopReason ?? "?"); gap \(gap))"
        }
        let objective = summary.objective.map { String(format: "%.2f", $0) } ?? "–"
        let bound = summary.bestBound.map { String(format: "%.2f", $0) } ?? "–"
        return """
            \(summary.scenario): \(statusLine)
              objective \(objective), best bound \(bound), solved in \(String(format: "%.1f", summary.solveSeconds)) s with \(summary.solver) (\(summary.strategy["used"] ?? "?"): \(summary.strategy["reason"] ?? ""))
            """ + staffingLines(summary) + (summary.expectedServiceLevel.map { String(format: "\n  expected service level over the horizon (call-weighted): %.1f%%", $0 * 100) } ?? "")
            + (summary.expectedAbandonment.map { String(format: "\n  expected abandonment over the horizon (Erlang A, call-weighted): %.1f%%", $0 * 100) } ?? "")
            + (summary.wishes.map { String(format: "\n  wishes granted: %d of %d; share of wish points granted per agent: min %.0f%%, mean %.0f%%, max %.0f%%", $0.granted, $0.total, $0.pointsGrantedShareMin * 100, $0.pointsGrantedShareMean * 100, $0.pointsGrantedShareMax * 100) } ?? "")
            + (summary.activities.map { list in "\n  activities: " + list.map { "\($0.name) \($0.placed) of \($0.placed + $0.missed) placed" }.joined(separator: "; ") } ?? "")
            + "\n  wrote roster.csv, \(summary.breaks == nil ? "" : "breaks.csv, ")\(summary.activities == nil ? "" : "activities.csv, ")\(summary.queues == nil ? "" : "queues.csv, ")coverage.csv, summary.json, report.html\(summary.forecastCalls == nil ? "" : ", requirements.csv")\(summary.wishes == nil ? "" : ", preferences.csv")\(changes.map { ", changes.csv (\($0.days) changed agent-days\($0.breaks > 0 ? ", \($0.breaks) with breaks moved" : ""))" } ?? "")\(calendars ? ", calendars/" : "") to \(out)"
    }
}

/// A file as `--excel` writes it: CSV files with a byte order mark and CRLF, others unchanged.
func spreadsheetFriendly(_ file: (name: String, contents: String)) -> (name: String, contents: String) {
    file.name.hasSuffix(".csv") ? (file.name, CSVWriter.spreadsheetFriendly(file.contents)) : file
}

/// The summary's staffing lines: shifts and paid hours, then interval staffing and/or the
/// day-level requirements, whichever the scenario staffs by.
func staffingLines(_ summary: RosterOutputs.Summary) -> String {
    var text = "\n  \(summary.shifts) shifts for \(summary.agentsWithShifts) of \(summary.agents) agents, \(hours(summary.paidHours)) paid hours"
    if let required = summary.requiredAgentHours, let under = summary.underStaffedIntervals, let underHours = summary.underStaffedAgentHours,
        let over = summary.overStaffedIntervals, let overHours = summary.overStaffedAgentHours
    {
        text += " for \(hours(required)) required agent-hours"
        text += "\n  under-staffed: \(under) intervals (\(hours(underHours)) agent-hours); over-staffed: \(over) intervals (\(hours(overHours)) agent-hours)"
    }
    if let demands = summary.shiftDemands {
        text += "\n  staffed by shift template and day: \(demands.requirements) requirements for \(demands.requiredShifts) agent-shifts; "
            + "short: \(demands.underStaffedRequirements) (\(demands.underStaffedShifts) agent-shifts); "
            + "over: \(demands.overStaffedRequirements) (\(demands.overStaffedShifts) agent-shifts)"
    }
    return text
}

func hours(_ minutes: Int) -> String { hours(Double(minutes) / 60) }

func hours(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
}

extension ContinuousClock {
    /// Seconds since `start`.
    func duration(since start: Instant) -> Double {
        let parts = (now - start).components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Set by the SIGINT handler; read by the search.
nonisolated(unsafe) var interruptRequested = false

/// A progress line on standard error for solves longer than a second: updated in place on a
/// terminal, plain lines (on a new best roster, or every 5 s) otherwise.
final class ProgressLine: @unchecked Sendable {
    static let isTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    nonisolated(unsafe) static var shown = false
    private var lastPrinted = -10.0
    private var lastIncumbent: Double?

    func show(_ progress: SolverProgress) {
        guard progress.elapsedSeconds >= 1 else { return }
        let incumbent = progress.incumbent.map { String(format: "%.2f", $0) } ?? "none yet"
        let bound = progress.bound.map { String(format: "%.2f", $0) } ?? "–"
        let gap = progress.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "–"
        let text = String(format: "%6.1fs", progress.elapsedSeconds) + "  best roster \(incumbent)  bound \(bound)  gap \(gap)"
        if Self.isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            Self.shown = true
        } else if progress.incumbent != lastIncumbent || progress.elapsedSeconds - lastPrinted >= 5 {
            printError("progress: " + text)
            lastPrinted = progress.elapsedSeconds
        }
        lastIncumbent = progress.incumbent
    }

    /// Ends an in-place line so that what follows starts on its own line.
    static func finish() {
        if isTerminal && shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
