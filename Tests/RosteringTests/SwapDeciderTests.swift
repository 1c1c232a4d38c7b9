import GLPKBackend
@testable import Rostering
import Testing

@Suite struct SwapDeciderTests {
    let problem: RosterProblem

    init() throws {
        let agents = [
            Agent(id: "ana", name: "Ana", maxDaysPerWeek: 7), Agent(id: "ben", name: "Ben", maxDaysPerWeek: 7),
            Agent(id: "cem", name: "Cem", maxDaysPerWeek: 7), Agent(id: "dia", name: "Dia", maxDaysPerWeek: 7),
        ]
        problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "06:00", latest: "22:00", hours: [8], step: 60)], agents: agents) { _, hour in
            (9..<17).contains(hour) ? 1 : 0
        }
    }

    func at(_ day: Int, _ hour: Int) -> Instant { Tiny.monday.adding(days: day).daysSinceEpoch * 1440 + hour * 60 }
    func shift(_ agent: String, _ day: Int, _ hour: Int) -> Roster.Assignment { Roster.Assignment(agentID: agent, start: at(day, hour), end: at(day, hour) + 480) }
    func roster(_ assignments: [Roster.Assignment]) -> Roster { Roster(assignments: assignments, timeZone: Tiny.utc) }
    var decider: SwapDecider { SwapDecider(problem: problem, solver: GLPKSolver()) }

    @Test func anAgentAtFortyHoursCannotTakeAnotherEightHourShift() throws {
        let start = roster((0..<5).map { shift("ana", $0, 9) } + [shift("ben", 5, 9)])
        let request = SwapRequest(id: "r1", submittedAt: 0, kind: .give, requester: "ben", shiftStart: at(5, 9), counterpart: "ana")
        let (decisions, after) = try decider.decide([request], roster: start)
        #expect(!decisions[0].approved)
        #expect(decisions[0].reasons == ["weekly cap: ana is paid 48 h in the week of 2026-11-23; cap 40 h"])
        #expect(after == start)
    }

    @Test func aTradeLeavingNineHoursOfRestIsRefusedWithThatNumber() throws {
        // Ana works Monday 14–22; taking Ben's Tuesday 07–15 would leave 9 h of rest.
        let start = roster([shift("ana", 0, 14), shift("ana", 1, 12), shift("ben", 1, 7)])
        let request = SwapRequest(id: "r1", submittedAt: 0, kind: .trade, requester: "ana", shiftStart: at(1, 12), counterpart: "ben", counterpartShiftStart: at(1, 7))
        let decision = try decider.decide([request], roster: start).decisions[0]
        #expect(!decision.approved)
        #expect(decision.reasons == ["rest: ana rests 9 h between 2026-11-23T22:00 and 2026-11-24T07:00; needs 11 h"])
    }

    @Test func aSameTimeTradeIsApprovedAndLeavesCoverageUnchanged() throws {
        let start = roster([shift("ana", 0, 9), shift("ben", 1, 9)])
        let request = SwapRequest(id: "r1", submittedAt: 0, kind: .trade, requester: "ana", shiftStart: at(0, 9), counterpart: "ben", counterpartShiftStart: at(1, 9))
        let (decisions, after) = try decider.decide([request], roster: start)
        #expect(decisions[0].approved)
        #expect(decisions[0].coverageChange == "unchanged")
        #expect(problem.coverage(of: after) == problem.coverage(of: start))
        #expect(Set(after.assignments) == [shift("ben", 0, 9), shift("ana", 1, 9)])
    }

    @Test func aChainWhereTheSecondRequestIsOnlyValidAfterTheFirst() throws {
        // r2 trades with the Tuesday shift that Cem only holds once r1 (Ben gives it to him) is done.
        let start = roster([shift("ben", 1, 9), shift("ana", 1, 12)])
        let r1 = SwapRequest(id: "r1", submittedAt: 10, kind: .give, requester: "ben", shiftStart: at(1, 9), counterpart: "cem")
        let r2 = SwapRequest(id: "r2", submittedAt: 20, kind: .trade, requester: "ana", shiftStart: at(1, 12), counterpart: "cem", counterpartShiftStart: at(1, 9))
        let alone = try decider.decide([r2], roster: start).decisions[0]
        #expect(!alone.approved)
        #expect(alone.reasons == ["shift not held by the counterpart: cem has no shift starting 2026-11-24T09:00"])
        // Submitted in the other order in the file, processed by submission time.
        let (decisions, after) = try decider.decide([r2, r1], roster: start)
        #expect(decisions.map(\.request.id) == ["r1", "r2"])
        #expect(decisions.map(\.approved) == [true, true])
        #expect(Set(after.assignments) == [shift("ana", 1, 9), shift("cem", 1, 12)])
    }

    @Test func anOfferGoesToTheTakerTheObjectivePrefers() throws {
        // Cem and Dia may both take Ana's Wednesday; Dia wished to work that day.
        let wednesday = Tiny.monday.adding(days: 2)
        let withWishes = problem.with(preferences: ["dia": AgentPreferences(agentID: "dia", wishes: [Wish(kind: .dayOn(wednesday), priority: 2)])], policy: .defaults)
        let start = roster([shift("ana", 2, 9), shift("ben", 2, 12), shift("ben", 1, 9)])
        let offer = SwapRequest(id: "r1", submittedAt: 0, kind: .offer, requester: "ana", shiftStart: at(2, 9))
        let decision = try SwapDecider(problem: withWishes, solver: GLPKSolver()).decide([offer], roster: start).decisions[0]
        #expect(decision.approved)
        #expect(decision.taker == "dia")
        // Without the wish, spare capacity decides between equals deterministically (cem before dia by id).
        let plain = try decider.decide([offer], roster: start).decisions[0]
        #expect(plain.taker == "cem")
    }

    @Test func unknownAgentsAndShiftsAreRejectedWithTheReason() throws {
        let start = roster([shift("ana", 0, 9)])
        let requests = [
            SwapRequest(id: "r1", submittedAt: 0, kind: .give, requester: "zoe", shiftStart: at(0, 9), counterpart: "ben", line: 2),
            SwapRequest(id: "r2", submittedAt: 1, kind: .give, requester: "ana", shiftStart: at(0, 9), counterpart: "zed", line: 3),
            SwapRequest(id: "r3", submittedAt: 2, kind: .give, requester: "ana", shiftStart: at(3, 9), counterpart: "ben", line: 4),
        ]
        let decisions = try decider.decide(requests, roster: start).decisions
        #expect(decisions.map(\.reasons) == [
            ["unknown agent 'zoe' (requests line 2)"], ["unknown agent 'zed' (requests line 3)"],
            ["shift not held by the requester: ana has no shift starting 2026-11-26T09:00 (requests line 4)"],
        ])
    }

    @Test func rejectedGivesSuggestTakersThatWouldBeApproved() throws {
        let start = roster((0..<5).map { shift("ana", $0, 9) } + [shift("ben", 5, 9)])
        let request = SwapRequest(id: "r1", submittedAt: 0, kind: .give, requester: "ben", shiftStart: at(5, 9), counterpart: "ana")
        let decision = try decider.decide([request], roster: start).decisions[0]
        #expect(decision.alternatives == ["give to cem", "give to dia"])
    }
}

