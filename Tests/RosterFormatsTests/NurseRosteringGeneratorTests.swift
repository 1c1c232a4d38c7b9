import Foundation
@testable import Rostering
import RosterFormats
import Testing

/// The generator of larger benchmark instances: its files read as the benchmark's format, have
/// the sizes asked for, are the same for the same seed, and every generated agent's hard rules
/// can be kept (checked by the horizon pricing, which finds a pattern exactly when one exists).
@Suite struct NurseRosteringGeneratorTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("benchmarks/nrp-generated/seeds.csv")

    @Test func generatedInstancesReadWithTheirSizesAndEveryAgentCanKeepTheirRules() throws {
        // The first row of the repository's seeds (100 agents, 8 weeks) and two small shapes.
        let rows = try String(contentsOf: Self.seeds, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(rows.first == "instance,agents,weeks,seed" && rows.count >= 7)
        let first = rows[1].split(separator: ",").map { Int($0)! }
        for (agents, weeks, seed) in [(first[1], first[2], UInt64(first[3])), (12, 2, 7), (30, 4, 8)] {
            let generator = NurseRosteringGenerator(agents: agents, weeks: weeks, seed: seed)
            let text = generator.text()
            #expect(text == generator.text(), "the same seed gives the same file")
            let instance = try NurseRosteringInstance.parse(text: text, file: "generated.txt")
            #expect(instance.days == 7 * weeks && instance.employees.count == agents)
            #expect((2...4).contains(instance.shiftTypes.count) && instance.cover.count == instance.days * instance.shiftTypes.count)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nrp-gen-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try AtomicWriter.write(instance.scenarioFiles(name: "Generated"), into: directory.path)
            let problem = try ScenarioLoader.load(path: directory.appendingPathComponent("scenario.yaml").path).problem
            let templates = problem.templateIndex
            let successions = problem.successionMatrix(templates)
            for agent in problem.agents.indices {
                let pricer = StreakPricing(problem: problem, agent: agent, templateIndex: templates, successions: successions)
                let found = pricer.cheapest(tables: StreakPricing.Tables()) { day, group in (0, pricer.groups[day][group].shifts[0]) }
                #expect(found != nil, "\(agents) agents, \(weeks) weeks: agent \(problem.agents[agent].id) has no pattern that keeps their rules")
            }
        }
        #expect(NurseRosteringGenerator(agents: 12, weeks: 2, seed: 7).text() != NurseRosteringGenerator(agents: 12, weeks: 2, seed: 9).text())
    }
}
