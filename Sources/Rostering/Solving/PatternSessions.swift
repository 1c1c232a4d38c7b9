/// Activity sessions in the weekly search. An attendee's pattern holds their sessions: pricing
/// counts the sessions attended per activity in its state (``PatternPricing``), so every pattern
/// keeps its hard activities on its own, and a shift holding a session takes a placement of its
/// breaks of its own, clear of the session, outside its shift's break counts (as in the exact
/// model, ``RosterFormulation/addActivities(placements:)``).
///
/// The search places activities attended individually. A limit on how many attend at once
/// (one coach) couples the attendees: the master gets a row per activity and interval,
/// `Σ_p (sessions of p covering t)·λ_p ≤ N − held elsewhere`, whose dual prices the session's
/// intervals in pricing, and every roster the search keeps respects it (``repairAtOnce(_:coverage:)``,
/// capacity-aware moves; a neighbourhood sees what the others hold, ``RosterProblem/sessionsElsewhere``).

/// One individual activity a type's members attend, as pricing counts it.
struct SessionSlot: Sendable, Hashable {
    /// Index into `problem.activities`.
    let activity: Int
    /// Sessions each attendee attends.
    let sessions: Int
    /// Whether every session must be attended (else each missed one costs `missCost`).
    let hard: Bool
    let missCost: Double
}

/// Where each activity's sessions may go: the intervals each start takes and the starts that fit
/// inside each shift clear of its breaks under some placement.
struct SessionCatalog: Sendable {
    /// Per activity, per start (index into `problem.activityStarts`): the intervals it takes.
    let ranges: [[Range<Int>]]
    /// Per activity: for each shift some session fits in, those starts (indices, ascending).
    let fits: [[Int: [Int]]]
    /// Per activity: the index of each start instant.
    let startIndex: [[Instant: Int]]

    /// A session's code: its activity and start (index into the activity's starts; at most
    /// ``Activity/mostStarts`` < 4,096 of them).
    static func code(activity: Int, start: Int) -> Int { activity << 12 | start }
    static func activity(of code: Int) -> Int { code >> 12 }
    static func start(of code: Int) -> Int { code & 0xFFF }

    /// The domain's rule (``RosterProblem/sessionStarts(activity:starts:in:clear:)``) for every
    /// shift. O(activities × shifts × (log starts + starts inside a shift)).
    init(problem: RosterProblem) {
        var ranges: [[Range<Int>]] = [], fits: [[Int: [Int]]] = [], startIndex: [[Instant: Int]] = []
        for (k, activity) in problem.activities.enumerated() {
            let starts = problem.activityStarts[k]
            ranges.append(starts.map { problem.sessionIntervals(start: $0, minutes: activity.minutes) })
            let index = Dictionary(starts.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            startIndex.append(index)
            var clear: [Int: Set<Int>] = [:]
            var byShift: [Int: [Int]] = [:]
            for shift in problem.shifts {
                let length = shift.end - shift.start
                if clear[length] == nil { clear[length] = problem.sessionOffsetsClearOfBreaks(length: length, minutes: activity.minutes) }
                let found = problem.sessionStarts(activity: activity, starts: starts, in: shift, clear: clear[length]!).compactMap { index[$0] }
                if !found.isEmpty { byShift[shift.index] = found }
            }
            fits.append(byShift)
        }
        self.ranges = ranges
        self.fits = fits
        self.startIndex = startIndex
    }
}

extension PatternSearch {
    /// What in the problem's activities the weekly search does not place yet, in words; nil
    /// when it places them all.
    var unsupportedActivities: String? {
        problem.activities.first(where: \.isMeeting).map { "activities attended together (\($0.name))" }
    }

    /// How many may attend activity `k` at once, when it says (individual activities only).
    func atOnceLimit(_ k: Int) -> Int? {
        guard case .individual(let atOnce) = problem.activities[k].attendance else { return nil }
        return atOnce
    }

