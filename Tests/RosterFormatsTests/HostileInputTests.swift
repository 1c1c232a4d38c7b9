import Foundation
@testable import RosterFormats
import Rostering
import Testing

/// Inputs an adversary writes (issue 13): each was a crash or a silent wrong answer before.
@Suite struct HostileInputTests {
    /// 5,000 nested brackets overflowed the parser's stack (SIGSEGV); now exit-2 material.
    @Test func deepFlowNestingIsAnErrorNotACrash() throws {
        var folder = ScenarioFolder()
        folder.scenario = "name: x\nhorizon: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let errors = try folder.errors()
        #expect(errors.count == 1 && errors[0].line == 2 && errors[0].message.contains("at most 64"), "\(errors)")
    }

    @Test func deepBlockNestingIsAnErrorNotACrash() throws {
        var folder = ScenarioFolder()
        folder.scenario = "a:\n" + (1..<3_000).map { String(repeating: " ", count: $0) + "- \n" }.joined()
        let errors = try folder.errors()
        // Line k is indented k − 1 spaces under k − 1 others and opens one more: 65 levels at line 64.
        #expect(errors.count == 1 && errors[0].line == 64, "\(errors)")
        var compact = ScenarioFolder()
        compact.scenario = "a:\n  " + String(repeating: "- ", count: 100) + "x\n"
        #expect(try compact.errors().first?.message.contains("levels deep") == true)
    }

    /// The depth measure: three indentations, a dash and three brackets make 7 on line 3 (it
    /// counts a dash on its own indentation once more than a parser nests: conservative); quotes
    /// and comments do not count.
    @Test func nestingDepthCountsStructureOnly() {
        #expect(NestingDepth.firstTooDeep("a:\n  b:\n    - [1, [2, {c: 3}]]\n", limit: 7) == nil)
        #expect(NestingDepth.firstTooDeep("a:\n  b:\n    - [1, [2, {c: 3}]]\n", limit: 6).map { [$0.line, $0.depth] } == [3, 7])
        #expect(NestingDepth.firstTooDeep("note: \"[[[[[[[[\" # {{{{{{{{\nother: 'it''s [[[[['\n", limit: 2) == nil)
        #expect(NestingDepth.firstTooDeep("{\"a\": [[[[1]]]]}", limit: 4)?.depth == 5)
        // A comment ends at any line break YAML knows: brackets after a lone \r or a NEL count.
        #expect(NestingDepth.firstTooDeep("# note [[[[\r[[[[[", limit: 4).map { [$0.line, $0.depth] } == [2, 5])
        #expect(NestingDepth.firstTooDeep("# note\u{85}[[[[[", limit: 4)?.line == 2)
        #expect(NestingDepth.firstTooDeep("a: 1\r\n# [[[[[\r\nb: 2\r\n", limit: 2) == nil)
    }

    /// The fuzzer's reproducer: a comment line whose brackets go on past a lone carriage return
    /// (fuzz seed 20261130, 2,000 cases) made libyaml nest 8,702 levels and overflow the stack.
    @Test func bracketsAfterALoneCarriageReturnAreRefusedNotACrash() throws {
        var folder = ScenarioFolder()
        folder.scenario = "# The example week with th" + String(repeating: "[", count: 666) + "\r" + String(repeating: "[", count: 8702)
        let errors = try folder.errors()
        #expect(errors.count == 1 && errors[0].message.contains("levels deep"), "\(errors)")
    }

    /// A key given twice was accepted silently, the last one winning.
    @Test func duplicateKeysAreErrorsWithBothLines() throws {
        var folder = ScenarioFolder()
        folder.scenario += "\nweights:\n  under_staffing_per_agent_hour: 100\n  under_staffing_per_agent_hour: 1\n"
        let errors = try folder.errors()
        let duplicate = try #require(errors.first { $0.field == "weights.under_staffing_per_agent_hour" }, "\(errors)")
        #expect(duplicate.line == 16 && duplicate.message.contains("given twice (first at line 15)"), "\(duplicate)")
    }

    @Test func duplicateKeysInJSONToo() throws {
        var folder = ScenarioFolder()
        folder.scenarioName = "scenario.json"
        folder.scenario = "{\"name\": \"a\", \"name\": \"b\"}"
        #expect(try folder.errors().contains { $0.field == "name" && $0.message.contains("given twice") })
    }

    @Test func aHugeInputFileIsRefusedBeforeItIsRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(ScenarioLoader.largestInputBytes) + 1)
        try handle.close()
        #expect(throws: InputErrors.self) { try ScenarioLoader.readText(url, display: "huge.csv") }
        do { _ = try ScenarioLoader.readText(url, display: "huge.csv") } catch {
            #expect(error.errors.first?.message.contains("at most 64 MiB") == true)
        }
    }

    /// Weights and counts a file can carry are bounded; 1e20 points' worth trapped when
    /// preferences.csv was written, a requirement of 1e15 ended in a false "infeasible".
    @Test func hugeWeightsAndRequirementsAreErrors() throws {
        var folder = ScenarioFolder()
        folder.scenario += "\nweights:\n  over_staffing_per_agent_hour: 1e308\npreferences:\n  folder: preferences\n  weight_per_point: 1e20\n  history_weight: 1e19\n  points_budget: 99999999\nswaps:\n  change_weight: 1e300\n"
        folder.requirements = "interval_start,required\n2026-11-23T09:00,1000000000000000\n"
        let errors = try folder.errors()
        for field in ["weights.over_staffing_per_agent_hour", "preferences.weight_per_point", "preferences.history_weight",
                      "preferences.points_budget", "swaps.change_weight", "required"] {
            #expect(errors.contains { $0.field == field }, "\(field): \(errors)")
        }
    }

    @Test func decimalTextPrintsHugeWholeNumbersWithoutTrapping() {
        #expect(decimalText(1e20) == "100000000000000000000")
        #expect(decimalText(12) == "12" && decimalText(2.5) == "2.50")
    }
}