extension SwapDeciderTests {
    /// A give that left the giver with no shift was approved although their contract has a
    /// weekly minimum (the validator skipped agents without shifts).
    @Test func aGiveThatLeavesTheGiverBelowTheirMinimumIsRefused() throws {
        let agents = [Agent(id: "ana", name: "Ana", minWeeklyMinutes: 8 * 60, maxDaysPerWeek: 7), Agent(id: "ben", name: "Ben", maxDaysPerWeek: 7)]
        let problem = try Tiny.problem(days: 7, templates: [Tiny.template(start: "06:00", latest: "22:00", hours: [8], step: 60)], agents: agents) { _, hour in
            (9..<17).contains(hour) ? 1 : 0
        }
        let start = Roster(assignments: [shift("ana", 0, 9)], timeZone: Tiny.utc)
        let request = SwapRequest(id: "r1", submittedAt: 0, kind: .give, requester: "ana", shiftStart: at(0, 9), counterpart: "ben")
        let (decisions, after) = try SwapDecider(problem: problem, solver: GLPKSolver()).decide([request], roster: start)
        #expect(!decisions[0].approved)
        #expect(decisions[0].reasons == ["weekly minimum: ana is paid 0 h in the week of 2026-11-23; contract minimum 8 h"], "\(decisions[0].reasons)")
        #expect(after == start)
    }
}