    /// Per activity with an at-once limit: the sessions in each interval, those held elsewhere
    /// (``RosterProblem/sessionsElsewhere``) included. O(sessions × their intervals).
    func occupancy(_ choice: [WeeklyPattern]) -> [Int: [Int]] {
        var counts: [Int: [Int]] = [:]
        for k in problem.activities.indices where atOnceLimit(k) != nil {
            var row = Array(repeating: 0, count: problem.horizon.intervalCount)
            if k < problem.sessionsElsewhere.count { for (interval, held) in problem.sessionsElsewhere[k] { row[interval] += held } }
            counts[k] = row
        }
        guard !counts.isEmpty else { return counts }
        for pattern in choice { for code in pattern.sessions where code >= 0 { adjust(&counts, code, by: 1) } }
        return counts
    }

    /// Adds `change` to the occupancy of the intervals of session `code` (when its activity has a limit).
    @inline(__always)
    func adjust(_ counts: inout [Int: [Int]], _ code: Int, by change: Int) {
        let k = SessionCatalog.activity(of: code)
        guard counts[k] != nil else { return }
        for interval in sessionRange(code) { counts[k]![interval] += change }
    }

    /// Whether session `code` fits under its activity's limit given `counts` (without it).
    @inline(__always)
    func hasRoom(_ counts: [Int: [Int]], _ code: Int) -> Bool {
        let k = SessionCatalog.activity(of: code)
        guard let row = counts[k], let limit = atOnceLimit(k) else { return true }
        return sessionRange(code).allSatisfy { row[$0] < limit }
    }

    /// Whether every session of the roster keeps its activity's at-once limit.
    func keepsAtOnce(_ choice: [WeeklyPattern]) -> Bool {
        let counts = occupancy(choice)
        return counts.allSatisfy { k, row in row.allSatisfy { $0 <= atOnceLimit(k)! } }
    }

    /// Moves sessions that break an at-once limit (agents in order) to a start and own placement
    /// with room on the same shift, else on another of the agent's shifts without a session, at
    /// the cheapest coverage; a soft session with no room is dropped (missed). Returns false when
    /// a hard session finds no room. O(sessions × shifts × starts × placements).
    func repairAtOnce(_ choice: inout [WeeklyPattern], coverage: inout [Int]) -> Bool {
        var counts = occupancy(choice)
        guard !counts.isEmpty else { return true }
        let required = problem.required
        var set = 0, offset = 0  // the agent's skill set and where its slots start (0 without queues)
        func offPhone(_ intervals: some Sequence<Int>) -> Double { intervals.reduce(0.0) { $0 + (isNeeded(set, $1, coverage, required) ? under : -over) } }
        var kept = true
        for agent in choice.indices where !choice[agent].sessions.isEmpty {
            (set, offset) = skillSlots(of: agent)
            let pattern = choice[agent]
            var plans = pattern.shifts.indices.map { pattern.plan(at: $0) }
            var sessions = pattern.sessions
            for (position, code) in pattern.sessions.enumerated() where code >= 0 {
                let k = SessionCatalog.activity(of: code)
                guard let row = counts[k], let limit = atOnceLimit(k), sessionRange(code).contains(where: { row[$0] > limit }) else { continue }
                // Take it out (with its own breaks), then look for room.
                adjust(&counts, code, by: -1)
                let shift = pattern.shifts[position]
                let placements = breakCover.isEmpty || breakCover[shift].isEmpty ? [[Int]()] : breakCover[shift]
                for interval in placements[plans[position]] { coverage[offset + interval] += 1 }
                for interval in sessionRange(code) { coverage[offset + interval] += 1 }
                sessions[position] = -1
                var best: (position: Int, plan: Int, code: Int, cost: Double)?
                for (other, candidate) in pattern.shifts.enumerated() where sessions[other] < 0 {
                    let options = breakCover.isEmpty || breakCover[candidate].isEmpty ? [[Int]()] : breakCover[candidate]
                    // The shift's breaks where they are now, priced with the agent back on the
                    // phone there (the session's own shift has them back already).
                    let current = plans[other]
                    for interval in options[current] where other != position { coverage[offset + interval] += 1 }
                    let now = offPhone(options[current])
                    for start in catalog.fits[k][candidate] ?? [] {
                        let moved = SessionCatalog.code(activity: k, start: start)
                        guard hasRoom(counts, moved) else { continue }
                        for plan in options.indices where isClear(shift: candidate, plan: plan, session: moved) {
                            let cost = offPhone(options[plan]) + offPhone(sessionRange(moved)) - now - keptRefund(agent, moved)
                            if cost < (best?.cost ?? .infinity) - 1e-9 { best = (other, plan, moved, cost) }
                        }
                    }
                    for interval in options[current] where other != position { coverage[offset + interval] -= 1 }
                }
                if let best {
                    let target = pattern.shifts[best.position]
                    let options = breakCover.isEmpty || breakCover[target].isEmpty ? [[Int]()] : breakCover[target]
                    if best.position != position {
                        // The session moves to another shift: this one keeps its breaks where they were.
                        for interval in placements[plans[position]] { coverage[offset + interval] -= 1 }
                        for interval in options[plans[best.position]] { coverage[offset + interval] += 1 }
                    }
                    (plans[best.position], sessions[best.position]) = (best.plan, best.code)
                    for interval in options[best.plan] { coverage[offset + interval] -= 1 }
                    for interval in sessionRange(best.code) { coverage[offset + interval] -= 1 }
                    adjust(&counts, best.code, by: 1)
                } else {
                    // No room: the shift keeps its breaks where they were; a hard session is lost.
                    for interval in placements[plans[position]] { coverage[offset + interval] -= 1 }
                    if problem.activities[k].hard { kept = false }
                }
            }
            choice[agent] = WeeklyPattern(shifts: pattern.shifts, plans: plans, sessions: sessions)
        }
        return kept
    }

