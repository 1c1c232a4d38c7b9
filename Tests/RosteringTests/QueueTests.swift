import GLPKBackend
import LinearProgramming
@testable import Rostering
import Testing

/// Several queues: coverage by allocation, hand-computed.
@Suite struct QueueTests {
    /// One 4-hour shift at 09:00 on Monday; queues A and B each need one agent 09–13.
    static func twoQueues(_ agents: [Agent], needA: Int = 1, needB: Int = 1, days: Int = 1) throws -> RosterProblem {
        let base = try Tiny.problem(days: days, templates: [Tiny.template(start: "09:00", hours: [4])], agents: agents) { _, _ in 0 }
        let hours = 0..<base.horizon.intervalCount
        let a = hours.map { (9..<13).contains($0) ? needA : 0 }, b = hours.map { (9..<13).contains($0) ? needB : 0 }
        return try base.with(queues: ["A", "B"], required: [a, b])
    }

    static let bilingual = Agent(id: "xan", name: "Xan", skills: [Skill(queue: "A"), Skill(queue: "B")])
    static func onlyA(_ id: String) -> Agent { Agent(id: id, name: id, skills: [Skill(queue: "A")]) }

    @Test func onlyTheAllocationThatPutsTheBilingualAgentOnBCoversBoth() throws {
        // Xan serves A and B, Yuri and Zoe only A. Covering both queues needs Xan on B and one
        // of Yuri and Zoe on A: objective 0, two agents at work, Xan among them.
        let problem = try Self.twoQueues([Self.bilingual, Self.onlyA("yuri"), Self.onlyA("zoe")])
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.status == .optimal)
        #expect(solution.solverResult.objective == 0)
        let working = Set(solution.roster!.assignments.map(\.agentID))
        #expect(working.count == 2 && working.contains("xan"))
        let stretches = problem.queueAssignments(of: solution.roster!)
        #expect(stretches.first { $0.agentID == "xan" }?.queue == "B")
        #expect(stretches.filter { $0.agentID != "xan" }.map(\.queue) == ["A"])
        for row in solution.coverage where row.required > 0 {
            #expect(row.byQueue.map(\.staffed) == [1, 1])
            #expect(row.under == 0 && row.over == 0)
        }
    }

    @Test func aBilingualAgentDoesNotCountForBothQueues() throws {
        // pyworkforce-style double counting would call Xan alone enough for A and B. Here Yuri and
        // Zoe cannot work: one queue stays short 4 hours, 4 × 100 = 400.
        var yuri = Self.onlyA("yuri"), zoe = Self.onlyA("zoe")
        yuri.maxDaysPerWeek = 0
        zoe.maxDaysPerWeek = 0
        let problem = try Self.twoQueues([Self.bilingual, yuri, zoe])
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.objective == 400)
        #expect(solution.coverage.filter { $0.required > 0 }.allSatisfy { $0.under == 1 && $0.scheduled == 1 })
        // The total alone (2 required, 1 on the phone) would say the same; per queue, one of A
        // and B is met and the other short.
        #expect(solution.coverage.filter { $0.required > 0 }.allSatisfy { $0.byQueue.map(\.under).sorted() == [0, 1] })
    }

    @Test func anAgentForQueueAWhenBNeedsTwoIsOverStaffing() throws {
        // B needs two on Monday 09–13, A none: Xan serves B, and Yuri and Zoe (A only) can only
        // be over. With everyone made to work 4 hours in the week (a weekly minimum), the best
        // is Xan on B (B one short, 400) and Yuri and Zoe 4 hours over each on any day (80): 480.
        var agents = [Self.bilingual, Self.onlyA("yuri"), Self.onlyA("zoe")]
        for index in agents.indices { agents[index].minWeeklyMinutes = 240 }
        let problem = try Self.twoQueues(agents, needA: 0, needB: 2, days: 7)
        let solution = try Tiny.solve(problem)
        #expect(solution.solverResult.objective == 480)
        #expect(solution.coverage.reduce(0) { $0 + $1.under } == 4)
        #expect(solution.coverage.reduce(0) { $0 + $1.over } == 8)
        #expect(problem.queueAssignments(of: solution.roster!).filter { $0.agentID != "xan" }.allSatisfy { $0.queue == "A" })
    }

    @Test func theFlowMeetsAsMuchAsAnyAllocation() {
        // Sets {A,B} (2 agents), {A} (1), {B,C} (1); A needs 2, B 1, C 1. Greedy puts both of the
        // first set on A; the flow moves one to B so that {B,C} can take C: everything met.
        let flow = QueueAllocation.allocate(supply: [2, 1, 1], sets: [[0, 1], [0], [1, 2]], required: [2, 1, 1])
        let staffed = (0..<3).map { q in zip([[0, 1], [0], [1, 2]], flow).reduce(0) { total, pair in total + (pair.0.firstIndex(of: q).map { pair.1[$0] } ?? 0) } }
        #expect(staffed == [2, 1, 1])
        #expect(flow.map { $0.reduce(0, +) } == [2, 1, 1])
    }

    @Test func theValidatorRejectsAnAllocationThatCountsAnAgentTwice() throws {
        let problem = try Self.twoQueues([Self.bilingual, Self.onlyA("yuri"), Self.onlyA("zoe")])
        let roster = Roster(
            assignments: [Roster.Assignment(agentID: "xan", start: problem.shifts[0].start, end: problem.shifts[0].end)], timeZone: Tiny.utc)
        var coverage = problem.coverage(of: roster)
        #expect(RosterValidator(problem: problem).violations(of: roster, coverage: coverage, objective: 400).isEmpty)
        // Claim Xan staffs A and B at 10:00.
        let row = coverage[10]
        coverage[10] = IntervalCoverage(
            start: row.start, end: row.end, required: row.required, scheduled: row.scheduled,
            byQueue: [QueueCoverage(queue: "A", required: 1, staffed: 1), QueueCoverage(queue: "B", required: 1, staffed: 1)])
        let violations = RosterValidator(problem: problem).violations(of: roster, coverage: coverage, objective: 400)
        #expect(violations.contains { $0.rule == "coverage" })
        #expect(RosterValidator(problem: problem).objective(of: roster) == 400)
    }

    @Test func modelRowsArePerQueueWithAllocationsForMultiSkillSets() throws {
        let problem = try Self.twoQueues([Self.bilingual, Self.onlyA("yuri")])
        let formulation = RosterFormulation(problem: problem)
        let names = formulation.model.constraints.map(\.name)
        #expect(names.contains("cover(A,Mon1123_0900)") && names.contains("cover(B,Mon1123_0900)"))
        #expect(names.contains("supply(g1,Mon1123_0900)"))
        // Only Xan's set has two queues: one allocation per queue and interval of the shift.
        #expect(formulation.model.variables.filter { $0.name.hasPrefix("alloc(") }.count == 2 * 4)
    }

    @Test func skillsNamingNoQueueAreRefused() throws {
        let base = try Tiny.problem(templates: [Tiny.template(start: "09:00", hours: [4])], agents: [Agent(id: "x", name: "x", skills: [Skill(queue: "C")])]) { _, _ in 0 }
        let zero = Array(repeating: 0, count: base.horizon.intervalCount)
        #expect(throws: RosterProblem.QueueProblem.self) { try base.with(queues: ["A"], required: [zero]) }
        #expect(throws: RosterProblem.QueueProblem.self) { try base.with(queues: ["A", "A"], required: [zero, zero]) }
    }

    @Test func aSwapThatTakesTheOnlyBSpeakerOffIsRefusedNamingTheQueue() throws {
        // Xan covers B, Yuri A. Xan giving the shift to Zoe (A only) leaves B 4 hours short and A
        // 4 over: the total stays as it was, queue B is named. Yuri giving it to Zoe changes nothing.
        let problem = try Self.twoQueues([Self.bilingual, Self.onlyA("yuri"), Self.onlyA("zoe")])
        let shift = problem.shifts[0]
        let start = Roster(
            assignments: ["xan", "yuri"].map { Roster.Assignment(agentID: $0, start: shift.start, end: shift.end) }, timeZone: Tiny.utc)
        let decider = SwapDecider(problem: problem, solver: GLPKSolver())
        let fromXan = SwapRequest(id: "r1", submittedAt: 0, kind: .give, requester: "xan", shiftStart: shift.start, counterpart: "zoe")
        let refused = try decider.decide([fromXan], roster: start).decisions[0]
        #expect(!refused.approved)
        #expect(refused.reasons.count == 1 && refused.reasons[0].hasPrefix("coverage of queue B: ") && refused.reasons[0].contains("4 agent-hours more under-staffed"), "\(refused.reasons)")
        let fromYuri = SwapRequest(id: "r2", submittedAt: 0, kind: .give, requester: "yuri", shiftStart: shift.start, counterpart: "zoe")
        let approved = try decider.decide([fromYuri], roster: start).decisions[0]
        #expect(approved.approved && approved.coverageChange == "unchanged", "\(approved.reasons)")
    }

    @Test func theDefaultRouteAllocatesAndFindsTheQueuesOptimumTheMergedProblemMisses() throws {
        // The over-staffing case: merged into one queue the optimum would be 40 (two agents on
        // Monday 09–13, the third 4 hours over somewhere); with queues it is 480, which the
        // weekly search's allocating master finds and proves.
        var agents = [Self.bilingual, Self.onlyA("yuri"), Self.onlyA("zoe")]
        for index in agents.indices { agents[index].minWeeklyMinutes = 240 }
        let problem = try Self.twoQueues(agents, needA: 0, needB: 2, days: 7)
        #expect(try Tiny.solve(problem.withoutQueues(), strategy: .patterns).solverResult.objective == 40)
        let solution = try Tiny.solve(problem, strategy: .patterns)
        #expect(solution.solverResult.objective == 480 && solution.solverResult.status == .optimal)
        #expect(solution.route.used == "weekly-patterns", "\(solution.route.reason)")
    }

    @Test func whatTheWeeklySearchDoesNotTakeGoesThroughTheQueueStages() throws {
        // A day-level demand (not allocated to queues by the weekly search) sends the queues
        // through the stages: merged, traded, then the exact model with allocation, which ends
        // at the exact model's own optimum. A shift request alone stays in the weekly search,
        // at the same optimum.
        var agents = [Self.bilingual, Self.onlyA("yuri"), Self.onlyA("zoe")]
        for index in agents.indices { agents[index].minWeeklyMinutes = 240 }
        let request = ShiftRequest(agentID: "zoe", day: 1, template: "t", kind: .on, weight: 50)
        let demand = ShiftDemand(day: 2, template: "t", required: 1, underWeight: 30, overWeight: 5)
        let week = try Self.twoQueues(agents, needA: 0, needB: 2, days: 7)
        for (rules, route) in [(DayLevelRules(requests: [request], demands: [demand]), "several queues: the queues merged"), (DayLevelRules(requests: [request]), "several queues: the weekly search allocates")] {
            let problem = week.with(dayLevel: rules, staffsByInterval: true)
            let solved = try Tiny.solve(problem, strategy: .patterns)
            let exact = try Tiny.solve(problem, strategy: .exact)
            #expect(solved.route.reason.hasPrefix(route), "\(solved.route.reason)")
            #expect(exact.solverResult.status == .optimal && solved.solverResult.status == .optimal)
            #expect(solved.solverResult.objective == exact.solverResult.objective, "\(String(describing: solved.solverResult.objective)) vs \(String(describing: exact.solverResult.objective))")
        }
    }

    @Test func tradesHandTheWeekToTheLookAlikeAgentWhoHasTheSkill() throws {
        // B needs one agent 09–13, A nobody. Yuri (A only) works it: 400 short, 40 over. Xan has
        // the same contract and B: the trade gives Xan Yuri's week, 0.
        let problem = try Self.twoQueues([Self.bilingual, Self.onlyA("yuri")], needA: 0, needB: 1)
        let shift = problem.shifts[0]
        let roster = Roster(assignments: [Roster.Assignment(agentID: "yuri", start: shift.start, end: shift.end)], timeZone: Tiny.utc)
        #expect(RosterValidator(problem: problem).objective(of: roster) == 440)
        let traded = RosterOptimizer(solver: GLPKSolver()).tradedBySkills(roster, problem: problem, shouldStop: nil)
        #expect(traded.assignments.map(\.agentID) == ["xan"])
        #expect(RosterValidator(problem: problem).objective(of: traded) == 0)
    }

    @Test func neighbourhoodsOfTheExactModelMendWhatTradesCannot() throws {
        // Xan (A and B) has another contract than Yuri and Zoe (A only), so no trade swaps their
        // weeks. Yuri and Zoe on the shift leave B 4 hours short and A 4 over: 440. A
        // neighbourhood frees everyone and finds Xan on B with one of them on A: 0.
        var xan = Self.bilingual
        xan.maxDaysPerWeek = 6
        let problem = try Self.twoQueues([xan, Self.onlyA("yuri"), Self.onlyA("zoe")])
        let shift = problem.shifts[0]
        let bad = Roster(assignments: ["yuri", "zoe"].map { Roster.Assignment(agentID: $0, start: shift.start, end: shift.end) }, timeZone: Tiny.utc)
        let optimizer = RosterOptimizer(solver: GLPKSolver())
        #expect(optimizer.tradedBySkills(bad, problem: problem, shouldStop: nil) == bad)
        var heard: [Double] = []
        let mended = try optimizer.improveByNeighbourhoods(
            bad, formulation: RosterFormulation(problem: problem), options: SolverOptions(timeLimitSeconds: 30), deadline: nil) { heard.append($0) }
        #expect(RosterValidator(problem: problem).objective(of: bad) == 440)
        #expect(mended.objective == 0 && heard == [0])
        #expect(Set(mended.roster.assignments.map(\.agentID)).contains("xan"))
    }
}
