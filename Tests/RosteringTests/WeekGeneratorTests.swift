@testable import Rostering
import Testing

/// The benchmark families of roster-bench (issue 20): their shape as the issue states it.
@Suite struct WeekGeneratorTests {
    @Test func reRosteringTakesTheMiddleDayFromTheFirstFiveWhoWorkIt() throws {
        // A published roster with seven agents on the middle day (Thursday) and two on Monday.
        let problem = try WeekGenerator(peak: 15, seed: 48).problem()
        let middle = problem.horizon.dates[3]
        let thursday = problem.shifts.first { problem.horizon.timeZone.local($0.start).date == middle }!
        let monday = problem.shifts.first { $0.day == 0 }!
        let ids = problem.agents.map(\.id)
        var assignments = ids.suffix(7).map { Roster.Assignment(agentID: $0, start: thursday.start, end: thursday.end) }
        assignments += ids.prefix(2).map { Roster.Assignment(agentID: $0, start: monday.start, end: monday.end) }
        let published = Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
        let changed = WeekGenerator.losingADay(problem, published: published, count: 5, weightPerChange: 10)
        let losing = changed.agents.filter { $0.unavailableDates.contains(middle) }.map(\.id)
        #expect(losing.sorted() == Array(Array(ids.suffix(7)).sorted().prefix(5)))
        #expect(changed.published == published && changed.changeWeight == 10)
        #expect(changed.agents.map(\.id) == ids)
    }

    @Test func aroundTheClockHas600AgentsAnd4704CandidateShifts() throws {
        let problem = try WeekGenerator(peak: WeekGenerator.aroundTheClockPeak, wishes: false, family: .aroundTheClock).problem()
        #expect(problem.agents.count == 600)
        #expect(problem.horizon.intervalMinutes == 15 && problem.horizon.intervalCount == 7 * 96)
        // 96 starts a day × 7 lengths (4–10 h) × 7 days.
        #expect(problem.shifts.count == 4_704)
        #expect(Set(problem.shifts.map(\.paidMinutes)) == Set(stride(from: 240, through: 600, by: 60)))
        // 25 needed at night (03:00 on Monday), 275 at Monday's peak, nothing below the night level.
        #expect(problem.required[3 * 4] == 25)
        #expect(problem.required.prefix(96).max()! == 275)
        #expect(problem.required.min()! == 25)
    }

    @Test func fifteenMinuteWeeksStartEveryQuarterHourWithFourToNineHourShifts() throws {
        let thirty = try WeekGenerator(peak: 15, wishes: false).problem()
        let fifteen = try WeekGenerator(peak: 15, wishes: false, intervalMinutes: 15).problem()
        #expect(fifteen.horizon.intervalCount == 2 * thirty.horizon.intervalCount)
        // Starts 07:00–17:00 every 15 minutes (41), six lengths, every day.
        #expect(fifteen.shifts.count == 41 * 6 * 7)
        #expect(Set(fifteen.shifts.map(\.paidMinutes)) == [240, 300, 360, 420, 480, 540])
        // The same curve: the first quarter of each half hour needs what the half hour does.
        #expect(thirty.required.indices.allSatisfy { fifteen.required[2 * $0] == thirty.required[$0] })
        #expect(fifteen.agents.count == thirty.agents.count)
    }

    @Test func fourWeeksHave150AgentsWithStreakAndWeekendRulesAndWishesOverTheWholeHorizon() throws {
        let problem = try WeekGenerator(peak: WeekGenerator.fourWeeksPeak, family: .fourWeeks).problem()
        #expect(problem.horizon.days == 28 && problem.agents.count == 150)
        #expect(problem.agents.allSatisfy { $0.rules == WeekGenerator.fourWeekRules && $0.maxWeeklyMinutes <= 40 * 60 && $0.minRestMinutes == 11 * 60 })
        let withWishes = problem.preferences.values.filter { !$0.wishes.isEmpty }.count
        #expect((75...105).contains(withWishes), "\(withWishes) of 150")
        // Day-off wishes fall in every week, not only the first.
        let days = Set(problem.preferences.values.flatMap(\.wishes).compactMap { wish -> Int? in
            if case .dayOff(let date) = wish.kind { return problem.horizon.dayIndex(of: date) }
            return nil
        })
        #expect(days.contains { $0 >= 21 })
        // Every Monday needs what the first Monday does.
        let perDay = problem.horizon.intervalCount / 28
        #expect((0..<4).allSatisfy { Array(problem.required[($0 * 7) * perDay..<($0 * 7 + 1) * perDay]) == Array(problem.required[0..<perDay]) })
    }
}
