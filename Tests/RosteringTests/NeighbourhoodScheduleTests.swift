@testable import Rostering
import Testing

/// How the horizon search shares its work between agent and day-window neighbourhoods.
struct NeighbourhoodScheduleTests {
    @Test func triesEveryKindOnceInOrderThenAlternatesByWorkWhileNothingImproves() {
        var schedule = NeighbourhoodSchedule(kinds: [.agents, .days], scale: 0.5, memory: 10)
        #expect(schedule.next() == .agents)
        schedule.record(.agents, work: 4, improved: false)
        #expect(schedule.next() == .days)
        schedule.record(.days, work: 1, improved: false)
        // Equal shares: days have had 1 unit against 4, so they go next until they catch up.
        #expect(schedule.shares() == [.agents: 0.5, .days: 0.5])
        for _ in 0..<3 {
            #expect(schedule.next() == .days)
            schedule.record(.days, work: 1, improved: false)
        }
        // 4 units each: the tie goes to the earlier kind.
        #expect(schedule.next() == .agents)
    }

    @Test func sharesFollowImprovementsPerUnitOfWorkWithAFloor() {
        var schedule = NeighbourhoodSchedule(kinds: [.agents, .days], scale: 0.5, memory: 100)
        schedule.record(.agents, work: 10, improved: true)  // 0.1 per unit
        schedule.record(.days, work: 1, improved: true)
        schedule.record(.days, work: 1, improved: false)  // 0.5 per unit
        let shares = schedule.shares()
        #expect(abs(shares[.agents]! - 0.1 / 0.6) < 1e-12)
        #expect(abs(shares[.days]! - 0.5 / 0.6) < 1e-12)
        // A kind that stops improving keeps the least share.
        schedule.record(.agents, work: 10, improved: false)
        schedule.record(.agents, work: 100, improved: false)  // its success is forgotten
        #expect(schedule.rate(of: .agents) == 0)
        #expect(schedule.shares() == [.agents: NeighbourhoodSchedule.leastShare, .days: 1 - NeighbourhoodSchedule.leastShare])
    }

    @Test func aCheapKindIsJudgedOverTheSameWorkAsAnExpensiveOne() {
        // Six quick failures after a success do not erase it: the memory is in work.
        var schedule = NeighbourhoodSchedule(kinds: [.agents, .days], scale: 0.5, memory: 12)
        schedule.record(.agents, work: 12, improved: true)
        schedule.record(.days, work: 0.5, improved: true)
        for _ in 0..<6 { schedule.record(.days, work: 0.1, improved: false) }
        #expect(abs(schedule.rate(of: .days)! - 1 / 1.1) < 1e-12)
        #expect(abs(schedule.rate(of: .agents)! - 1 / 12) < 1e-12)
        // Agents' proportional share (0.084) is raised to the least share.
        #expect(schedule.shares() == [.agents: NeighbourhoodSchedule.leastShare, .days: 1 - NeighbourhoodSchedule.leastShare])
        // Work spent: agents 12 at 15 %, days 1.1 at 85 %: days go next.
        #expect(schedule.next() == .days)
    }

    @Test func sizesGrowAfterEveryThreeFailuresOfTheirKindUpToTheLargest() {
        var schedule = NeighbourhoodSchedule(kinds: [.agents, .days], scale: 0.5, memory: 10)
        for _ in 0..<2 { schedule.record(.days, work: 1, improved: false) }
        schedule.record(.days, work: 1, improved: true)  // the count starts again
        for _ in 0..<2 { schedule.record(.days, work: 1, improved: false) }
        #expect(schedule.scale[NeighbourhoodSchedule.Kind.days.rawValue] == 0.5)
        schedule.record(.days, work: 1, improved: false)
        #expect(abs(schedule.scale[NeighbourhoodSchedule.Kind.days.rawValue] - 0.65) < 1e-12)
        #expect(schedule.scale[NeighbourhoodSchedule.Kind.agents.rawValue] == 0.5)
        for _ in 0..<30 { schedule.record(.days, work: 1, improved: false) }
        #expect(schedule.scale[NeighbourhoodSchedule.Kind.days.rawValue] == NeighbourhoodSchedule.largestScale)
    }

    @Test func aSingleKindIsAlwaysNext() {
        var schedule = NeighbourhoodSchedule(kinds: [.days], scale: 0.5, memory: 5)
        for step in 0..<5 {
            #expect(schedule.next() == .days)
            schedule.record(.days, work: 1, improved: step == 2)
        }
        #expect(schedule.shares() == [.days: 1])
    }
}

/// Where the horizon search places its windows of days.
struct WindowPlacementTests {
    @Test func windowsStayInsideTheHorizonAndHalfHoldAShortDay() {
        var random = WeekGenerator.Random(state: 7)
        var holding = 0
        let draws = 2_000
        for _ in 0..<draws {
            let first = HorizonPatternSearch.windowStart(length: 7, days: 28, shortDays: [3, 25], random: &random)
            #expect((0...21).contains(first))
            if (first..<(first + 7)).contains(3) || (first..<(first + 7)).contains(25) { holding += 1 }
        }
        // Targeted half: always; the other half: by chance (starts 0–3 hold day 3, 19–21 day 25).
        let byChance = Double((0...21).filter { ($0..<($0 + 7)).contains(3) || ($0..<($0 + 7)).contains(25) }.count) / 22
        let expected = 0.5 + 0.5 * byChance
        #expect(abs(Double(holding) / Double(draws) - expected) < 0.05)
    }