    /// The intervals of a session code.
    @inline(__always)
    func sessionRange(_ code: Int) -> Range<Int> { catalog.ranges[SessionCatalog.activity(of: code)][SessionCatalog.start(of: code)] }

    /// Whether placement `plan` of `shift`'s breaks leaves the session `code` clear.
    func isClear(shift: Int, plan: Int, session code: Int) -> Bool {
        guard !breakCover.isEmpty, plan < breakCover[shift].count else { return true }
        let range = sessionRange(code)
        return !breakCover[shift][plan].contains(where: range.contains)
    }

    /// Per activity, per shift a session fits in: the session and own placement of the shift's
    /// breaks, clear of each other, whose intervals are worth least when an agent on the phone in
    /// interval t is worth `price[t]` (nil: any interval worth 0), and that worth. Ties go to the
    /// earlier start, then the earlier placement. `atOnce` adds, per activity with a limit, what a
    /// session in each interval costs against it (the negated dual of its at-once row).
    /// O(Σ shifts × (placements log placements + starts × placements tried)).
    func sessionTable(price: [Double]?, atOnce: [Int: [Int: Double]] = [:]) -> [[Int: (worth: Double, code: Int, plan: Int)]] {
        func worth(_ intervals: some Sequence<Int>) -> Double { price.map { price in intervals.reduce(0.0) { $0 + price[$1] } } ?? 0 }
        return catalog.fits.enumerated().map { k, byShift in
            let limit = atOnce[k]
            var table: [Int: (worth: Double, code: Int, plan: Int)] = [:]
            for (shift, starts) in byShift {
                let placements = breakCover.isEmpty ? [] : breakCover[shift]
                let order = placements.isEmpty ? [(plan: 0, worth: 0.0)]
                    : placements.indices.map { (plan: $0, worth: worth(placements[$0])) }.sorted { ($0.worth, $0.plan) < ($1.worth, $1.plan) }
                var best: (worth: Double, code: Int, plan: Int)?
                for start in starts {
                    let range = catalog.ranges[k][start]
                    let session = worth(range) + (limit.map { limit in range.reduce(0.0) { $0 + (limit[$1] ?? 0) } } ?? 0)
                    for (plan, breaks) in order {
                        if let found = best, session + breaks >= found.worth - 1e-12 { break }
                        if !placements.isEmpty, placements[plan].contains(where: range.contains) { continue }
                        best = (session + breaks, SessionCatalog.code(activity: k, start: start), plan)
                        break
                    }
                }
                if let best { table[shift] = best }
            }
            return table
        }
    }

