import LinearProgramming

/// Patterns, their costs and the moves of ``PatternSearch``: the pool, coverage and scoring,
/// local improvement, and the choice of a neighbourhood.
extension PatternSearch {
    /// What working `shift` costs a member of `type` besides coverage: wishes, shift requests
    /// and, when re-rostering, changed agent-days.
    func wishShiftCost(_ type: Int, _ shift: Int) -> Double {
        (types[type].wishes?.shiftCost[shift] ?? 0) + (types[type].dayCost[shift] ?? 0)
    }

    /// What placement `plan` of a shift's breaks costs a member: the break-change weight when
    /// they keep the shift from the published roster with placement `published`
    /// (``AgentType/publishedPlans``, nil when there is none to keep) and it moves those breaks,
    /// plus what their break-window wishes charge it above the shift's cheapest placement
    /// (`wished`, ``AgentWishTerms/placementCost``). The caller looks both up once per shift.
    @inline(__always)
    func placementCost(published: Int?, wished: [Double]?, plan: Int) -> Double {
        var cost = wished.map { plan < $0.count ? $0[plan] : 0 } ?? 0
        if let published, published != plan { cost += problem.breakChangeWeight }
        return cost
    }

    /// A pattern's placement costs (``placementCost(published:wished:plan:)`` over its shifts)
    /// and the wish points they refuse. Not in the master's column costs, which price every
    /// shift at its published or cheapest placement: the terms are never negative, so the bound
    /// stays valid.
    func placementTerms(_ type: Int, _ pattern: WeeklyPattern) -> (cost: Double, points: Double) {
        let published = types[type].publishedPlans, wished = types[type].wishes?.placementCost ?? [:]
        guard !published.isEmpty || !wished.isEmpty else { return (0, 0) }
        var cost = 0.0, points = 0.0
        for (shift, plan) in pattern.placed {
            cost += placementCost(published: published[shift], wished: wished[shift], plan: plan)
            if let refused = types[type].wishes?.placementPoints[shift], plan < refused.count { points += refused[plan] }
        }
        return (cost, points)
    }

    /// Adds a pattern to its type's pool and to its twins' (with queues, the types that differ
    /// from it only by their skill set: the same pattern keeps their rules at the same cost), with
    /// its wish cost and refused points.
    func remember(_ pattern: WeeklyPattern, type: Int) {
        for twin in twins[type] { rememberOwn(pattern, type: twin) }
    }

    private func rememberOwn(_ pattern: WeeklyPattern, type: Int) {
        guard inPool[type].insert(pattern).inserted else { return }
        pools[type].append(pattern)
        var cost = types[type].dayConstant, points = 0.0
        for shift in pattern.shifts { cost += types[type].dayCost[shift] ?? 0 }
        if let wishes = types[type].wishes {
            let horizon = problem.horizon
            cost += wishes.constant
            points = wishes.constantPoints
            var minutesByWeek = Array(repeating: 0, count: horizon.weekCount)
            for shift in pattern.shifts {
                cost += wishes.shiftCost[shift] ?? 0
                points += wishes.shiftPoints[shift] ?? 0
                minutesByWeek[horizon.weekIndex(ofDay: problem.shifts[shift].day)] += problem.shifts[shift].paidMinutes
            }
            for minutes in minutesByWeek {
                cost += wishes.weeklyMaximumCost(minutes: minutes)
                points += wishes.weeklyMaximumPoints(minutes: minutes)
            }
        }
        // Sessions missed: a soft activity's at its penalty; a hard one's make the week unusable
        // (only a repair that found no room leaves one).
        for slot in types[type].sessionSlots {
            let attended = pattern.sessions.filter { $0 >= 0 && SessionCatalog.activity(of: $0) == slot.activity }.count
            cost += attended < slot.sessions && slot.hard ? .infinity : Double(max(0, slot.sessions - attended)) * slot.missCost
        }
        // Re-rostering: each published session kept refunds its change (charged in dayConstant).
        if !types[type].publishedSessions.isEmpty {
            cost -= problem.activityChangeWeight * Double(pattern.sessions.filter { $0 >= 0 && types[type].publishedSessions.contains($0) }.count)
        }
        // Past a template maximum or totals the pricing does not keep: a column of the LP, never a roster's.
        if !keepsOutside(pattern, type: type) {
            columnCosts[type][pattern] = cost
            cost = .infinity
        }
        wishCosts[type][pattern] = (cost, points)
    }

    /// Ctrl-C, or the time limit reached: local moves stop where they are (the wall clock may
    /// cut a run; a run that ends by its work limit or its gap never meets it).
    var isOutOfTime: Bool { options.shouldStop?() == true || (timeLeft().map { $0 <= 0 } ?? false) }

