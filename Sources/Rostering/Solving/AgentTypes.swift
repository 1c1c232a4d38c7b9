/// Agents who are interchangeable for the pattern search: the same contract (weekly and horizon
/// rules), the same shifts they may work, the same wishes at the same weights, the same shift
/// requests, and with queues the same skill set. Every member may work any pattern of
/// the type, and every pattern costs every member the same.
struct AgentType: Sendable {
    /// Indices into `problem.agents`, in order.
    let members: [Int]
    /// The contract every member shares (the first member's record).
    let agent: Agent
    /// Shifts the members may work, by day (shift indices in `problem.shifts` order).
    let shiftsByDay: [[Int]]
    /// The members' wishes as costs (nil without wishes).
    let wishes: AgentWishTerms?
    /// What each shift costs by the members' days, and what is paid whatever happens:
    /// re-rostering's changed agent-days against the published roster (a changed day for each
    /// published day, refunded by working its shift), and shift requests (an off request's
    /// weight on each shift it names; an on request's weight, refunded by working a shift it
    /// names: an agent works at most one shift a day, so that is exact).
    let dayCost: [Int: Double]
    let dayConstant: Double
    /// Days on which a locked published shift must be worked.
    let lockedDays: Set<Int>
    /// Re-rostering with breaks: the published placement of each kept shift's breaks, for
    /// shifts with several placements (``RosterProblem/publishedBreakPlan(agent:shift:)``); any
    /// other placement costs the break-change weight. A published placement that no longer
    /// exists is in ``dayCost`` instead (it costs whatever the placement).
    let publishedPlans: [Int: Int]
    /// The individual activities the members attend (``SessionSlot``), in the problem's order;
    /// empty for agents who attend none.
    let sessionSlots: [SessionSlot]
    /// Re-rostering with activities: the session codes (``SessionCatalog``) of the members'
    /// published sessions that can still be held; each one kept refunds the activity-change
    /// weight that ``dayConstant`` charges for every published session of an activity they attend.
    let publishedSessions: Set<Int>
    /// With queues: the members' skill set (index into ``RosterProblem/skillSets()``); 0 without.
    let skillSet: Int

    /// Groups `problem.agents` into types, in order of each type's first member. Agents whose
    /// wishes cost the same share a type. (Measured on the benchmark weeks: giving each agent with
    /// wishes a type of its own was faster on S and L, slower on M, and made the XL master so
    /// large that its column generation took 25 s instead of 4 s.)
    static func types(of problem: RosterProblem) -> [AgentType] {
        let requestsOf = Dictionary(grouping: problem.dayLevel.requests, by: \.agentID).mapValues { list in
            list.map { TypeRequest(day: $0.day, template: $0.template, on: $0.kind == .on, weight: $0.weight) }
        }
        let skillSets = problem.skillSets().ofAgent
        let publishedByAgent = Dictionary(grouping: problem.published?.assignments ?? [], by: \.agentID)
        let attended = { (id: String) in problem.activities.indices.filter { problem.activities[$0].attendees.contains(id) } }
        var order: [TypeKey] = []
        var members: [TypeKey: [Int]] = [:]
        var eligibleOf: [TypeKey: [Int]] = [:]
        for (index, agent) in problem.agents.enumerated() {
            let eligible = problem.shifts.filter { problem.isEligible(agent, for: $0) }.map(\.index)
            let wishes = AgentWishTerms(problem: problem, agent: agent, shifts: eligible.map { problem.shifts[$0] })?.signature
            var published: [Int: Int] = [:], plans: [Int: Int] = [:]
            if problem.published != nil {
                for assignment in publishedByAgent[agent.id] ?? [] {
                    guard let day = problem.horizon.dayIndex(of: problem.horizon.timeZone.local(assignment.start).date), published[day] == nil else { continue }
                    let kept = eligible.first { problem.shifts[$0].start == assignment.start && problem.shifts[$0].end == assignment.end } ?? -1
                    published[day] = kept
                    if kept >= 0, let plan = problem.publishedBreakPlan(agent: index, shift: problem.shifts[kept]) { plans[kept] = plan }
                }
            }
            let key = TypeKey(
                cap: agent.maxWeeklyMinutes, minimum: agent.minWeeklyMinutes, days: agent.maxDaysPerWeek, rest: agent.minRestMinutes,
                rules: agent.rules, eligible: eligible, activities: attended(agent.id), wishes: wishes, published: published, plans: plans, skills: skillSets[index],
                requests: requestsOf[agent.id] ?? [], sessions: publishedSessions(of: agent.id, in: publishedByAgent[agent.id] ?? [], problem: problem))
            if members[key] == nil {
                order.append(key)
                eligibleOf[key] = eligible
            }
            members[key, default: []].append(index)
        }
        return order.map { key in
            let first = problem.agents[members[key]![0]]
            let eligible = eligibleOf[key]!
            var byDay = Array(repeating: [Int](), count: problem.horizon.days)
            for shift in eligible { byDay[problem.shifts[shift].day].append(shift) }
            // Changed agent-days, as in the full model: a published day costs the change weight
            // unless its shift is worked; another day costs it for any shift.
            var dayCost: [Int: Double] = [:]
            var dayConstant = 0.0
            var lockedDays = Set<Int>()
            if problem.published != nil {
                let weight = problem.changeWeight
                for day in 0..<problem.horizon.days {
                    if let kept = key.published[day] {
                        dayConstant += weight
                        if kept >= 0 {
                            dayCost[kept] = -weight
                            if problem.lockPublished {
                                lockedDays.insert(day)
                                byDay[day] = [kept]
                            }
                        }
                    } else {
                        for shift in byDay[day] { dayCost[shift] = weight }
                    }
                }
            }
            // Shift requests, as the full model pays them (``RosterFormulation/addShiftRequests()``).
            for request in key.requests {
                if request.on { dayConstant += request.weight }
                for shift in byDay[request.day] where problem.shifts[shift].templateName == request.template {
                    dayCost[shift, default: 0] += request.on ? -request.weight : request.weight
                }
            }
            // Published sessions, as the full model pays them (``RosterFormulation/addPublishedSessionChanges()``).
            dayConstant += Double(key.sessions.changes) * problem.activityChangeWeight
            let publishedPlans = movedBreaks(key.plans, dayCost: &dayCost, problem: problem)
            return AgentType(
                members: members[key]!, agent: first, shiftsByDay: byDay,
                wishes: AgentWishTerms(problem: problem, agent: first, shifts: eligible.map { problem.shifts[$0] }),
                dayCost: dayCost, dayConstant: dayConstant, lockedDays: lockedDays, publishedPlans: publishedPlans,
                sessionSlots: sessionSlots(key.activities, problem: problem), publishedSessions: Set(key.sessions.codes), skillSet: key.skills)
        }
    }