    /// Pricing's `sessionCost` for `type` (nil without activities): a shift holding a session
    /// costs `base(shift)` plus what the session and its own placement take (``sessionTable(price:)``).
    func sessionCost(
        _ type: Int, table: [[Int: (worth: Double, code: Int, plan: Int)]], base: @escaping (Int) -> Double, price: [Double]? = nil, atOnce: [Int: [Int: Double]] = [:]
    ) -> ((Int, Int) -> PatternPricing.SessionOption?)? {
        let slots = types[type].sessionSlots
        guard !slots.isEmpty else { return nil }
        let kept = keptSessionOptions(type, price: price, atOnce: atOnce), shifts = problem.shifts.count
        return { shift, slot in
            let k = slots[slot].activity
            var found = table[k][shift]
            if let option = kept[k * shifts + shift], option.worth < (found?.worth ?? .infinity) { found = option }
            guard let found else { return nil }
            return (base(shift) + found.worth, found.code, found.plan)
        }
    }

    /// Re-rostering: per activity and shift (`k × shifts + shift`) of `type`, its cheapest
    /// published session there (with its own placement of the breaks, clear of it) at `price`
    /// (the table's prices, `atOnce` included; nil: nothing), less the activity-change weight
    /// that keeping it refunds. Empty for a type without published sessions.
    /// O(published sessions × shifts × placements).
    func keptSessionOptions(_ type: Int, price: [Double]?, atOnce: [Int: [Int: Double]]) -> [Int: (worth: Double, code: Int, plan: Int)] {
        let codes = types[type].publishedSessions
        guard !codes.isEmpty else { return [:] }
        func worth(_ intervals: some Sequence<Int>) -> Double { price.map { price in intervals.reduce(0.0) { $0 + price[$1] } } ?? 0 }
        var kept: [Int: (worth: Double, code: Int, plan: Int)] = [:]
        for code in codes.sorted() {
            let k = SessionCatalog.activity(of: code), start = SessionCatalog.start(of: code), range = sessionRange(code)
            let session = worth(range) + (atOnce[k].map { limit in range.reduce(0.0) { $0 + (limit[$1] ?? 0) } } ?? 0) - problem.activityChangeWeight
            for shift in types[type].shiftsByDay.joined() where catalog.fits[k][shift]?.contains(start) == true {
                let placements = breakCover.isEmpty || breakCover[shift].isEmpty ? [[Int]()] : breakCover[shift]
                let clear = placements.indices.filter { isClear(shift: shift, plan: $0, session: code) }.map { (plan: $0, worth: worth(placements[$0])) }
                guard let best = clear.min(by: { ($0.worth, $0.plan) < ($1.worth, $1.plan) }) else { continue }
                let key = k * problem.shifts.count + shift
                if session + best.worth < (kept[key]?.worth ?? .infinity) { kept[key] = (session + best.worth, code, best.plan) }
            }
        }
        return kept
    }

    /// What holding session `code` refunds `agent` when re-rostering: the activity-change weight
    /// for a published session of theirs, else 0.
    @inline(__always)
    func keptRefund(_ agent: Int, _ code: Int) -> Double {
        types[typeOfAgent[agent]].publishedSessions.contains(code) ? problem.activityChangeWeight : 0
    }

    /// The sessions `patterns` hold (codes by shift) and the own placements of the breaks around
    /// them (by shift): what a restricted model offers besides the LP's placements.
    func heldSessions(_ patterns: [WeeklyPattern]) -> (codes: [Int: Set<Int>], plans: [Int: Set<Int>]) {
        var codes: [Int: Set<Int>] = [:], plans: [Int: Set<Int>] = [:]
        for pattern in patterns where !pattern.sessions.isEmpty {
            for (position, shift) in pattern.shifts.enumerated() where pattern.session(at: position) >= 0 {
                codes[shift, default: []].insert(pattern.session(at: position))
                if !breakCover.isEmpty, breakCover[shift].count > 1 { plans[shift, default: []].insert(pattern.plan(at: position)) }
            }
        }
        return (codes, plans)
    }