    /// Adds `change` agents working `pattern` to `coverage`, in the slots of `agent`'s skill set
    /// and on the day-level demands of its shifts.
    func apply(_ pattern: WeeklyPattern, of agent: Int, to coverage: inout [Int], change: Int) {
        let offset = setOfType[typeOfAgent[agent]] * problem.horizon.intervalCount
        forEachInterval(of: pattern) { coverage[offset + $0] += change }
        if !demandIndex.isEmpty { for shift in pattern.shifts { demandIndex.apply(shift, to: &coverage, change: change) } }
    }

    /// Calls `body` with every interval in which the pattern's agent is on the phone: their
    /// shifts less the breaks of the placements the pattern takes and their sessions.
    @inline(__always)
    func forEachInterval(of pattern: WeeklyPattern, _ body: (Int) -> Void) {
        for (position, shift) in pattern.shifts.enumerated() {
            let breaks = breakCover.isEmpty || breakCover[shift].isEmpty ? [] : breakCover[shift][pattern.plan(at: position)]
            guard !pattern.sessions.isEmpty else {
                for interval in covered[shift] where breaks.isEmpty || !breaks.contains(interval) { body(interval) }
                continue
            }
            let code = pattern.session(at: position)
            let session = code < 0 ? 0..<0 : sessionRange(code)
            for interval in covered[shift] where (breaks.isEmpty || !breaks.contains(interval)) && !session.contains(interval) { body(interval) }
        }
    }

    /// Moves each break to the placement of its shift that makes coverage cheapest given
    /// everyone else (with what moving a published break and the agent's break-window wishes
    /// charge, ``placementCost(published:wished:plan:)``), agent by agent, until a pass
    /// moves nothing (at most 10 passes). Deterministic: ties keep the current placement, then
    /// the first. Complexity: O(passes × shifts worked × placements × break intervals).
    func improveBreaks(_ choice: inout [WeeklyPattern], coverage: inout [Int]) {
        guard !breakCover.isEmpty else { return }
        let required = problem.required
        passes: for _ in 0..<10 {
            var moved = false
            for agent in choice.indices {
                if isOutOfTime { break passes }
                let pattern = choice[agent]
                var plans = pattern.shifts.indices.map { pattern.plan(at: $0) }
                let set = setOfType[typeOfAgent[agent]], offset = set * required.count
                for (position, shift) in pattern.shifts.enumerated() where breakCover[shift].count > 1 && pattern.session(at: position) < 0 {
                    for interval in breakCover[shift][plans[position]] { coverage[offset + interval] += 1 }
                    // Cost of taking the agent off the phone in an interval (with queues: when
                    // the allocation without them meets less).
                    let published = types[typeOfAgent[agent]].publishedPlans[shift]
                    let wished = types[typeOfAgent[agent]].wishes?.placementCost[shift]
                    func cost(_ plan: Int) -> Double {
                        breakCover[shift][plan].reduce(placementCost(published: published, wished: wished, plan: plan)) {
                            $0 + ((queueView?.isNeeded(set, $1, coverage) ?? (coverage[$1] <= required[$1])) ? under : -over)
                        }
                    }
                    var best = (plan: plans[position], cost: cost(plans[position]))
                    for plan in breakCover[shift].indices where plan != plans[position] {
                        let value = cost(plan)
                        if value < best.cost - 1e-9 { best = (plan, value) }
                    }
                    if best.plan != plans[position] { moved = true }
                    plans[position] = best.plan
                    for interval in breakCover[shift][plans[position]] { coverage[offset + interval] -= 1 }
                }
                choice[agent] = pattern.with(plans: plans)
            }
            if !moved || options.shouldStop?() == true { break }
        }
        improveSessions(&choice, coverage: &coverage)
    }

    /// Agents on the phone per slot (per interval without queues), with those outside the problem,
    /// then agents on each day-level demand.
    func coverageOf(_ choice: [WeeklyPattern]) -> [Int] {
        var coverage = (problem.hasQueues ? baseCoverage() : Array(repeating: 0, count: problem.horizon.intervalCount))
            + Array(repeating: 0, count: demandIndex.demands.count)
        for (agent, pattern) in choice.enumerated() { apply(pattern, of: agent, to: &coverage, change: 1) }
        return coverage
    }

