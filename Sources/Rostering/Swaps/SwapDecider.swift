import LinearProgramming

/// What a swap request asks.
public enum SwapKind: String, Sendable, CaseIterable {
    /// The requester's shift for the counterpart's shift.
    case trade
    /// The requester gives a shift to the counterpart.
    case give
    /// The requester offers a shift to anyone who may take it.
    case offer
}

/// One request from `swaps.csv`.
public struct SwapRequest: Sendable, Equatable {
    public var id: String
    public var submittedAt: Instant
    public var kind: SwapKind
    public var requester: String
    /// Start of the requester's shift.
    public var shiftStart: Instant
    public var counterpart: String?
    /// Start of the counterpart's shift (trades).
    public var counterpartShiftStart: Instant?
    public var note: String
    /// Where the request was written, for the log.
    public var line: Int

    public init(id: String, submittedAt: Instant, kind: SwapKind, requester: String, shiftStart: Instant,
                counterpart: String? = nil, counterpartShiftStart: Instant? = nil, note: String = "", line: Int = 0) {
        self.id = id
        self.submittedAt = submittedAt
        self.kind = kind
        self.requester = requester
        self.shiftStart = shiftStart
        self.counterpart = counterpart
        self.counterpartShiftStart = counterpartShiftStart
        self.note = note
        self.line = line
    }
}

/// The decision on one request.
public struct SwapDecision: Sendable, Equatable {
    public let request: SwapRequest
    public let approved: Bool
    /// Every rule that fails, in words (empty when approved).
    public let reasons: [String]
    /// How coverage changes (or would change), in words; empty when it does not.
    public let coverageChange: String
    /// Who takes the shift (offers and gives).
    public let taker: String?
    /// Up to three variants that would be approved, for a rejected request.
    public let alternatives: [String]

    public init(request: SwapRequest, approved: Bool, reasons: [String], coverageChange: String, taker: String?, alternatives: [String]) {
        self.request = request
        self.approved = approved
        self.reasons = reasons
        self.coverageChange = coverageChange
        self.taker = taker
        self.alternatives = alternatives
    }
}

/// Decides swap requests against every rule, in submission order (ties by id), each seeing the
/// roster as changed by the requests approved before it. A shift that carries an activity
/// session never moves: its request is refused, naming the session. Rules are checked by the independent
/// ``RosterValidator`` (only violations a request would add count); coverage may not get worse
/// than `coverageToleranceAgentHours` of extra under-staffing.
public struct SwapDecider: Sendable {
    public let problem: RosterProblem
    public let solver: any MIPSolver
    public var coverageToleranceAgentHours: Double

    public init(problem: RosterProblem, solver: any MIPSolver, coverageToleranceAgentHours: Double = 0) {
        self.problem = problem
        self.solver = solver
        self.coverageToleranceAgentHours = coverageToleranceAgentHours
    }

    /// Decides every request; returns the decisions in processing order and the final roster.
    public func decide(_ requests: [SwapRequest], roster start: Roster) throws -> (decisions: [SwapDecision], roster: Roster) {
        var roster = start
        var decisions: [SwapDecision] = []
        for request in requests.sorted(by: { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }) {
            let decision = try decide(request, in: roster)
            if decision.approved, let changed = apply(request, taker: decision.taker, to: roster) { roster = changed }
            decisions.append(decision)
        }
        return (decisions, roster)
    }

    func decide(_ request: SwapRequest, in roster: Roster) throws -> SwapDecision {
        let zone = problem.horizon.timeZone
        func reject(_ reasons: [String], alternatives: [String] = []) -> SwapDecision {
            SwapDecision(request: request, approved: false, reasons: reasons, coverageChange: "", taker: nil, alternatives: alternatives)
        }
        let agents = Set(problem.agents.map(\.id))
        let whereWritten = request.line > 0 ? " (requests line \(request.line))" : ""
        var problems: [String] = []
        if !agents.contains(request.requester) { problems.append("unknown agent '\(request.requester)'\(whereWritten)") }
        if let counterpart = request.counterpart, !agents.contains(counterpart) { problems.append("unknown agent '\(counterpart)'\(whereWritten)") }
        if request.kind != .offer, request.counterpart == nil { problems.append("a \(request.kind.rawValue) needs a counterpart") }
        if request.counterpart == request.requester, request.counterpart != nil { problems.append("requester and counterpart are the same agent") }
        guard problems.isEmpty else { return reject(problems) }
        guard held(by: request.requester, at: request.shiftStart, in: roster) != nil else {
            return reject(["shift not held by the requester: \(request.requester) has no shift starting \(zone.isoText(request.shiftStart))\(whereWritten)"])
        }
        if request.kind == .trade {
            guard let theirs = request.counterpartShiftStart, held(by: request.counterpart!, at: theirs, in: roster) != nil else {
                let text = request.counterpartShiftStart.map { zone.isoText($0) } ?? "(none given)"
                return reject(["shift not held by the counterpart: \(request.counterpart!) has no shift starting \(text)\(whereWritten)"])
            }
        }

        // Activity sessions belong to their attendee: a shift carrying one does not move.
        let moving = [held(by: request.requester, at: request.shiftStart, in: roster)]
            + (request.kind == .trade ? [held(by: request.counterpart!, at: request.counterpartShiftStart!, in: roster)] : [])
        let carried = moving.compactMap { $0 }.flatMap { shift in shift.activities.map { (shift.agentID, $0) } }
        if !carried.isEmpty {
            return reject(carried.map { agent, session in
                let kind = problem.activities.first { $0.name == session.name }?.hard == false ? "soft" : "hard"
                return "activity: \(agent)'s shift carries '\(session.name)' \(zone.isoText(session.start))–\(zone.isoText(session.end)) (\(kind)); a session stays with its attendee, so the shift cannot move (ask the planner to re-roster)"
            })
        }

        switch request.kind {
        case .trade, .give:
            let (reasons, change) = evaluate(request, taker: request.counterpart, in: roster)
            if reasons.isEmpty {
                return SwapDecision(request: request, approved: true, reasons: [], coverageChange: change, taker: request.counterpart, alternatives: [])
            }
            return SwapDecision(request: request, approved: false, reasons: reasons, coverageChange: change, taker: nil,
                                alternatives: try alternatives(for: request, in: roster))
        case .offer:
            let ranked = try rankTakers(for: request, in: roster, excluding: [])
            guard let best = ranked.first else {
                return reject(["no eligible agent: nobody can take this shift without breaking a rule"])
            }
            return SwapDecision(request: request, approved: true, reasons: [], coverageChange: "", taker: best, alternatives: [])
        }
    }

