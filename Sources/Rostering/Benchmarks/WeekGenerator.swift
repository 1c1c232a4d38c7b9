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

    public init(peak: Int, seed: UInt64 = 48, wishes: Bool = true, horizonRules: HorizonRules? = nil) {
        self.peak = peak
        self.seed = seed
        self.wishes = wishes
        self.horizonRules = horizonRules
    }

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
        let horizon = try PlanningHorizon(startDate: start, days: 7, timeZone: zone, intervalMinutes: 30)
        let templates = [
            ShiftTemplate(name: "full", earliestStart: TimeOfDay(text: "07:00")!, latestStart: TimeOfDay(text: "13:00")!, startStepMinutes: 30, lengthsMinutes: [480]),
            ShiftTemplate(name: "part", earliestStart: TimeOfDay(text: "07:00")!, latestStart: TimeOfDay(text: "15:00")!, startStepMinutes: 30, lengthsMinutes: [360]),
            ShiftTemplate(name: "short", earliestStart: TimeOfDay(text: "07:00")!, latestStart: TimeOfDay(text: "17:00")!, startStepMinutes: 30, lengthsMinutes: [240]),
        ]
        // The example week's curve, scaled so that its busiest interval needs `peak` agents.
        let dayFactor = [1.0, 0.94, 0.9, 0.9, 0.86, 0.5, 0.36]
        let open = [(7, 21), (7, 21), (7, 21), (7, 21), (7, 21), (8, 18), (9, 17)]
        func shape(_ day: Int, _ hour: Double) -> Double {
            guard hour >= Double(open[day].0), hour < Double(open[day].1) else { return 0 }
            let morning = 20 * exp(-pow((hour - 10.75) / 1.6, 2))
            let afternoon = 15 * exp(-pow((hour - 15.25) / 1.5, 2))
            let base = 5 + 2 * exp(-pow((hour - 13) / 4, 2))
            return dayFactor[day] * (base + morning + afternoon)
        }
        let highest = (0..<48).map { shape(0, Double($0) / 2) }.max()!
        let required = (0..<horizon.intervalCount).map { index -> Int in
            let local = zone.local(horizon.intervalStart(index))
            let day = horizon.dayIndex(of: local.date)!
            let value = shape(day, Double(local.minuteOfDay) / 60)
            return value == 0 ? 0 : max(1, Int((value / highest * Double(peak)).rounded()))
        }
        var random = Random(state: seed)
        let count = Int((Double(peak) * 1.55).rounded(.up))
        var agents: [Agent] = []
        var preferences: [String: AgentPreferences] = [:]
        let dates = horizon.dates
        for index in 0..<count {
            let id = "g\(index + 1)"
            var agent: Agent
            switch index % 20 {
            case 0..<7: agent = Agent(id: id, name: "Agent \(index + 1)", minWeeklyMinutes: 32 * 60)
            case 7..<14: agent = Agent(id: id, name: "Agent \(index + 1)", maxWeeklyMinutes: 30 * 60, minWeeklyMinutes: 16 * 60)
            default: agent = Agent(id: id, name: "Agent \(index + 1)", maxWeeklyMinutes: 20 * 60, minWeeklyMinutes: 8 * 60, maxDaysPerWeek: 4)
            }
            if random.chance(0.08) { agent.unavailableDates = [dates[random.below(5)]] }
            if let horizonRules { agent.rules = horizonRules }
            agents.append(agent)
            guard wishes, random.chance(0.6) else { continue }
            var list: [Wish] = []
            let off = dates[random.below(7)]
            list.append(Wish(kind: .dayOff(off), priority: 2 + random.below(3)))
            if random.chance(0.4) {
                list.append(Wish(kind: .startWindow(earliest: TimeOfDay(minutes: (8 + random.below(3)) * 60), latest: nil, weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday]), priority: 2))
            }
            preferences[id] = AgentPreferences(agentID: id, wishes: list)
        }
        return try RosterProblem(name: "bench-peak-\(peak)\(horizonRules == nil ? "" : "-mixed")", horizon: horizon, templates: templates, agents: agents, required: required)
            .with(preferences: preferences, policy: .defaults)
    }
}

import Foundation
