import ArgumentParser
import Foundation
import GLPKBackend
import LinearProgramming
import RosterFormats
import Rostering

/// Solves a generated contact-center week of a given size and reports how fast a roster, a 1 %
/// and a 0.1 % gap were reached, the final objective, bound and gap, and peak memory. Run one size
/// per process (so that peak memory is that size's); `make bench` runs them all.
@main
struct RosterBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster-bench", abstract: "Benchmark the optimizer on generated weeks.")

    @Option(help: "Size: S, M, L or XL (peak ≈ 15, 60, 250, 1000 agents needed).")
    var size: String = "S"

    @Option(help: "Strategy: patterns or exact.")
    var strategy: String = "patterns"

    @Option(name: .long, help: "Wall-clock limit in seconds.")
    var timeLimit: Double = 120

    @Option(name: .long, help: "Relative gap to stop at (default: prove optimality).")
    var gap: Double?

    @Flag(name: .long, help: "Generate the team without wishes.")
    var noWishes = false

    @Option(help: "Seed of the generated week (48 is the benchmark's).")
    var seed: UInt64 = 48

    @Option(help: "Rules: weekly (the contract only) or mixed (also at most 5 days in a row, days off two together, at most one working weekend).")
    var rules: String = "weekly"

    @Option(help: "Family: week (opening hours, the default), 24-7 (around the clock at 15-minute intervals, 600 agents, peak 275; --size is ignored) or 4-weeks (150 agents over four weeks with streak and weekend rules; --size and --rules are ignored).")
    var family: String = "week"

    @Option(help: "Minutes per interval and between shift starts of the week family: 30 (the default; 8, 6 and 4-h shifts) or 15 (4-9-h shifts).")
    var interval: Int = 30

    @Flag(name: .long, help: "Shifts take breaks placed by the optimizer (at 15-minute intervals the example week's three breaks; at 30 minutes an unpaid lunch for shifts of 6 h or more).")
    var breaks = false

    @Option(name: .long, help: "Queues (skills): 1 (the default) or more; with several, the requirement is split among them (with four 40, 30, 20 and 10 %) and 60 % of agents serve one queue, 30 % two and 10 % three.")
    var queues = 1

    @Flag(name: .long, help: "Print the solver's log and the search's stages on standard error.")
    var verbose = false

    @Option(name: .long, help: "Append the result to this CSV file.")
    var results: String?

    @Option(name: .long, help: "Write the full model as CPLEX LP to this file (for peer solvers) and exit.")
    var writeLp: String?

    @Flag(name: .long, help: "Re-roster: solve for --time-limit, publish that roster, take the middle day from 5 agents who work it, and re-roster against the published roster (10 per changed agent-day) for --time-limit again; the figures are the re-roster's.")
    var reroster = false

    @Option(name: .long, help: "Write the nurse-rostering instances listed in this CSV (instance,agents,weeks,seed) in the benchmark's format to --nrp-folder, and exit.")
    var nrpSeeds: String?

    @Option(name: .long, help: "Folder for --nrp-seeds' instances (InstanceN.txt), for roster bench-nrp.")
    var nrpFolder: String = "bench/nrp-generated"

    @Option(name: .long, help: "Write the solved roster's report.html (with its summary) to this file and print how long writing it took.")
    var report: String?

    @Option(name: .long, help: "Solve this scenario file (its problem, without preference files) instead of a generated week; its label is the file's folder.")
    var scenario: String?

    @Flag(name: .long, help: "With --write-lp: write the breaks enumerated per agent (a binary per agent, shift and placement) instead of counts per shift.")
    var explicitBreaks = false

    @Flag(name: .long, help: "Solve by the shifts-first baseline instead: shifts as if breaks took no coverage, then breaks placed with the shifts fixed (to measure what the joint model saves).")
    var shiftsFirst = false

    func run() throws {
        if let nrpSeeds { return try writeNurseRosteringInstances(listedIn: nrpSeeds) }
        let (problem, label, chosen) = try generatedProblem()
        if let writeLp {
            if let refusal = RosterFormulation.sizeRefusal(of: problem, limit: RosterFormulation.largestWrittenModel) { throw ValidationError("\(label): \(refusal)") }
            guard let formulation = explicitBreaks ? RosterFormulation(explicitBreaks: problem) : RosterFormulation(problem: problem) else {
                throw ValidationError("--explicit-breaks: the problem has activities, whose agents already have placements of their own")
            }
            try GLPKSolver().writeLP(formulation.model, to: writeLp)
            print("\(label): wrote \(formulation.model.variables.count) variables, \(formulation.model.constraints.count) rows to \(writeLp)")
            return
        }
        let events = Events()
        var options = SolverOptions(timeLimitSeconds: timeLimit, relativeGap: gap)
        options.progress = { events.record($0) }
        if verbose { options.log = { FileHandle.standardError.write(Data(("glpk: " + $0 + "\n").utf8)) } }
        let clock = ContinuousClock()
        let start = clock.now
        let optimizer = RosterOptimizer(solver: GLPKSolver())
        let solution = try shiftsFirst ? optimizer.solveShiftsFirst(problem, options: options) : optimizer.solve(problem, options: options, strategy: chosen)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let result = solution.solverResult
        // The final result counts as an event too (it may be proven only at the end).
        events.record(SolverProgress(elapsedSeconds: seconds, incumbent: result.objective, bound: result.bestBound))
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024
        func text(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "" }
        let row: [String] = [
            label, chosen.rawValue, String(problem.agents.count), String(solution.variableCount), String(solution.constraintCount),
            text(events.firstRoster), text(events.firstTime(gapAtMost: 0.01)), text(events.firstTime(gapAtMost: 0.001)),
            text(result.objective), text(result.bestBound), result.gap.map { String(format: "%.5f", $0) } ?? "",
            result.status.code, String(format: "%.3f", seconds), String(format: "%.1f", peakMB),
        ]
        let header = ["size", "strategy", "agents", "variables", "rows", "first_roster_s", "gap_1pct_s", "gap_0.1pct_s",
                      "objective", "bound", "gap", "status", "total_s", "peak_mb"]
        for (name, value) in zip(header, row) { print("\(name): \(value.isEmpty ? "–" : value)") }
        print("route: \(solution.route.used) (\(solution.route.reason))")
        let short = solution.coverage.reduce(0) { $0 + $1.under * ($1.end - $1.start) }
        print(String(format: "short_agent_hours: %.2f", Double(short) / 60))
        if let report, let roster = solution.roster {
            let written = clock.now
            let html = ReportHTML.render(ReportInput(
                problem: problem, roster: roster, coverage: solution.coverage,
                summaryJSON: try RosterOutputs.summaryJSON(RosterOutputs.summary(solution, solverName: "GLPK"))))
            try html.write(toFile: report, atomically: true, encoding: .utf8)
            let took = clock.now - written
            let tookSeconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
            print(String(format: "report: %.3f s, %d bytes, ", tookSeconds, html.utf8.count) + report)
        }
        print("full_model: " + (solution.fullModelSize.map { "\($0.variables) variables, \($0.constraints) rows, \($0.nonZeros) non-zeros" } ?? "too large to measure"))
        if let results { try append(row, header: header, to: results) }
    }

    /// The generated week the options describe (re-rostered after a first solve with
    /// `--reroster`), its label in results.csv, and the strategy.
    func generatedProblem() throws -> (RosterProblem, String, RosterStrategy) {
        if let scenario {
            guard let chosen = RosterStrategy(rawValue: strategy) else { throw ValidationError("strategy must be patterns or exact") }
            let loaded: LoadedScenario
            do { loaded = try ScenarioLoader.load(path: scenario) } catch { throw ValidationError("\(error)") }
            return (loaded.problem, URL(fileURLWithPath: loaded.path).deletingLastPathComponent().lastPathComponent, chosen)
        }
        guard let shape = WeekGenerator.Family(rawValue: family) else { throw ValidationError("family must be week, 24-7 or 4-weeks") }
        guard [15, 30].contains(interval) else { throw ValidationError("interval must be 15 or 30") }
        guard let sizePeak = WeekGenerator.sizes.first(where: { $0.name == size.uppercased() })?.peak else {
            throw ValidationError("size must be one of \(WeekGenerator.sizes.map(\.name).joined(separator: ", "))")
        }
        let peak = switch shape {
        case .aroundTheClock: WeekGenerator.aroundTheClockPeak
        case .fourWeeks: WeekGenerator.fourWeeksPeak
        case .week: sizePeak
        }
        let label = (shape == .week ? size.uppercased() + (interval == 15 ? "15" : "") : shape.rawValue) + (breaks ? "-breaks" : "") + (queues > 1 ? "-queues\(queues)" : "") + (reroster ? "-reroster" : "")
        guard let chosen = RosterStrategy(rawValue: strategy) else { throw ValidationError("strategy must be patterns or exact") }
        guard ["weekly", "mixed"].contains(rules) else { throw ValidationError("rules must be weekly or mixed") }
        var generator = WeekGenerator(
            peak: peak, seed: seed, wishes: !noWishes, horizonRules: rules == "mixed" ? WeekGenerator.mixedRules : nil, family: shape,
            intervalMinutes: interval)
        generator.breaks = breaks
        guard (1...20).contains(queues) else { throw ValidationError("queues must be from 1 to 20") }
        generator.queues = queues
        var problem = try generator.problem()
        if reroster {
            let first = try RosterOptimizer(solver: GLPKSolver()).solve(problem, options: SolverOptions(timeLimitSeconds: timeLimit, relativeGap: gap), strategy: chosen)
            guard let published = first.roster, let value = first.solverResult.objective else {
                throw ValidationError("the first solve found no roster to re-roster against")
            }
            print("published: \(String(format: "%.3f", value)) (\(first.solverResult.status.code))")
            problem = WeekGenerator.losingADay(problem, published: published, count: 5, weightPerChange: 10)
        }
        return (problem, label, chosen)
    }

    /// Appends a row to results.csv (with the header when the file is new).
    func append(_ row: [String], header: [String], to results: String) throws {
        let exists = FileManager.default.fileExists(atPath: results)
        let line = row.joined(separator: ",") + "\n"
        if exists, let handle = FileHandle(forWritingAtPath: results) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            handle.closeFile()
        } else {
            try (header.joined(separator: ",") + "\n" + line).write(toFile: results, atomically: true, encoding: .utf8)
        }
    }
}

