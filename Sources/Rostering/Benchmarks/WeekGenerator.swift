/// A deterministic generator of contact-center weeks for benchmarks: a requirement curve with a
/// morning and an afternoon peak and a weekend dip scaled to a peak, a team with mixed contracts
/// (full-time 40 h, part-time 30 h and 20 h), some leave, and random wishes, all from a fixed seed.
public struct WeekGenerator: Sendable {
    /// Agents needed at the busiest interval.
    public var peak: Int
    public var seed: UInt64
    /// Whether agents hand in wishes.
    public var wishes: Bool
    /// Rules over the horizon on every agent besides the weekly contract (the mix contact centers
    /// use: at most 5 days in a row, days off at least two together, at most one working weekend).
    public var horizonRules: HorizonRules?
    /// The shape of the week.
    public var family: Family
    /// Minutes per interval (and between shift starts) of the `.week` family: 30 or 15.
    public var intervalMinutes: Int
    /// Whether shifts take breaks (``breakRules(intervalMinutes:)``).
    public var breaks = false
    /// Queues (1: a single queue). With several, ``withQueues(_:count:)`` splits the requirement
    /// and gives agents skills.
    public var queues = 1

    /// Shapes of generated weeks.
    public enum Family: String, Sendable, CaseIterable {
        /// Opening hours 07–21 (shorter at the weekend), three templates of 8, 6 and 4 h at
        /// 30 minutes; at 15-minute intervals one template of 4–9-h shifts starting every 15
        /// minutes 07:00–17:00.
        case week
        /// A 24/7 center at 15-minute intervals: demand from `peak / 11` at night to `peak`,
        /// one template of 4–10-h shifts starting every 15 minutes around the clock (4,704
        /// candidate shifts), a team of `peak × 2.18` (600 agents at a peak of 275).
        case aroundTheClock = "24-7"
        /// Four weeks of the `.week` shape with 150 agents (the generator's contracts: weekly
        /// caps, 11-h rest), at most 5 days in a row, days off two together and at most 2 of
        /// the 4 weekends on everyone (``fourWeekRules``), 60 % of agents with wishes.
        case fourWeeks = "4-weeks"
    }

    /// The peak of the four-week family (its 150 agents are about 1.55 × the peak, as in the weeks).
    public static let fourWeeksPeak = 97

    /// The horizon rules of the four-week family: every other weekend free, in effect.
    public static let fourWeekRules = HorizonRules(maxConsecutiveWorkingDays: 5, minConsecutiveDaysOff: 2, maxWorkingWeekends: 2)

    public init(
        peak: Int, seed: UInt64 = 48, wishes: Bool = true, horizonRules: HorizonRules? = nil, family: Family = .week, intervalMinutes: Int = 30
    ) {
        self.peak = peak
        self.seed = seed
        self.wishes = wishes
        self.horizonRules = horizonRules
        self.family = family
        self.intervalMinutes = intervalMinutes
    }

    /// The 24/7 case of issue 20: 600 agents, 25 needed at night and 275 at the peak.
    public static let aroundTheClockPeak = 275

    /// The mixed family of issue 20: `max_consecutive_days` 5, `min_consecutive_days_off` 2,
    /// `max_weekends` 1 on everyone.
    public static let mixedRules = HorizonRules(maxConsecutiveWorkingDays: 5, minConsecutiveDaysOff: 2, maxWorkingWeekends: 1)

    /// The benchmark sizes: S, M, L, XL.
    public static let sizes: [(name: String, peak: Int)] = [("S", 15), ("M", 60), ("L", 250), ("XL", 1000)]

    /// SplitMix64: small, fast and identical on every platform (also the fuzzer's generator).
    public struct Random: RandomNumberGenerator {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A number in `0..<bound` (bound > 0).
        public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
    }

    public func problem() throws -> RosterProblem {
        let zone = SiteTimeZone(identifier: "Europe/Berlin")!
        let start = LocalDate(year: 2026, month: 11, day: 23)!
        let minutes = family == .aroundTheClock ? 15 : intervalMinutes
        let horizon = try PlanningHorizon(startDate: start, days: family == .fourWeeks ? 28 : 7, timeZone: zone, intervalMinutes: minutes)
        let required = (0..<horizon.intervalCount).map { index -> Int in
            let local = zone.local(horizon.intervalStart(index))
            return requirement(day: horizon.dayIndex(of: local.date)!, hour: Double(local.minuteOfDay) / 60)
        }
        let count = switch family {
        case .aroundTheClock: Int((Double(peak) * 600 / 275).rounded())
        case .fourWeeks: 150
        case .week: Int((Double(peak) * 1.55).rounded(.up))
        }
        let (agents, preferences) = team(count: count, dates: horizon.dates)
        let suffix = (family == .aroundTheClock ? "-24-7" : family == .fourWeeks ? "-4-weeks" : minutes == 15 ? "-15" : "")
            + (horizonRules == nil ? "" : "-mixed") + (breaks ? "-breaks" : "") + (queues > 1 ? "-queues-\(queues)" : "")
        let problem = try RosterProblem(name: "bench-peak-\(peak)\(suffix)", horizon: horizon, templates: templates(), agents: agents, required: required)
            .with(preferences: preferences, policy: .defaults)
            .with(breakRules: breaks ? Self.breakRules(intervalMinutes: minutes) : [])
        return queues > 1 ? try withQueues(problem, count: queues) : problem
    }