    /// The roster after the request (with `taker` for gives and offers); nil if a shift is missing.
    public func apply(_ request: SwapRequest, taker: String?, to roster: Roster) -> Roster? {
        guard let mine = held(by: request.requester, at: request.shiftStart, in: roster) else { return nil }
        var assignments = roster.assignments.filter { $0 != mine }
        switch request.kind {
        case .trade:
            guard let counterpart = request.counterpart, let start = request.counterpartShiftStart,
                let theirs = held(by: counterpart, at: start, in: roster) else { return nil }
            assignments.removeAll { $0 == theirs }
            assignments.append(Roster.Assignment(agentID: counterpart, start: mine.start, end: mine.end, breaks: mine.breaks))
            assignments.append(Roster.Assignment(agentID: request.requester, start: theirs.start, end: theirs.end, breaks: theirs.breaks))
        case .give, .offer:
            guard let taker else { return nil }
            assignments.append(Roster.Assignment(agentID: taker, start: mine.start, end: mine.end, breaks: mine.breaks))
        }
        return Roster(assignments: assignments, timeZone: problem.horizon.timeZone)
    }

    func held(by agent: String, at start: Instant, in roster: Roster) -> Roster.Assignment? {
        roster.assignments.first { $0.agentID == agent && $0.start == start }
    }

    /// Every rule the change would break (violations the roster does not have already), and the
    /// coverage change in words.
    func evaluate(_ request: SwapRequest, taker: String?, in roster: Roster) -> (reasons: [String], coverage: String) {
        guard let changed = apply(request, taker: taker, to: roster) else { return (["the shifts could not be found"], "") }
        let validator = RosterValidator(problem: problem)
        let existing = Set(validator.violations(of: roster).map(\.description))
        var reasons = validator.violations(of: changed).filter { !existing.contains($0.description) }.map(Self.phrase)
        let before = problem.coverage(of: roster), after = problem.coverage(of: changed)
        let hours = Double(problem.horizon.intervalMinutes) / 60
        let zone = problem.horizon.timeZone
        guard problem.hasQueues else {
            let extraShortage = zip(before, after).reduce(0.0) { $0 + Double(max(0, $1.1.under - $1.0.under)) * hours }
            let described = Self.describeChange(before: before, after: after, zone: zone)
            let change = described.isEmpty ? "unchanged" : described
            if extraShortage > coverageToleranceAgentHours + 1e-9 {
                reasons.append("coverage: \(change) (\(Self.number(extraShortage)) agent-hours more under-staffed; tolerance \(Self.number(coverageToleranceAgentHours)))")
            }
            return (reasons, change)
        }
        // Several queues: a trade can leave the total as it was and still take a skill away from
        // a queue; each queue is held to the tolerance on its own, and named.
        var changes: [String] = []
        for (q, queue) in problem.queues.enumerated() {
            let count = { (row: IntervalCoverage) in row.byQueue[q].staffed }, short = { (row: IntervalCoverage) in row.byQueue[q].under }
            let described = Self.describeChange(before: before, after: after, zone: zone, count: count, short: short)
            guard !described.isEmpty else { continue }
            changes.append("queue \(queue): \(described)")
            let extraShortage = zip(before, after).reduce(0.0) { $0 + Double(max(0, short($1.1) - short($1.0))) * hours }
            if extraShortage > coverageToleranceAgentHours + 1e-9 {
                reasons.append("coverage of queue \(queue): \(described) (\(Self.number(extraShortage)) agent-hours more under-staffed; tolerance \(Self.number(coverageToleranceAgentHours)))")
            }
        }
        return (reasons, changes.isEmpty ? "unchanged" : changes.joined(separator: "; "))
    }