    @Test func aWindowAsLongAsTheHorizonStartsOnTheFirstDay() {
        var random = WeekGenerator.Random(state: 1)
        for short in [[], [0], [13]] {
            #expect(HorizonPatternSearch.windowStart(length: 14, days: 14, shortDays: short, random: &random) == 0)
        }
    }

    @Test func withoutShortDaysEveryStartIsDrawn() {
        var random = WeekGenerator.Random(state: 3)
        let starts = Set((0..<500).map { _ in HorizonPatternSearch.windowStart(length: 7, days: 10, shortDays: [], random: &random) })
        #expect(starts == Set(0...3))
    }
}

/// How many agents the weekly search frees per neighbourhood at first.
struct WeeklyNeighbourhoodSizeTests {
    /// 60 agent-weeks: 60 agents over one week (a horizon of 7 days, however its calendar weeks
    /// fall), 15 over four weeks, 30 over 8–14 days; at least 8, and at most two thirds of a team.
    @Test func neighbourhoodsAreSizedInAgentWeeks() {
        #expect(PatternSearch.baseNeighbourhoodSize(team: 600, days: 7) == 60)
        #expect(PatternSearch.baseNeighbourhoodSize(team: 150, days: 28) == 15)
        #expect(PatternSearch.baseNeighbourhoodSize(team: 150, days: 10) == 30)
        #expect(PatternSearch.baseNeighbourhoodSize(team: 2_000, days: 364) == 8)
        #expect(PatternSearch.baseNeighbourhoodSize(team: 30, days: 7) == 20)
        #expect(PatternSearch.baseNeighbourhoodSize(team: 6, days: 7) == 8)
    }
}

/// The weekly search's neighbourhoods over a window of days (horizons of several weeks).
@Suite struct WindowNeighbourhoodTests {
    /// A week over several weeks, three days within one week, none in three days or fewer;
    /// centred on the day, inside the horizon; 420 agent-days, at most two thirds of the team.
    @Test func aWindowIsAWeekOrThreeDaysAroundTheDayInsideTheHorizon() {
        #expect(PatternSearch.windowLength(days: 28) == 7)
        #expect(PatternSearch.windowLength(days: 7) == 3)
        #expect(PatternSearch.windowLength(days: 3) == nil)
        #expect(PatternSearch.window(around: 10, days: 28, length: 7) == 7...13)
        #expect(PatternSearch.window(around: 1, days: 28, length: 7) == 0...6)
        #expect(PatternSearch.window(around: 27, days: 28, length: 7) == 21...27)
        #expect(PatternSearch.window(around: 2, days: 5, length: 7) == 0...4)
        #expect(PatternSearch.window(around: 3, days: 7, length: 3) == 2...4)
        #expect(PatternSearch.window(around: 6, days: 7, length: 3) == 4...6)
        #expect(PatternSearch.windowAgents(team: 600, length: 3) == 140)
        #expect(PatternSearch.windowAgents(team: 150, length: 7) == 60)
        #expect(PatternSearch.windowAgents(team: 93, length: 3) == 62)
        #expect(PatternSearch.windowAgents(team: 5, length: 3) == 5)
    }

    /// A window of the whole team over half the horizon when that is at most 420 agent-days:
    /// 30 over 14 of 28 days, 8 over a week of 14 days; not 31 over 14, not 150, not within a
    /// week.
    @Test func aSmallTeamsWindowFreesEveryoneOverHalfTheHorizon() {
        #expect(PatternSearch.everyoneWindow(team: 30, days: 28) == 14)
        #expect(PatternSearch.everyoneWindow(team: 8, days: 14) == 7)
        #expect(PatternSearch.everyoneWindow(team: 60, days: 10) == 7)
        #expect(PatternSearch.everyoneWindow(team: 31, days: 28) == nil)
        #expect(PatternSearch.everyoneWindow(team: 150, days: 28) == nil)
        #expect(PatternSearch.everyoneWindow(team: 5, days: 7) == nil)
    }

    /// Ten days, six agents (``ShiftCountMasterTests/problem(days:)``), two of them freed over
    /// days 3–6: outside the window each may work only the shift they work now (or stay off),
    /// inside it every shift they could work before; their current weeks are still patterns.
    @Test func freedAgentsKeepTheirShiftsOutsideTheWindow() throws {
        let problem = try ShiftCountMasterTests.problem(days: 10)
        let search = ShiftCountMasterTests.search(problem)
        let choice = try search.search().choice
        var base = search.coverageOf(choice)
        let free = [0, 2], window = 3...6
        for agent in free { search.apply(choice[agent], of: agent, to: &base, change: -1) }
        let inner = search.neighbourhoodProblem(free: free, base: base, window: window, choice: choice)
        #expect(inner.agents.map(\.id) == ["a1", "a3"])
        for (position, agent) in free.enumerated() {
            let eligible = Set(problem.shifts.filter { inner.isEligible(inner.agents[position], for: $0) }.map(\.index))
            let before = Set(problem.shifts.filter { problem.isEligible(problem.agents[agent], for: $0) }.map(\.index))
            let kept = Set(choice[agent].shifts.filter { !window.contains(problem.shifts[$0].day) })
            #expect(!kept.isEmpty, "the agent works outside the window, so the restriction is seen")
            #expect(eligible.filter { !window.contains(problem.shifts[$0].day) } == kept)
            #expect(eligible.filter { window.contains(problem.shifts[$0].day) } == before.filter { window.contains(problem.shifts[$0].day) })
        }
        let innerSearch = ShiftCountMasterTests.search(inner)
        #expect(innerSearch.agentWithoutPattern() == nil)
        #expect(inner.required == zip(problem.required, base).map { max(0, $0 - $1) })
    }
}