    /// The objective of a roster given as one pattern per agent: coverage, day-level demands,
    /// wishes and requests, and fairness.
    func evaluate(_ choice: [WeeklyPattern], coverage: [Int]) -> Double {
        var total = (queueView?.penalty(coverage, under: under, over: over) ?? 0) + demandIndex.penalty(coverage)
        for (interval, count) in coverage[0..<demandIndex.offset].enumerated() where queueView == nil && problem.staffsByInterval {
            let required = problem.required[interval]
            total += count < required ? Double(required - count) * under : Double(count - required) * over
        }
        var worstShare = 0.0
        for (agent, pattern) in choice.enumerated() {
            let type = typeOfAgent[agent]
            remember(pattern, type: type)
            let (cost, points) = wishCosts[type][pattern]!
            let placed = placementTerms(type, pattern)
            total += cost + placed.cost
            if let wishes = types[type].wishes, wishes.totalPoints > 0 { worstShare = max(worstShare, 100 / Double(wishes.totalPoints) * (points + placed.points)) }
        }
        let fairness = problem.preferencePolicy.fairnessWeight
        // A roster past an at-once limit is not one.
        if problem.hasActivities, !keepsAtOnce(choice) { return .infinity }
        return total + (fairness > 0 ? fairness * worstShare : 0)
    }

    /// The objective's parts, for the log: under- and over-staffing, wishes, worst refused share.
    func breakdown(_ choice: [WeeklyPattern], coverage: [Int]) -> String {
        var short = 0, surplus = 0
        for interval in 0..<problem.horizon.intervalCount {
            let (less, more) = offRequirement(interval, coverage: coverage)
            short += less
            surplus += more
        }
        var wishes = 0.0, worst = 0.0
        for (agent, pattern) in choice.enumerated() {
            let type = typeOfAgent[agent]
            remember(pattern, type: type)
            wishes += wishCosts[type][pattern]!.cost
            if let total = types[type].wishes?.totalPoints, total > 0 { worst = max(worst, 100 / Double(total) * wishCosts[type][pattern]!.points) }
        }
        let above = choice.indices.reduce(0) { total, agent in
            total + max(0, choice[agent].shifts.reduce(0) { $0 + problem.shifts[$1].paidMinutes } - problem.agents[agent].minWeeklyMinutes * problem.horizon.weekCount)
        }
        let idle = (0..<problem.horizon.intervalCount).filter { problem.required[$0] == 0 }.reduce(0) { $0 + offRequirement($1, coverage: coverage).over }
        let demands = demandIndex.demands.indices.map { demandIndex.off($0, coverage: coverage) }
        let onDemands = demands.isEmpty ? "" : "\(demands.reduce(0) { $0 + $1.short }) agents short on day-level demands, \(demands.reduce(0) { $0 + $1.extra }) extra, "
        return "\(short) agent-intervals short, \(surplus) over (\(idle) where none is needed), \(onDemands)\(above / 60) h above minimums, wishes \(wishes), worst refused share \(worst) %"
    }