    /// Shares of the requirement per queue: queue i (from 0) weighs `count − i`, so with four
    /// queues 40 %, 30 %, 20 % and 10 %.
    static func queueShares(_ count: Int) -> [Double] {
        let weights = (0..<count).map { Double(count - $0) }
        return weights.map { $0 / weights.reduce(0, +) }
    }

    /// The problem with `count` queues `q1…`: each interval's requirement split by
    /// ``queueShares(_:)`` (largest remainders, so the queues add up to it), and skills drawn
    /// from their own stream of the seed (the team's other draws stay as they were): 60 % of
    /// agents serve one queue, 30 % two and 10 % three (at most `count`), each queue drawn with
    /// odds by its share.
    func withQueues(_ problem: RosterProblem, count: Int) throws -> RosterProblem {
        let shares = Self.queueShares(count)
        let required = (0..<count).map { q in
            problem.required.map { total -> Int in
                let exact = shares.map { $0 * Double(total) }
                var whole = exact.map { Int($0.rounded(.down)) }
                let order = exact.indices.sorted { (exact[$0] - Double(whole[$0]), -$0) > (exact[$1] - Double(whole[$1]), -$1) }
                for index in order.prefix(total - whole.reduce(0, +)) { whole[index] += 1 }
                return whole[q]
            }
        }
        var random = Random(state: seed ^ 0x5155_4555_4553)
        let names = (1...count).map { "q\($0)" }
        let agents = problem.agents.map { agent -> Agent in
            let draw = random.below(10)
            let wanted = min(count, draw < 6 ? 1 : draw < 9 ? 2 : 3)
            var chosen: [Int] = []
            while chosen.count < wanted {
                var pick = Double(random.below(1_000_000)) / 1_000_000
                var queue = 0
                while queue < count - 1 && pick >= shares[queue] { pick -= shares[queue]; queue += 1 }
                if !chosen.contains(queue) { chosen.append(queue) }
            }
            var changed = agent
            changed.skills = chosen.enumerated().map { Skill(queue: names[$1], priority: $0 + 1) }
            return changed
        }
        return try problem.replacingAgents(agents).with(queues: names, required: required)
    }

    /// The benchmark's breaks. On 15-minute intervals, as in the example week with breaks: shifts
    /// of 6–10 h take a paid 15-min break 1–2¼ h in, an unpaid 30-min lunch 2½–4½ h in and a paid
    /// 15-min break 2½–1 h before the end, each with an hour of work around it; shifts of 4–5 h a
    /// paid 15-min break 1½–2½ h in. On 30-minute intervals: shifts of 6–10 h an unpaid 30-min
    /// lunch 2½–4½ h in, with an hour of work around it.
    public static func breakRules(intervalMinutes: Int) -> [BreakRule] {
        let lunch = BreakSpec(
            name: "lunch", minutes: 30, paid: false, earliestStartMinutes: 150, latestStartMinutes: 270, stepMinutes: intervalMinutes,
            minWorkBeforeMinutes: 60, minWorkAfterMinutes: 60)
        guard intervalMinutes == 15 else { return [BreakRule(minShiftMinutes: 360, maxShiftMinutes: 600, breaks: [lunch])] }
        return [
            BreakRule(minShiftMinutes: 360, maxShiftMinutes: 600, breaks: [
                BreakSpec(name: "break", minutes: 15, paid: true, earliestStartMinutes: 60, latestStartMinutes: 135, stepMinutes: 15, minWorkBeforeMinutes: 60),
                lunch,
                BreakSpec(name: "break", minutes: 15, paid: true, anchor: .end, earliestStartMinutes: -150, latestStartMinutes: -60, stepMinutes: 15, minWorkAfterMinutes: 60),
            ]),
            BreakRule(minShiftMinutes: 240, maxShiftMinutes: 300, breaks: [
                BreakSpec(name: "break", minutes: 15, paid: true, earliestStartMinutes: 90, latestStartMinutes: 150, stepMinutes: 15),
            ]),
        ]
    }

    /// The family's shift templates.
    func templates() -> [ShiftTemplate] {
        func at(_ text: String) -> TimeOfDay { TimeOfDay(text: text)! }
        switch (family, intervalMinutes) {
        case (.aroundTheClock, _):
            return [ShiftTemplate(name: "any", earliestStart: at("00:00"), latestStart: at("23:45"), startStepMinutes: 15, lengthsMinutes: Array(stride(from: 240, through: 600, by: 60)))]
        case (.week, 15), (.fourWeeks, 15):
            return [ShiftTemplate(name: "any", earliestStart: at("07:00"), latestStart: at("17:00"), startStepMinutes: 15, lengthsMinutes: Array(stride(from: 240, through: 540, by: 60)))]
        case (.week, _), (.fourWeeks, _):
            return [
                ShiftTemplate(name: "full", earliestStart: at("07:00"), latestStart: at("13:00"), startStepMinutes: 30, lengthsMinutes: [480]),
                ShiftTemplate(name: "part", earliestStart: at("07:00"), latestStart: at("15:00"), startStepMinutes: 30, lengthsMinutes: [360]),
                ShiftTemplate(name: "short", earliestStart: at("07:00"), latestStart: at("17:00"), startStepMinutes: 30, lengthsMinutes: [240]),
            ]
        }
    }