    /// An agent's published sessions of the activities they still attend (each costs the
    /// activity-change weight unless kept), and the codes of those whose start the activity
    /// still has (those that can be kept). O(published sessions × starts).
    static func publishedSessions(of id: String, in assignments: [Roster.Assignment], problem: RosterProblem) -> TypeSessions {
        guard problem.activityChangeWeight > 0 else { return TypeSessions(changes: 0, codes: []) }
        var changes = 0, codes: [Int] = []
        for session in assignments.flatMap(\.activities) {
            guard let k = problem.activities.firstIndex(where: { $0.name == session.name }), problem.activities[k].attendees.contains(id) else { continue }
            changes += 1
            if let start = problem.activityStarts[k].firstIndex(of: session.start) { codes.append(SessionCatalog.code(activity: k, start: start)) }
        }
        return TypeSessions(changes: changes, codes: Array(Set(codes)).sorted())
    }

    /// Kept shifts whose published breaks may move: the published placement of each shift with
    /// several placements; a shift with one placement, or whose published placement no longer
    /// exists, pays the break-change weight in `dayCost` instead (whatever the placement).
    static func movedBreaks(_ plans: [Int: Int], dayCost: inout [Int: Double], problem: RosterProblem) -> [Int: Int] {
        var publishedPlans: [Int: Int] = [:]
        for (shift, plan) in plans {
            if plan < 0 || problem.breakPlans(of: problem.shifts[shift]).count == 1 {
                if plan != 0 { dayCost[shift, default: 0] += problem.breakChangeWeight }
            } else {
                publishedPlans[shift] = plan
            }
        }
        return publishedPlans
    }

    /// The individual activities among `activities` (indices into `problem.activities`) as
    /// pricing counts them.
    static func sessionSlots(_ activities: [Int], problem: RosterProblem) -> [SessionSlot] {
        activities.compactMap { index in
            let activity = problem.activities[index]
            guard case .individual = activity.attendance else { return nil }
            return SessionSlot(activity: index, sessions: activity.sessions, hard: activity.hard, missCost: activity.missCost)
        }
    }
}

/// What makes two agents interchangeable for the pattern search (``AgentType/types(of:)``).
private struct TypeKey: Hashable {
    let cap, minimum, days, rest: Int
    let rules: HorizonRules
    let eligible: [Int], activities: [Int]  // shifts the agent may work, activities attended
    let wishes: AgentWishTerms.Signature?
    /// Published shift per day (−1: published but no longer possible).
    let published: [Int: Int]
    /// Published placement of the breaks per kept shift (−1: none matches).
    let plans: [Int: Int]
    /// Skill set (0 without queues).
    let skills: Int
    /// Shift requests, in the problem's order.
    let requests: [TypeRequest]
    /// Published sessions (re-rostering with activities).
    let sessions: TypeSessions
}
/// Published sessions as a type's key holds them (``AgentType/publishedSessions(of:in:problem:)``).
struct TypeSessions: Hashable {
    let changes: Int, codes: [Int]
}
/// A shift request as a type's key holds it.
private struct TypeRequest: Hashable {
    let day: Int, template: String, on: Bool, weight: Double
}