    /// Moves one agent at a time to the cheapest pattern of their type's pool (coverage change
    /// plus wish cost) while the worst refused share does not grow, until a pass moves nobody. A
    /// pooled pattern's shifts are tried with the placements of their breaks that suit the others'
    /// coverage best (each shift's cheapest, cached per agent).
    func improveLocally(_ choice: inout [WeeklyPattern], coverage: inout [Int]) {
        let required = problem.required
        // Sessions past an at-once limit move first (a rounded LP may put two coachings at once);
        // then every move keeps the limits.
        _ = repairAtOnce(&choice, coverage: &coverage)
        var held = occupancy(choice)
        var cheapest: [Int: (plan: Int, cost: Double)] = [:]
        func marginal(_ pattern: WeeklyPattern, type: Int) -> Double {
            (wishCosts[type][pattern]?.cost ?? 0) + placementTerms(type, pattern).cost + coverageMarginal(pattern, type: type, coverage: coverage)
        }
        // The pattern with each shift at its cheapest placement, and its marginal cost.
        func placed(_ pattern: WeeklyPattern, type: Int) -> (pattern: WeeklyPattern, cost: Double) {
            guard !breakCover.isEmpty, pattern.shifts.contains(where: { breakCover[$0].count > 1 }) else { return (pattern, marginal(pattern, type: type)) }
            var total = (wishCosts[type][pattern.masterKey]?.cost ?? wishCosts[type][pattern]?.cost ?? 0) + demandIndex.marginal(of: pattern, coverage: coverage)
            var plans: [Int] = []
            let set = setOfType[type], queue = queueView  // one more agent of the set needed in an interval?
            func short(_ interval: Int) -> Bool { queue?.isShort(set, interval, coverage) ?? (coverage[interval] < required[interval]) }
            for (position, shift) in pattern.shifts.enumerated() {
                // A shift holding a session keeps its own placement.
                if pattern.session(at: position) >= 0 {
                    total += heldSessionCost(type, shift: shift, plan: pattern.plan(at: position), session: pattern.session(at: position), coverage: coverage)
                    plans.append(pattern.plan(at: position))
                    continue
                }
                for interval in covered[shift] { total += short(interval) ? -under : over }
                if breakCover[shift].count <= 1 {
                    for interval in breakCover[shift].first ?? [] { total -= short(interval) ? -under : over }
                    plans.append(0)
                    continue
                }
                if cheapest[shift] == nil {
                    var best = (plan: 0, cost: Double.infinity)
                    let published = types[type].publishedPlans[shift], wished = types[type].wishes?.placementCost[shift]
                    for (plan, intervals) in breakCover[shift].enumerated() {
                        let cost = intervals.reduce(placementCost(published: published, wished: wished, plan: plan)) { $0 + (short($1) ? under : -over) }
                        if cost < best.cost - 1e-12 { best = (plan, cost) }
                    }
                    cheapest[shift] = best
                }
                total += cheapest[shift]!.cost
                plans.append(cheapest[shift]!.plan)
            }
            return (WeeklyPattern(shifts: pattern.shifts, plans: plans, sessions: pattern.sessions), total)
        }
        let worstShare = choice.indices.reduce(0.0) { max($0, refusedShare(choice[$1], type: typeOfAgent[$1])) }
        passes: for _ in 0..<50 {
            var moved = false
            for agent in choice.indices {
                if isOutOfTime { break passes }
                let type = typeOfAgent[agent]
                guard pools[type].count > 1 else { continue }
                let current = choice[agent]
                apply(current, of: agent, to: &coverage, change: -1)
                queueView?.invalidate()
                for code in current.sessions where code >= 0 { adjust(&held, code, by: -1) }
                cheapest.removeAll(keepingCapacity: true)
                var bestPattern = current
                var bestCost = marginal(current, type: type)
                for candidate in pools[type] where candidate != current && refusedShare(candidate, type: type) <= worstShare + 1e-9
                    && (held.isEmpty || candidate.sessions.allSatisfy { $0 < 0 || hasRoom(held, $0) })
                {
                    let (pattern, cost) = placed(candidate, type: type)
                    if cost < bestCost - 1e-9 {
                        bestCost = cost
                        bestPattern = pattern
                    }
                }
                apply(bestPattern, of: agent, to: &coverage, change: 1)
                queueView?.invalidate()
                for code in bestPattern.sessions where code >= 0 { adjust(&held, code, by: 1) }
                if bestPattern != current {
                    remember(bestPattern, type: type)
                    choice[agent] = bestPattern
                    moved = true
                }
            }
            if !moved || options.shouldStop?() == true { break }
        }
        improveBreaks(&choice, coverage: &coverage)
    }

    /// What a member of `type` working `pattern` adds to the coverage cost given everyone else's
    /// `coverage`: −under for each interval where one more agent (of its skill set) is needed,
    /// +over for each other; and the same on its shifts' day-level demands at their weights.
    /// O(intervals worked), with queues a cached allocation per interval.
    func coverageMarginal(_ pattern: WeeklyPattern, type: Int, coverage: [Int]) -> Double {
        var total = demandIndex.marginal(of: pattern, coverage: coverage)
        if let queueView {
            let set = setOfType[type]
            forEachInterval(of: pattern) { total += queueView.isShort(set, $0, coverage) ? -under : over }
        } else {
            let required = problem.required
            forEachInterval(of: pattern) { total += coverage[$0] < required[$0] ? -under : over }
        }
        return total
    }

    /// The share of a member's wish points a pattern refuses (0 without wishes).
    func refusedShare(_ pattern: WeeklyPattern, type: Int) -> Double {
        guard let total = types[type].wishes?.totalPoints, total > 0, let points = wishCosts[type][pattern]?.points else { return 0 }
        return 100 / Double(total) * (points + placementTerms(type, pattern).points)
    }

    /// What a shift holding session `session` with own placement `plan` adds to an agent's
    /// marginal cost given everyone else's `coverage`: its intervals on the phone, and what the
    /// placement costs the agent's wishes or published breaks.
    func heldSessionCost(_ type: Int, shift: Int, plan: Int, session: Int, coverage: [Int]) -> Double {
        let required = problem.required, set = setOfType[type]
        var total = 0.0
        forEachInterval(of: WeeklyPattern(shifts: [shift], plans: [plan], sessions: [session])) { total += isShort(set, $0, coverage, required) ? -under : over }
        let published = types[type].publishedPlans[shift], wished = types[type].wishes?.placementCost[shift]
        return total + placementCost(published: published, wished: wished, plan: plan)
    }