    /// Agents needed on `day` at `hour`: the example week's curve (a morning and an afternoon
    /// peak, a weekend dip) scaled so that Monday's busiest half hour needs `peak` (a quarter
    /// hour may need one more); around the clock, the same curve on top of a night level of
    /// `peak / 11`.
    func requirement(day: Int, hour: Double) -> Int {
        let day = day % 7
        let dayFactor = [1.0, 0.94, 0.9, 0.9, 0.86, 0.5, 0.36]
        let open = [(7, 21), (7, 21), (7, 21), (7, 21), (7, 21), (8, 18), (9, 17)]
        func curve(_ hour: Double) -> Double {
            let morning = 20 * exp(-pow((hour - 10.75) / 1.6, 2))
            let afternoon = 15 * exp(-pow((hour - 15.25) / 1.5, 2))
            return 5 + 2 * exp(-pow((hour - 13) / 4, 2)) + morning + afternoon
        }
        // Monday's busiest half hour (as the first benchmark weeks were scaled); around the
        // clock its busiest quarter hour, so that the peak is exactly `peak`.
        let steps = family == .aroundTheClock ? 96 : 48
        let highest = (0..<steps).map { curve(Double($0) * 24 / Double(steps)) }.max()!
        if family == .aroundTheClock {
            let night = Double(peak) / 11
            let rise = dayFactor[day] * max(0, curve(hour) - curve(3)) / (highest - curve(3))
            return Int((night + (Double(peak) - night) * rise).rounded())
        }
        guard hour >= Double(open[day].0), hour < Double(open[day].1) else { return 0 }
        return max(1, Int((dayFactor[day] * curve(hour) / highest * Double(peak)).rounded()))
    }

    /// `count` agents with mixed contracts (40, 30 and 20 h), some leave and, with `wishes`,
    /// random wishes; the same draws as before for the weekly family.
    func team(count: Int, dates: [LocalDate]) -> ([Agent], [String: AgentPreferences]) {
        var random = Random(state: seed)
        var agents: [Agent] = []
        var preferences: [String: AgentPreferences] = [:]
        for index in 0..<count {
            let id = "g\(index + 1)"
            var agent: Agent
            switch index % 20 {
            case 0..<7: agent = Agent(id: id, name: "Agent \(index + 1)", minWeeklyMinutes: 32 * 60)
            case 7..<14: agent = Agent(id: id, name: "Agent \(index + 1)", maxWeeklyMinutes: 30 * 60, minWeeklyMinutes: 16 * 60)
            default: agent = Agent(id: id, name: "Agent \(index + 1)", maxWeeklyMinutes: 20 * 60, minWeeklyMinutes: 8 * 60, maxDaysPerWeek: 4)
            }
            // (A 7-day horizon draws as the first benchmark weeks did: leave on a weekday.)
            if random.chance(0.08) { agent.unavailableDates = [dates[random.below(dates.count - 2)]] }
            if let rules = family == .fourWeeks ? Self.fourWeekRules : horizonRules { agent.rules = rules }
            agents.append(agent)
            guard wishes, random.chance(0.6) else { continue }
            var list: [Wish] = []
            let off = dates[random.below(dates.count)]
            list.append(Wish(kind: .dayOff(off), priority: 2 + random.below(3)))
            if random.chance(0.4) {
                list.append(Wish(kind: .startWindow(earliest: TimeOfDay(minutes: (8 + random.below(3)) * 60), latest: nil, weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday]), priority: 2))
            }
            preferences[id] = AgentPreferences(agentID: id, wishes: list)
        }
        return (agents, preferences)
    }
}

import Foundation

extension WeekGenerator {
    /// The re-rostering case of the benchmark families: `problem` re-rostered against
    /// `published` after `count` agents lose the horizon's middle day (the first `count`, by id,
    /// of those the published roster has working that day, who become unavailable on it), each
    /// changed agent-day weighing `weightPerChange`. Deterministic.
    public static func losingADay(_ problem: RosterProblem, published: Roster, count: Int, weightPerChange: Double) -> RosterProblem {
        let horizon = problem.horizon
        let day = horizon.dates[horizon.days / 2]
        let working = Set(published.assignments.filter { horizon.timeZone.local($0.start).date == day }.map(\.agentID))
        let losing = Set(working.sorted().prefix(count))
        let agents = problem.agents.map { agent in
            var changed = agent
            if losing.contains(agent.id) { changed.unavailableDates.insert(day) }
            return changed
        }
        return problem.replacingAgents(agents).with(published: published, weightPerChange: weightPerChange, lock: false)
    }
}