/// Progress events of one solve.
final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [SolverProgress] = []

    func record(_ progress: SolverProgress) { lock.withLock { list.append(progress) } }

    var firstRoster: Double? { lock.withLock { list.first { $0.incumbent != nil }?.elapsedSeconds } }

    func firstTime(gapAtMost threshold: Double) -> Double? {
        lock.withLock { list.first { ($0.gap ?? 1) <= threshold + 1e-12 }?.elapsedSeconds }
    }
}

extension RosterBench {
    /// Writes one generated instance per row of the seeds file (header `instance,agents,weeks,seed`).
    func writeNurseRosteringInstances(listedIn path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard rows.first == "instance,agents,weeks,seed" else { throw ValidationError("\(path): the header must be instance,agents,weeks,seed") }
        // Every row is checked before any file is written.
        var instances: [(number: Int, generator: NurseRosteringGenerator)] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 4, let instance = fields[0], let agents = fields[1], let weeks = fields[2], let seed = fields[3],
                (1...9_999).contains(instance), NurseRosteringGenerator.agentRange.contains(agents),
                NurseRosteringGenerator.weekRange.contains(weeks), seed >= 0
            else {
                throw ValidationError("\(path), line \(offset + 2): expected instance 1–9999, agents 1–1000, weeks 1–52, seed ≥ 0")
            }
            instances.append((instance, NurseRosteringGenerator(agents: agents, weeks: weeks, seed: UInt64(seed))))
        }
        try FileManager.default.createDirectory(atPath: nrpFolder, withIntermediateDirectories: true)
        for (number, generator) in instances {
            let file = (nrpFolder as NSString).appendingPathComponent("Instance\(number).txt")
            try generator.text().write(toFile: file, atomically: true, encoding: .utf8)
            print("wrote \(file): \(generator.agents) agents, \(generator.weeks) weeks, seed \(generator.seed)")
        }
    }
}
