import ArgumentParser
import Foundation
import Rostering
import RosterFormats

/// `roster report OUT_DIR --scenario S`: rebuilds report.html from an output folder.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write OUT_DIR/report.html from the outputs of roster solve or roster swap in OUT_DIR.",
        discussion: "Reads roster.csv (with breaks.csv and activities.csv where the scenario has them), and summary.json, preferences.csv, swaps.csv and changes.csv where present. The roster is checked against the scenario first.")

    @Argument(help: "The output folder of roster solve or roster swap.", completion: .directory)
    var folder: String

    @Option(name: .long, help: "The scenario the roster belongs to.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String

    func run() throws {
        let loaded = try loadScenarioOrExit(scenario)
        let problem = loaded.problem
        let rosterPath = (folder as NSString).appendingPathComponent("roster.csv")
        let roster = try readValidRosterOrExit(rosterPath, problem: problem)
        func text(_ name: String) -> String? {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try? ScenarioLoader.readText(URL(fileURLWithPath: path), display: path)
        }
        let input = ReportInput(
            problem: problem, roster: roster, coverage: problem.coverage(of: roster), summaryJSON: text("summary.json"), forecast: loaded.forecast,
            preferencesCSV: text("preferences.csv"), swapsCSV: text("swaps.csv"), changesCSV: text("changes.csv"))
        do {
            try AtomicWriter.write([("report.html", ReportHTML.render(input))], into: folder, set: "report")
        } catch {
            printError("error: cannot write into \(folder): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        print("wrote report.html for \(roster.assignments.count) shifts to \(folder)")
    }
}