    /// A restricted model's session starts (activity, shift → instants) from codes by shift.
    func sessionStarts(_ codes: [Int: Set<Int>]) -> (Int, Int) -> Set<Instant> {
        var starts: [Int: [Int: Set<Instant>]] = [:]
        for (shift, set) in codes {
            for code in set {
                let k = SessionCatalog.activity(of: code)
                starts[k, default: [:]][shift, default: []].insert(problem.activityStarts[k][SessionCatalog.start(of: code)])
            }
        }
        return { k, shift in starts[k]?[shift] ?? [] }
    }

    /// A roster's sessions of a pattern's shift, for ``Roster/Assignment``.
    func rosterSessions(_ code: Int) -> [Roster.Session] {
        guard code >= 0 else { return [] }
        let k = SessionCatalog.activity(of: code)
        let start = problem.activityStarts[k][SessionCatalog.start(of: code)]
        return [Roster.Session(name: problem.activities[k].name, start: start, end: start + problem.activities[k].minutes)]
    }

    /// Patterns from a solution of a (restricted) full model: each agent's shifts with the
    /// placements of their breaks and their sessions.
    func patterns(_ formulation: RosterFormulation, values: [Double]) -> [WeeklyPattern] {
        let held = formulation.activityValues(values).sessions
        return formulation.decodePlans(values).enumerated().map { agent, placed in
            WeeklyPattern(shifts: placed.map(\.shift), plans: placed.map(\.plan), sessions: placed.map { entry in
                guard let session = held[AgentShiftKey(agent: agent, shift: entry.shift)]?.first,
                    let k = problem.activities.firstIndex(where: { $0.name == session.name }),
                    let start = catalog.startIndex[k][session.start]
                else { return -1 }
                return SessionCatalog.code(activity: k, start: start)
            })
        }
    }

    /// `choice` (shifts without sessions) with each attendee's sessions placed one at a time
    /// where they cost least given everyone else's coverage, on shifts holding none yet, each
    /// with its own placement of the shift's breaks; a soft activity's session only where it costs
    /// less than missing it. Nil when a hard activity finds too few shifts to hold its sessions.
    /// O(sessions × shifts of the agent × starts × placements).
    func placeSessions(_ choice: [WeeklyPattern]) -> [WeeklyPattern]? {
        guard problem.hasActivities else { return choice }
        var placed = choice
        var coverage = coverageOf(choice)
        var held = occupancy(choice)
        let required = problem.required
        var set = 0, offset = 0  // the agent's skill set and where its slots start (0 without queues)
        func offPhone(_ intervals: some Sequence<Int>) -> Double { intervals.reduce(0.0) { $0 + (isNeeded(set, $1, coverage, required) ? under : -over) } }
        for agent in placed.indices {
            (set, offset) = skillSlots(of: agent)
            let slots = types[typeOfAgent[agent]].sessionSlots
            guard !slots.isEmpty else { continue }
            let pattern = placed[agent]
            var plans = pattern.shifts.indices.map { pattern.plan(at: $0) }
            var sessions = pattern.shifts.indices.map { pattern.session(at: $0) }
            for slot in slots {
                for _ in 0..<slot.sessions {
                    var best: (position: Int, plan: Int, code: Int, cost: Double)?
                    for (position, shift) in pattern.shifts.enumerated() where sessions[position] < 0 {
                        let placements = breakCover.isEmpty || breakCover[shift].isEmpty ? [[Int]()] : breakCover[shift]
                        // Off the phone now: the breaks of the shift's current placement, priced
                        // with the agent back on the phone there.
                        for interval in placements[plans[position]] { coverage[offset + interval] += 1 }
                        let now = offPhone(placements[plans[position]])
                        for start in catalog.fits[slot.activity][shift] ?? [] {
                            let code = SessionCatalog.code(activity: slot.activity, start: start)
                            guard hasRoom(held, code) else { continue }
                            for plan in placements.indices where isClear(shift: shift, plan: plan, session: code) {
                                let cost = offPhone(placements[plan]) + offPhone(sessionRange(code)) - now - keptRefund(agent, code)
                                if cost < (best?.cost ?? .infinity) - 1e-9 { best = (position, plan, code, cost) }
                            }
                        }
                        for interval in placements[plans[position]] { coverage[offset + interval] -= 1 }
                    }
                    guard let best else {
                        if slot.hard { return nil }
                        break
                    }
                    if !slot.hard && best.cost >= slot.missCost { break }
                    let shift = pattern.shifts[best.position]
                    let placements = breakCover.isEmpty || breakCover[shift].isEmpty ? [[Int]()] : breakCover[shift]
                    for interval in placements[plans[best.position]] { coverage[offset + interval] += 1 }
                    for interval in placements[best.plan] { coverage[offset + interval] -= 1 }
                    for interval in sessionRange(best.code) { coverage[offset + interval] -= 1 }
                    adjust(&held, best.code, by: 1)
                    (plans[best.position], sessions[best.position]) = (best.plan, best.code)
                }
            }
            placed[agent] = WeeklyPattern(shifts: pattern.shifts, plans: plans, sessions: sessions)
        }
        return placed
    }

