import Foundation
import RosterFormats
import Rostering

/// `roster-fuzz`: every reader of the tool's input formats fed mutated copies of real files, with
/// a fixed seed so a run can be repeated. A reader may reject an input (that is its job); it may
/// not crash, hang or trap. Before each case the input is written to `--crash-dir` (as
/// `current.<reader>.<ext>`), so that when the process dies `scripts/fuzz.sh` keeps it as the
/// reproducer. Usage: roster-fuzz [--cases N] [--seed S] [--root DIR] [--crash-dir DIR] [--only NAME]
struct Options {
    var cases = 300
    var seed: UInt64 = 20_261_129
    var root = "."
    var crashDir = ".build/fuzz"
    var only: String?

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch flag {
            case "--cases": cases = max(1, Int(value) ?? cases)
            case "--seed": seed = UInt64(value) ?? seed
            case "--root": root = value
            case "--crash-dir": crashDir = value
            case "--only": only = value
            default:
                FileHandle.standardError.write(Data("roster-fuzz: unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
    }
}

/// One reader under test: its seed files and how to feed it one input.
struct Harness {
    let name: String
    let fileExtension: String
    let seeds: [[UInt8]]
    let feed: ([UInt8]) -> Void
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let scratch: String
do { scratch = try AtomicWriter.makeTemporaryFolder(prefix: "roster-fuzz-") } catch {
    FileHandle.standardError.write(Data("roster-fuzz: \(error)\n".utf8))
    exit(1)
}
defer { try? FileManager.default.removeItem(atPath: scratch) }
try? FileManager.default.createDirectory(atPath: options.crashDir, withIntermediateDirectories: true)

let harnesses: [Harness]
do { harnesses = try makeHarnesses(root: options.root, scratch: scratch) } catch {
    FileHandle.standardError.write(Data("roster-fuzz: cannot read the seed files: \(error)\n".utf8))
    exit(1)
}

var random = SplitMix64(state: options.seed)
var total = 0
for harness in harnesses where options.only == nil || options.only == harness.name {
    var mutator = Mutator(random: SplitMix64(state: random.next()))
    let current = (options.crashDir as NSString).appendingPathComponent("current.\(harness.name).\(harness.fileExtension)")
    let start = Date()
    for index in 0..<options.cases {
        let input = index < harness.seeds.count ? harness.seeds[index] : mutator.mutate(harness.seeds[index % harness.seeds.count])
        _ = FileManager.default.createFile(atPath: current, contents: Data(input))
        harness.feed(input)
        total += 1
    }
    try? FileManager.default.removeItem(atPath: current)
    print(String(format: "fuzz %@: %d cases in %.1f s", harness.name, options.cases, Date().timeIntervalSince(start)))
}
// A crash never gets here; scripts/fuzz.sh reports it with the reproducer.
print("fuzz: \(total) passed, 0 failed")