    static func phrase(_ violation: RosterValidator.Violation) -> String {
        "\(violation.rule): \(violation.message)"
    }

    /// Eligible takers of the requester's shift, best first: a small assignment problem solved
    /// with the solver, whose cost is the change in wish penalties and fairness plus the
    /// taker's share of their weekly cap already used (so spare capacity is preferred); ties go
    /// to the agent listed first.
    func rankTakers(for request: SwapRequest, in roster: Roster, excluding: Set<String>) throws -> [String] {
        let validator = RosterValidator(problem: problem)
        let baseline = validator.objective(of: roster)
        var candidates: [(agent: String, cost: Double)] = []
        for agent in problem.agents where agent.id != request.requester && !excluding.contains(agent.id) {
            var give = request
            give.kind = .give
            give.counterpart = agent.id
            let (reasons, _) = evaluate(give, taker: agent.id, in: roster)
            guard reasons.isEmpty, let changed = apply(give, taker: agent.id, to: roster) else { continue }
            let paid = changed.assignments.filter { $0.agentID == agent.id }.reduce(0) { $0 + $1.paidMinutes }
            let load = Double(paid) / Double(max(1, agent.maxWeeklyMinutes))
            // Equal costs go to the agent listed first in agents.csv (a tiny, deterministic tie-break).
            let order = Double(problem.agents.firstIndex { $0.id == agent.id } ?? 0) * 1e-6
            candidates.append((agent.id, validator.objective(of: changed) - baseline + load + order))
        }
        guard !candidates.isEmpty else { return [] }
        // Choose with the solver (one taker), then rank the rest by cost for alternatives.
        var model = MIPModel(name: "offer_\(request.id)")
        let variables = candidates.map { model.addVariable("take(\($0.agent))", kind: .binary) }
        model.addConstraint("one_taker", LinearExpression(variables.map { LinearTerm($0, 1) }), .equal(1))
        model.objective = LinearExpression(zip(variables, candidates).map { LinearTerm($0, $1.cost) })
        let result = try solver.solve(model, options: SolverOptions(timeLimitSeconds: 10))
        let chosen = result.values.flatMap { values in variables.firstIndex { values[$0.index] > 0.5 } }
        var ranked = candidates.enumerated().sorted { ($0.element.cost, $0.element.agent) < ($1.element.cost, $1.element.agent) }.map(\.element.agent)
        if let chosen {
            ranked.removeAll { $0 == candidates[chosen].agent }
            ranked.insert(candidates[chosen].agent, at: 0)
        }
        return ranked
    }

    /// Up to three variants of a rejected request that would be approved.
    func alternatives(for request: SwapRequest, in roster: Roster) throws -> [String] {
        let zone = problem.horizon.timeZone
        switch request.kind {
        case .give, .offer:
            return try rankTakers(for: request, in: roster, excluding: Set([request.counterpart].compactMap { $0 })).prefix(3).map { "give to \($0)" }
        case .trade:
            let date = zone.local(request.counterpartShiftStart ?? request.shiftStart).date
            var found: [String] = []
            for other in roster.assignments where other.agentID != request.requester && zone.local(other.start).date == date {
                guard !(other.agentID == request.counterpart && other.start == request.counterpartShiftStart) else { continue }
                var variant = request
                variant.counterpart = other.agentID
                variant.counterpartShiftStart = other.start
                if evaluate(variant, taker: other.agentID, in: roster).reasons.isEmpty {
                    found.append("trade with \(other.agentID)'s shift \(zone.isoText(other.start))")
                    if found.count == 3 { break }
                }
            }
            return found
        }
    }

    /// "Tue 07:00–11:00 −1; Wed 09:00–17:00 +1" (scheduled agents, by runs of equal change).
    static func describeChange(
        before: [IntervalCoverage], after: [IntervalCoverage], zone: SiteTimeZone,
        count: (IntervalCoverage) -> Int = { $0.scheduled }, short: (IntervalCoverage) -> Int = { $0.under }
    ) -> String {
        var parts: [String] = []
        var index = 0
        while index < before.count {
            let delta = count(after[index]) - count(before[index])
            guard delta != 0 else { index += 1; continue }
            var end = index
            while end + 1 < before.count, count(after[end + 1]) - count(before[end + 1]) == delta,
                zone.local(before[end + 1].start).date == zone.local(before[index].start).date { end += 1 }
            let start = zone.local(before[index].start), finish = zone.local(before[end].end)
            let shortAfter = after[index...end].map(short).max() ?? 0
            var text = "\(start.date.weekday.abbreviation) \(start.date) \(start.description.suffix(5))–\(finish.description.suffix(5)) \(delta > 0 ? "+" : "−")\(abs(delta))"
            if delta < 0, shortAfter > 0 { text += " (would be \(shortAfter) short)" }
            parts.append(text)
            index = end + 1
        }
        return parts.joined(separator: "; ")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 100).rounded() / 100)
    }
}
