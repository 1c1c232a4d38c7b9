import ArgumentParser
import Foundation
import RosterFormats
import Rostering

struct PreferencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preferences", abstract: "Agents' preference files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a folder of preference files (or one file), e.g. before an agent submits it.")

        @Argument(help: "A preference file or a folder of them.", completion: .file(extensions: ["yaml", "yml", "json"]))
        var path: String

        @Option(name: .long, help: "Check against this scenario too: agents, dates in the horizon, interval grid, points budget, contract caps.", completion: .file(extensions: ["yaml", "yml", "json"]))
        var scenario: String?

        func run() throws {
            var context = PreferencesFile.Context(problem: nil, policy: .defaults)
            if let scenario {
                let loaded = try loadScenarioOrExit(scenario)
                context = .init(problem: loaded.problem, policy: loaded.preferencePolicy)
            }
            let result = PreferencesFile.read(path: path, context: context)
            printProblems(result.warnings, as: "warning")
            printProblems(result.errors, as: "error")
            let valid = result.preferences.count
            print("\(path): \(valid) valid preference file(s), \(result.invalidFiles.count) with errors, \(result.warnings.count) warning(s)")
            if !result.errors.isEmpty { throw ExitCode(ExitStatus.badInput.rawValue) }
        }
    }
}

/// Reads the scenario's preference files for a solve: with invalid files, stops (exit 2) unless
/// the planner asked to go on without those agents' wishes.
func preferencesOrExit(_ loaded: LoadedScenario, skipInvalid: Bool) throws -> RosterProblem {
    guard loaded.preferencesPath != nil else { return loaded.problem }
    let result = loaded.readPreferences()
    printProblems(result.warnings, as: "warning")
    if !result.errors.isEmpty {
        // Skipping one agent's file loses their wishes; skipping the whole folder would lose
        // everyone's hard unavailability, so that is never done.
        let skip = skipInvalid && !result.folderUnreadable
        printProblems(result.errors, as: skip ? "warning" : "error")
        if !skip {
            printError(result.folderUnreadable ? "the preferences folder cannot be read; nothing was written."
                : "\(result.invalidFiles.count) preference file(s) with errors; nothing was written (--skip-invalid-preferences goes on without them).")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        printError("going on without the wishes of \(result.invalidFiles.count) invalid file(s).")
    }
    return loaded.problem.with(preferences: result.preferences, policy: loaded.preferencePolicy)
}
