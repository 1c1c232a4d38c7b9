import ArgumentParser
import Foundation
import GLPKBackend
import LinearProgramming
import RosterFormats
import Rostering

/// Exit codes of `roster`, documented in the README.
enum ExitStatus: Int32 {
    case success = 0
    case internalError = 1
    case badInput = 2
    case noFeasibleRoster = 3
    /// Ctrl-C before any roster existed (128 + SIGINT, as shells report it).
    case interrupted = 130
}

@main
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Shift scheduling and rostering for contact centers, solved with GLPK.",
        discussion: """
            Exit codes: 0 roster written (optimal or feasible), 2 bad input, \
            3 no feasible roster, 130 interrupted before the first roster, 1 internal error.
            """,
        version: "roster \(RosteringVersion.current) (GLPK \(GLPKSolver.version))",

        subcommands: [Solve.self, Validate.self, Requirements.self, Forecast.self, Export.self, Report.self, PreferencesCommand.self, Swap.self, ImportNRP.self, BenchNRP.self])

    /// Runs the command with the exit codes above; argument errors count as bad input (2).
    static func main() {
        if let problem = CommandNames.problem(in: Array(CommandLine.arguments.dropFirst()), root: Self.self) {
            printError("error: \(problem)")
            Foundation.exit(ExitStatus.badInput.rawValue)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let exitCode = Self.exitCode(for: error)
            if exitCode == .success {
                print(Self.fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((Self.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.badInput.rawValue)
        }
    }
}

/// Lines of problems on standard error, `label: problem`, at most `printedProblems` of them and
/// then how many more there are (a bad file of a million lines gives a page, not a million).
func printProblems(_ problems: [some CustomStringConvertible], as label: String) {
    for problem in problems.prefix(printedProblems) { printError("\(label): \(problem)") }
    if problems.count > printedProblems { printError("\(label): … and \(problems.count - printedProblems) more (\(problems.count) in all)") }
}

/// The most problems of one kind printed.
let printedProblems = 50

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Loads a scenario or exits with code 2 after printing every problem.
func loadScenarioOrExit(_ path: String) throws -> LoadedScenario {
    do {
        let scenario = try ScenarioLoader.load(path: path)
        printProblems(scenario.warnings, as: "warning")
        return scenario
    } catch {
        printProblems(error.errors, as: "error")
        printError("\(error.errors.count) problem(s) in the input; nothing was written.")
        throw ExitCode(ExitStatus.badInput.rawValue)
    }
}

/// Reads the roster.csv at `path` (with its breaks.csv and activities.csv) and checks it against
/// the scenario's rules, or exits with code 2 after printing every problem.
func readValidRosterOrExit(_ path: String, problem: RosterProblem) throws -> Roster {
    let roster: Roster
    switch Result(catching: { () throws(InputErrors) -> Roster in try BreaksCSV.readRoster(at: path, problem: problem) }) {
    case .success(let value):
        roster = value
    case .failure(let error):
        printProblems(error.errors, as: "error")
        printError("nothing was written.")
        throw ExitCode(ExitStatus.badInput.rawValue)
    }
    let violations = RosterValidator(problem: problem).violations(of: roster)
    guard violations.isEmpty else {
        printProblems(violations.map { "\(path): \($0)" }, as: "error")
        printError("the roster breaks the scenario's rules; nothing was written.")
        throw ExitCode(ExitStatus.badInput.rawValue)
    }
    return roster
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a scenario and the files it names, without solving.")

    @Argument(help: "The scenario file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String

    @Flag(name: .long, help: "Print the result as JSON on standard output (sizes, warnings, or every problem with file, line and field).")
    var json = false

    func run() throws {
        if json {
            let report: CommandJSON.Validation
            let failed: Bool
            do {
                let loaded = try ScenarioLoader.load(path: scenario)
                // The preference files the scenario names are inputs too.
                let preferences = loaded.preferencesPath == nil ? nil : loaded.readPreferences()
                if let preferences, !preferences.errors.isEmpty {
                    report = CommandJSON.Validation(scenario: scenario, errors: preferences.errors)
                    failed = true
                } else {
                    report = CommandJSON.Validation(scenario: scenario, problem: loaded.problem, warnings: loaded.warnings + (preferences?.warnings ?? []))
                    failed = false
                }
            } catch {
                report = CommandJSON.Validation(scenario: scenario, errors: error.errors)
                failed = true
            }
            print(try CommandJSON.text(report), terminator: "")
            if failed { throw ExitCode(ExitStatus.badInput.rawValue) }
            return
        }
        let loaded = try loadScenarioOrExit(scenario)
        let problem = try preferencesOrExit(loaded, skipInvalid: false)
        print("\(scenario): OK — \(problem.agents.count) agents, \(problem.horizon.days) days, "
            + "\(problem.horizon.intervalCount) intervals of \(problem.horizon.intervalMinutes) min, "
            + "\(problem.shifts.count) candidate shifts" + (problem.preferences.isEmpty ? "" : ", \(problem.preferences.count) preference files"))
    }
}

/// Writes one file whole at `path` (``AtomicWriter``: it appears complete or not at all), or
/// prints `error: <failure>: <reason>` and exits 1.
func writeFileOrExit(_ text: String, to path: String, failure: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try AtomicWriter.write([(url.lastPathComponent, text)], into: url.deletingLastPathComponent().path)
    } catch {
        printError("error: \(failure): \(error.localizedDescription)")
        throw ExitCode(ExitStatus.internalError.rawValue)
    }
}
