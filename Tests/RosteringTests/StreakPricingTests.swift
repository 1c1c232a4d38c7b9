import LinearProgramming
@testable import Rostering
import Testing

/// Small problems with horizon rules: 8 days from Sunday 2026-11-22 (a weekend of one day, then a
/// whole one), templates E 06:00, L 14:00 (8 h) and S 12:00 (6 h); L may not be followed by E, S
/// by E or L.
enum Streaks {
    static let sunday = LocalDate(year: 2026, month: 11, day: 22)!
    static let templates = [
        Tiny.template("E", start: "06:00", hours: [8]), Tiny.template("L", start: "14:00", hours: [8]), Tiny.template("S", start: "12:00", hours: [6]),
    ]
    static let successions = [ForbiddenSuccession(first: "L", next: "E"), ForbiddenSuccession(first: "S", next: "E"), ForbiddenSuccession(first: "S", next: "L")]

    static func agent(_ id: String, _ rules: HorizonRules, off: Set<LocalDate> = []) -> Agent {
        Agent(id: id, name: id, maxWeeklyMinutes: 168 * 60, maxDaysPerWeek: 7, minRestMinutes: 0, unavailableDates: off, rules: rules)
    }

    static let contracts = [
        agent("a", HorizonRules(
            maxShiftsPerTemplate: ["L": 2, "S": 1], minTotalMinutes: 24 * 60, maxTotalMinutes: 44 * 60, maxConsecutiveWorkingDays: 3,
            minConsecutiveWorkingDays: 2, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1)),
        agent("b", HorizonRules(maxShiftsPerTemplate: ["E": 0], maxConsecutiveWorkingDays: 4, minConsecutiveDaysOff: 3, maxWorkingWeekends: 0),
              off: [LocalDate(year: 2026, month: 11, day: 25)!]),
        agent("c", HorizonRules(minTotalMinutes: 40 * 60, maxTotalMinutes: 56 * 60, minConsecutiveWorkingDays: 3)),
    ]

    static func problem(agents: [Agent], dayLevel: DayLevelRules = DayLevelRules(successions: successions)) throws -> RosterProblem {
        try Tiny.problem(days: 8, templates: templates, agents: agents, start: sunday) { _, _ in 0 }
            .with(dayLevel: dayLevel, staffsByInterval: false)
    }

    /// Whether a pattern (template name or nil per day) keeps the agent's rules, written from the
    /// rules' wording and sharing nothing with the pricing or the validator.
    static func keeps(_ pattern: [String?], agent: Agent, minutes: [String: Int], weekdays: [Weekday]) -> Bool {
        let rules = agent.rules
        for (template, most) in rules.maxShiftsPerTemplate where pattern.filter({ $0 == template }).count > most { return false }
        let total = pattern.compactMap { $0 }.reduce(0) { $0 + minutes[$1]! }
        if let most = rules.maxTotalMinutes, total > most { return false }
        if let least = rules.minTotalMinutes, total < least { return false }
        for day in 0..<(pattern.count - 1) {
            if let first = pattern[day], let next = pattern[day + 1], successions.contains(ForbiddenSuccession(first: first, next: next)) { return false }
        }
        var day = 0
        while day < pattern.count {
            var end = day
            while end + 1 < pattern.count, (pattern[end + 1] != nil) == (pattern[day] != nil) { end += 1 }
            let length = end - day + 1, inside = day > 0 && end < pattern.count - 1
            if pattern[day] != nil {
                if let most = rules.maxConsecutiveWorkingDays, length > most { return false }
                if inside, let least = rules.minConsecutiveWorkingDays, length < least { return false }
            } else if inside, let least = rules.minConsecutiveDaysOff, length < least {
                return false
            }
            day = end + 1
        }
        if let most = rules.maxWorkingWeekends {
            var weekends = 0
            for (index, weekday) in weekdays.enumerated() where pattern[index] != nil {
                if weekday == .saturday || (weekday == .sunday && !(index > 0 && pattern[index - 1] != nil)) { weekends += 1 }
            }
            if weekends > most { return false }
        }
        return true
    }
}

@Suite struct StreakPricingTests {
    @Test func cheapestPatternMatchesBruteForceOverEveryPattern() throws {
        let names = ["E", "L", "S"]
        let minutes = ["E": 480, "L": 480, "S": 360]
        var random = WeekGenerator.Random(state: 11)
        for agent in Streaks.contracts {
            let problem = try Streaks.problem(agents: [agent])
            let templateIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            let pricer = StreakPricing(
                problem: problem, agent: 0, templateIndex: templateIndex,
                successions: problem.successionMatrix(templateIndex))
            let weekdays = problem.horizon.dates.map(\.weekday)
            let unavailable = problem.horizon.dates.map { agent.unavailableDates.contains($0) }
            for _ in 0..<5 {
                // A price per (day, template), some negative so that working pays.
                let prices = (0..<8).map { _ in names.map { _ in Double(random.below(21)) - 12 } }
                var best = Double.infinity
                func extend(_ pattern: [String?]) {
                    if pattern.count == 8 {
                        guard Streaks.keeps(pattern, agent: agent, minutes: minutes, weekdays: weekdays) else { return }
                        var cost = 0.0
                        for (day, name) in pattern.enumerated() { if let name { cost += prices[day][templateIndex[name]!] } }
                        best = min(best, cost)
                        return
                    }
                    extend(pattern + [nil])
                    if unavailable[pattern.count] { return }
                    for name in names where agent.rules.maxShiftsPerTemplate[name] != 0 { extend(pattern + [name]) }
                }
                extend([])
                let found = pricer.cheapest(tables: StreakPricing.Tables()) { day, group in
                    (prices[day][pricer.groups[day][group].template], pricer.groups[day][group].shifts[0])
                }
                let pattern = found.map { $0.pattern.map { $0 < 0 ? nil : problem.shifts[$0].templateName } }
                #expect(found != nil && abs(found!.cost - best) < 1e-9, "agent \(agent.id): DP \(found?.cost ?? .nan), brute force \(best)")
                if let pattern { #expect(Streaks.keeps(pattern, agent: agent, minutes: minutes, weekdays: weekdays), "agent \(agent.id): \(pattern)") }
            }
        }
    }

    @Test func anAgentWhoseRulesContradictEachOtherHasNoPattern() throws {
        // At least 60 h in 8 days but at most 3 working days in a row with 2 days off between.
        let agent = Streaks.agent("x", HorizonRules(minTotalMinutes: 60 * 60, maxConsecutiveWorkingDays: 3, minConsecutiveDaysOff: 2))
        let problem = try Streaks.problem(agents: [agent])
        let pricer = StreakPricing(problem: problem, agent: 0, templateIndex: ["E": 0, "L": 1, "S": 2], successions: Array(repeating: Array(repeating: false, count: 3), count: 3))
        #expect(pricer.cheapest(tables: StreakPricing.Tables()) { day, group in (0, pricer.groups[day][group].shifts[0]) } == nil)
        let solved = try Tiny.solve(problem, strategy: .patterns)
        #expect(solved.solverResult.status == .infeasible)
    }
}