    /// Moves each session, with its own placement of the breaks, to the start and placement that
    /// make coverage cheapest given everyone else (as ``improveBreaks(_:coverage:)`` moves
    /// breaks), agent by agent, until a pass moves nothing (at most 10 passes). Ties keep the
    /// current choice, then the first. O(passes × sessions × starts × placements).
    func improveSessions(_ choice: inout [WeeklyPattern], coverage: inout [Int]) {
        guard problem.hasActivities else { return }
        let required = problem.required
        var held = occupancy(choice)
        passes: for _ in 0..<10 {
            var moved = false
            for agent in choice.indices where !choice[agent].sessions.isEmpty {
                if isOutOfTime { break passes }
                let (set, offset) = skillSlots(of: agent)
                let pattern = choice[agent]
                var plans = pattern.shifts.indices.map { pattern.plan(at: $0) }
                var sessions = pattern.sessions
                for (position, shift) in pattern.shifts.enumerated() where sessions[position] >= 0 {
                    let k = SessionCatalog.activity(of: sessions[position])
                    let placements = breakCover.isEmpty || breakCover[shift].isEmpty ? [[Int]()] : breakCover[shift]
                    for interval in placements[plans[position]] { coverage[offset + interval] += 1 }
                    for interval in sessionRange(sessions[position]) { coverage[offset + interval] += 1 }
                    adjust(&held, sessions[position], by: -1)
                    let published = types[typeOfAgent[agent]].publishedPlans[shift]
                    let wished = types[typeOfAgent[agent]].wishes?.placementCost[shift]
                    func offPhone(_ intervals: some Sequence<Int>) -> Double { intervals.reduce(0.0) { $0 + (isNeeded(set, $1, coverage, required) ? under : -over) } }
                    func cost(_ plan: Int, _ code: Int) -> Double {
                        offPhone(placements[plan]) + offPhone(sessionRange(code)) + placementCost(published: published, wished: wished, plan: plan) - keptRefund(agent, code)
                    }
                    var best = (plan: plans[position], code: sessions[position], cost: cost(plans[position], sessions[position]))
                    for start in catalog.fits[k][shift] ?? [] {
                        let code = SessionCatalog.code(activity: k, start: start)
                        guard hasRoom(held, code) else { continue }
                        for plan in placements.indices where isClear(shift: shift, plan: plan, session: code) {
                            let value = cost(plan, code)
                            if value < best.cost - 1e-9 { best = (plan, code, value) }
                        }
                    }
                    if best.plan != plans[position] || best.code != sessions[position] { moved = true }
                    (plans[position], sessions[position]) = (best.plan, best.code)
                    for interval in placements[best.plan] { coverage[offset + interval] -= 1 }
                    for interval in sessionRange(best.code) { coverage[offset + interval] -= 1 }
                    adjust(&held, best.code, by: 1)
                }
                choice[agent] = WeeklyPattern(shifts: pattern.shifts, plans: plans, sessions: sessions)
            }
            if !moved || options.shouldStop?() == true { break }
        }
    }
}
