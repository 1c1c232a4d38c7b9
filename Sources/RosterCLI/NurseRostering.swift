import ArgumentParser
import Foundation
import GLPKBackend
import LinearProgramming
import RosterFormats
import Rostering

/// Reads a benchmark instance or exits with code 2 after printing its problems.
func readInstanceOrExit(_ path: String) throws -> NurseRosteringInstance {
    let text: String
    do { text = try ScenarioLoader.readText(URL(fileURLWithPath: path), display: path) } catch {
        printProblems(error.errors, as: "error")
        throw ExitCode(ExitStatus.badInput.rawValue)
    }
    do { return try NurseRosteringInstance.parse(text: text, file: path) } catch {
        printProblems(error.errors, as: "error")
        printError("\(error.errors.count) problem(s) in the instance; nothing was written.")
        throw ExitCode(ExitStatus.badInput.rawValue)
    }
}

struct ImportNRP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-nrp",
        abstract: "Convert a Curtois & Qu shift scheduling benchmark instance into a scenario folder.",
        discussion: "Writes scenario.yaml, agents.csv, shift_requirements.csv and shift_requests.csv into the folder.")

    @Argument(help: "The instance file (InstanceN.txt).", completion: .file(extensions: ["txt"]))
    var instance: String

    @Option(name: .long, help: "Output folder (created if missing).", completion: .directory)
    var out: String

    func run() throws {
        let parsed = try readInstanceOrExit(instance)
        let name = ((instance as NSString).lastPathComponent as NSString).deletingPathExtension
        do {
            try AtomicWriter.write(parsed.scenarioFiles(name: name), into: out, set: "import-nrp")
        } catch {
            printError("error: cannot write into \(out): \(error)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        print("\(instance): \(parsed.employees.count) employees, \(parsed.days) days, \(parsed.shiftTypes.count) shift types → \(out)/scenario.yaml")
    }
}

struct BenchNRP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-nrp",
        abstract: "Solve benchmark instances through their converted scenarios and compare with the best-known values.",
        discussion: """
            Each InstanceN.txt of the folder is converted as import-nrp does, loaded as a scenario, \
            solved, checked by the roster validator and by the benchmark's own rules, and its \
            objective recomputed as the benchmark defines it, beside best-known.csv.
            """)

    @Argument(help: "Folder with InstanceN.txt files and best-known.csv.", completion: .directory)
    var folder: String

    @Option(name: .long, help: "Seconds per instance.")
    var timeLimit: Double = 60

    @Option(name: .long, help: "Work per instance (simplex iterations plus pricing labels at 2,000 a unit): with a time limit that does not bind, the same results on any machine.")
    var workLimit: Int?

    @Option(name: .long, parsing: .upToNextOption, help: "Instance numbers to run (default: every instance in the folder).")
    var instances: [Int] = []

    @Option(name: .long, help: "Also write the results as CSV to this file.", completion: .file(extensions: ["csv"]))
    var results: String?

    @Option(name: .long, help: "Search strategy (patterns or exact).")
    var strategy: RosterStrategy = .patterns

    @Flag(name: .long, help: "Print the search's log on standard error.")
    var verbose = false

    func validate() throws {
        guard timeLimit.isFinite, timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let workLimit, !(1...1_000_000_000_000).contains(workLimit) {
            throw ValidationError("--work-limit must be a whole number of work units from 1 to 10^12")
        }
    }

    func run() throws {
        let manager = FileManager.default
        var best: [String: Int] = [:]
        let bestPath = (folder as NSString).appendingPathComponent("best-known.csv")
        if let text = try? String(contentsOfFile: bestPath, encoding: .utf8), let table = try? CSVTable(text: text, file: bestPath) {
            for record in table.records where record.fields.count >= 2 { best[record.fields[0]] = Int(record.fields[1]) }
        }
        var names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("Instance") && $0.hasSuffix(".txt") }
            .map { ($0 as NSString).deletingPathExtension }
        let number = { (name: String) in Int(name.dropFirst("Instance".count)) ?? 0 }
        names.sort { number($0) < number($1) }
        if !instances.isEmpty { names = names.filter { instances.contains(number($0)) } }
        guard !names.isEmpty else {
            printError("error: \(folder): no InstanceN.txt files\(instances.isEmpty ? "" : " with the numbers given")")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let scratch = try AtomicWriter.makeTemporaryFolder(prefix: "roster-bench-nrp-")
        defer { try? manager.removeItem(atPath: scratch) }

        print("instance   agents days  objective  best-known  vs best   bound      status          last improvement  total")
        var csv = "instance,agents,days,objective,best_known,relative_to_best,bound,status,seconds_to_last_improvement,seconds,benchmark_violations\n"
        var failures = 0
        for name in names {
            let instance = try readInstanceOrExit((folder as NSString).appendingPathComponent("\(name).txt"))
            let directory = (scratch as NSString).appendingPathComponent(name)
            try AtomicWriter.write(instance.scenarioFiles(name: name), into: directory)
            let loaded = try loadScenarioOrExit((directory as NSString).appendingPathComponent("scenario.yaml"))
            var options = SolverOptions(timeLimitSeconds: timeLimit)
            options.workMeter = workLimit.map { WorkMeter(budget: $0) }
            var lastImprovement = 0.0
            var lastValue = Double.infinity
            let record = { (progress: SolverProgress) in
                if let incumbent = progress.incumbent, incumbent < lastValue - 1e-9 {
                    lastValue = incumbent
                    lastImprovement = progress.elapsedSeconds
                }
            }
            options.progress = record
            if verbose { options.log = { printError("\(name): \($0)") } }
            let solution: RosterSolution
            do {
                solution = try RosterOptimizer(solver: GLPKSolver()).solve(loaded.problem, options: options, strategy: strategy)
            } catch {
                printError("error: \(name): \(error)")
                failures += 1
                continue
            }
            let result = solution.solverResult
            guard let roster = solution.roster, let objective = result.objective else {
                // A limit that ends the run before any roster is a result to report (with the
                // bound, if any), not a failure; infeasibility of a benchmark instance is.
                print("\(name): no roster (\(result.status.code)) after \(String(format: "%.1f", result.wallSeconds)) s, bound \(result.bestBound.map { decimalText($0) } ?? "–")")
                csv += "\(name),\(loaded.problem.agents.count),\(instance.days),,\(best[name].map(String.init) ?? ""),,"
                    + "\(result.bestBound.map { decimalText($0) } ?? ""),\(result.status.code),," + String(format: "%.2f", result.wallSeconds) + ",\n"
                if case .noSolutionFound = result.status {} else { failures += 1 }
                continue
            }
            let assignment = instance.assignment(of: roster, problem: loaded.problem)
            let violations = instance.violations(of: assignment)
            let benchmarkObjective = instance.objective(of: assignment)
            if violations.isEmpty == false || Double(benchmarkObjective) != objective.rounded() || abs(objective - objective.rounded()) > 1e-6 {
                printError("error: \(name): the benchmark's check disagrees (objective \(benchmarkObjective) vs ours \(objective); \(violations.count) violation(s))")
                for violation in violations.prefix(10) { printError("  - \(violation)") }
                failures += 1
            }
            let known = best[name]
            let relative = known.map { Double(benchmarkObjective - $0) / Double($0) }
            let bound = result.bestBound.map { decimalText($0) } ?? "–"
            let line = [
                name.padding(toLength: max(10, name.count), withPad: " ", startingAt: 0),
                String(loaded.problem.agents.count).leftPadded(6), String(instance.days).leftPadded(4),
                String(benchmarkObjective).leftPadded(10), (known.map(String.init) ?? "–").leftPadded(11),
                (relative.map { String(format: "%+.2f%%", $0 * 100) } ?? "–").leftPadded(8),
                bound.leftPadded(8), "  " + result.status.code.padding(toLength: 16, withPad: " ", startingAt: 0),
                String(format: "%8.1f s", min(lastImprovement, result.wallSeconds)).leftPadded(17), String(format: "%6.1f s", result.wallSeconds),
            ].joined(separator: " ")
            print(line)
            csv += "\(name),\(loaded.problem.agents.count),\(instance.days),\(benchmarkObjective),\(known.map(String.init) ?? ""),"
                + "\(relative.map { String(format: "%.6f", $0) } ?? ""),\(result.bestBound.map { decimalText($0) } ?? ""),\(result.status.code),"
                + String(format: "%.2f,%.2f", min(lastImprovement, result.wallSeconds), result.wallSeconds) + ",\(violations.count)\n"
        }
        if let results {
            let folderPath = (results as NSString).deletingLastPathComponent
            try AtomicWriter.write([((results as NSString).lastPathComponent, csv)], into: folderPath.isEmpty ? "." : folderPath)
        }
        if failures > 0 { throw ExitCode(ExitStatus.internalError.rawValue) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