    /// Agents to free around an interval (or a day-level demand) drawn with odds by how far its
    /// coverage is off: a sixth working it, up to a third working its day, up to two thirds with more hours than their
    /// contract's minimum (they can give hours back), the rest at random.
    /// Also returns the day of the interval drawn (nil when every interval is covered exactly).
    func neighbourhood(size: Int, choice: [WeeklyPattern], coverage: [Int], random: inout WeekGenerator.Random) -> (agents: [Int], day: Int?) {
        var chosen = Set<Int>()
        var drawnDay: Int?
        func take(_ candidates: [Int], upTo count: Int) {
            var candidates = candidates.filter { !chosen.contains($0) }
            while chosen.count < count, !candidates.isEmpty { chosen.insert(candidates.remove(at: random.below(candidates.count))) }
        }
        // An interval or a day-level demand drawn with odds by how far its coverage is off (short
        // counts ten times).
        let intervals = problem.horizon.intervalCount
        let weights = (0..<intervals).map { interval in
            let (short, surplus) = offRequirement(interval, coverage: coverage)
            return short * 10 + surplus
        } + demandIndex.demands.indices.map { d in
            let (short, extra) = demandIndex.off(d, coverage: coverage)
            return short * 10 + extra
        }
        let total = weights.reduce(0, +)
        if total > 0 {
            var draw = random.below(total)
            var drawn = 0
            while draw >= weights[drawn] { draw -= weights[drawn]; drawn += 1 }
            let horizon = problem.horizon
            let day = drawn >= intervals ? demandIndex.demands[drawn - intervals].day
                : horizon.dayIndex(of: horizon.timeZone.local(horizon.intervalStart(drawn)).date) ?? 0
            drawnDay = day
            let works = { (shift: Int) in drawn >= intervals ? self.demandIndex.ofShift[shift].contains(drawn - intervals) : self.covered[shift].contains(drawn) }
            take(choice.indices.filter { agent in choice[agent].shifts.contains(where: works) }, upTo: size / 6)
            take(choice.indices.filter { agent in choice[agent].shifts.contains { problem.shifts[$0].day == day } }, upTo: size / 3)
        }
        take(choice.indices.filter { agent in
            choice[agent].shifts.reduce(0) { $0 + problem.shifts[$1].paidMinutes } > problem.agents[agent].minWeeklyMinutes * problem.horizon.weekCount
        }, upTo: 2 * size / 3)
        while chosen.count < size { chosen.insert(random.below(problem.agents.count)) }
        return (chosen.sorted(), drawnDay)
    }

    /// The problem of a neighbourhood: the `free` agents with what the others leave to cover
    /// (`base`, the coverage without them). With a `window` of days, each keeps their shifts
    /// outside it (or their days off there): only the window's shifts are free, and every rule
    /// over the horizon still holds for the whole roster.
    func neighbourhoodProblem(free: [Int], base: [Int], window: ClosedRange<Int>?, choice: [WeeklyPattern]) -> RosterProblem {
        // With queues the others' agents stay in the allocation, as agents outside the problem.
        var inner = problem.subproblem(agents: free, required: problem.hasQueues ? problem.required : zip(problem.required, base).map { $0 - $1 })
        if !demandIndex.isEmpty {
            inner = inner.with(dayLevel: DayLevelRules(successions: inner.dayLevel.successions, requests: inner.dayLevel.requests, demands: demandIndex.netOf(base)), staffsByInterval: problem.staffsByInterval)
        }
        if problem.hasQueues { inner.queueSupplyElsewhere = supplyElsewhere(base) }
        // What the others hold against each at-once limit.
        let freed = Set(free)
        let others = occupancy(choice.indices.filter { !freed.contains($0) }.map { choice[$0] })
        if !others.isEmpty {
            inner.sessionsElsewhere = problem.activities.indices.map { k in
                guard let row = others[k] else { return [:] }
                return Dictionary(uniqueKeysWithValues: row.indices.filter { row[$0] > 0 }.map { ($0, row[$0]) })
            }
        }
        guard let window else { return inner }
        let inWindow = Set(problem.shifts.indices.filter { window.contains(problem.shifts[$0].day) })
        for agent in free {
            inner.onlyShifts[problem.agents[agent].id] = inWindow.union(choice[agent].shifts.filter { !window.contains(problem.shifts[$0].day) })
        }
        return inner
    }
}
