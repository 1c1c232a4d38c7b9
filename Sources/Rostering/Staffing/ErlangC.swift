import Foundation

/// Erlang C (M/M/N queue without abandonment): the probability that a call waits, the service
/// level and the average speed of answer for N agents and an offered load in Erlangs.
///
/// Computed through the Erlang B recursion `B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))` and
/// `C = N·B / (N − A·(1 − B))`: no factorials or powers, stable for thousands of agents.
public enum ErlangC {
    /// Erlang B blocking probability for `agents` servers and `traffic` Erlangs.
    ///
    /// - Complexity: O(agents).
    public static func blocking(agents: Int, traffic: Double) -> Double {
        var b = 1.0
        if agents > 0 {
            for n in 1...agents { b = traffic * b / (Double(n) + traffic * b) }
        }
        return b
    }

    /// Probability that a call has to wait (1 when the agents cannot carry the load).
    public static func probabilityOfWaiting(agents: Int, traffic: Double) -> Double {
        probabilityOfWaiting(agents: agents, traffic: traffic, blocking: blocking(agents: agents, traffic: traffic))
    }

    static func probabilityOfWaiting(agents: Int, traffic: Double, blocking b: Double) -> Double {
        if traffic <= 0 { return 0 }
        let n = Double(agents)
        guard n > traffic else { return 1 }
        return n * b / (n - traffic * (1 - b))
    }

    /// Fraction of calls answered within `targetSeconds`: `1 − C·e^{−(N−A)·T/AHT}`.
    public static func serviceLevel(agents: Int, traffic: Double, ahtSeconds: Double, targetSeconds: Double) -> Double {
        serviceLevel(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, targetSeconds: targetSeconds,
                     waiting: probabilityOfWaiting(agents: agents, traffic: traffic))
    }

    static func serviceLevel(agents: Int, traffic: Double, ahtSeconds: Double, targetSeconds: Double, waiting: Double) -> Double {
        if traffic <= 0 { return 1 }
        let n = Double(agents)
        guard n > traffic else { return 0 }
        return max(0, 1 - waiting * exp(-(n - traffic) * targetSeconds / ahtSeconds))
    }

    /// Average speed of answer in seconds: `C·AHT / (N − A)` (infinite when overloaded).
    public static func averageSpeedOfAnswer(agents: Int, traffic: Double, ahtSeconds: Double) -> Double {
        averageSpeedOfAnswer(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, waiting: probabilityOfWaiting(agents: agents, traffic: traffic))
    }

    static func averageSpeedOfAnswer(agents: Int, traffic: Double, ahtSeconds: Double, waiting: Double) -> Double {
        if traffic <= 0 { return 0 }
        let n = Double(agents)
        guard n > traffic else { return .infinity }
        return waiting * ahtSeconds / (n - traffic)
    }
}

/// What an interval's staffing must achieve.
public enum ServiceTarget: Sendable, Equatable {
    /// At least `fraction` (0 < fraction < 1) of calls answered within `seconds`, e.g. 80/20.
    case serviceLevel(fraction: Double, withinSeconds: Double)
    /// Average speed of answer at most this many seconds.
    case averageSpeedOfAnswer(seconds: Double)
    /// No service-level or ASA target: with Erlang A, a highest abandonment (`maxAbandonment`)
    /// and the occupancy cap alone decide the staffing.
    case abandonmentOnly
}

/// The bounds every staffing input is held to (docs/file-formats.md), so that no value a file
/// carries can overflow the arithmetic: each check returns what is wrong, or nil.
public enum StaffingLimits {
    /// Calls forecast for one interval.
    public static let calls: ClosedRange<Double> = 0...1_000_000
    /// Average handle time, and the seconds of a service-level or ASA target: up to a day.
    public static let seconds: ClosedRange<Double> = 0...86_400
    public static let shrinkage: ClosedRange<Double> = 0...0.95
    public static let maxOccupancy: ClosedRange<Double> = 0.1...1
    /// Agents one interval may need.
    public static let agents = 100_000

    public static func callsProblem(_ value: Double) -> String? {
        value.isFinite && calls.contains(value) ? nil : "must be a number of calls from 0 to 1,000,000, not \(value)"
    }

    public static func handleTimeProblem(_ value: Double) -> String? {
        value.isFinite && value > 0 && seconds.contains(value) ? nil : "must be a number of seconds above 0 and at most 86,400, not \(value)"
    }

    public static func targetSecondsProblem(_ value: Double) -> String? {
        value.isFinite && seconds.contains(value) ? nil : "must be a number of seconds from 0 to 86,400, not \(value)"
    }

    public static func shrinkageProblem(_ value: Double) -> String? {
        value.isFinite && shrinkage.contains(value) ? nil : "must be in [0, 0.95], not \(value)"
    }

    /// Average patience (Erlang A): 1 second to an hour.
    public static let patience: ClosedRange<Double> = 1...3_600

    public static func patienceProblem(_ value: Double) -> String? {
        value.isFinite && patience.contains(value) ? nil : "must be a number of seconds from 1 to 3,600, not \(value)"
    }

    /// After-call work added to every handle time: up to two hours.
    public static let acw: ClosedRange<Double> = 0...7_200

    public static func acwProblem(_ value: Double) -> String? {
        value.isFinite && acw.contains(value) ? nil : "must be a number of seconds from 0 to 7,200, not \(value)"
    }

    public static func abandonmentProblem(_ value: Double) -> String? {
        value.isFinite && value > 0 && value < 1 ? nil : "must be a share above 0 and below 1, not \(value)"
    }

    public static func maxOccupancyProblem(_ value: Double) -> String? {
        value.isFinite && maxOccupancy.contains(value) ? nil : "must be in [0.1, 1], not \(value)"
    }
}

/// How to staff from a forecast: the target, occupancy cap, shrinkage and a ceiling on agents.
public struct StaffingPolicy: Sendable, Equatable {
    public var target: ServiceTarget
    /// Highest acceptable occupancy `A/N` (e.g. 0.85), or nil for none.
    public var maxOccupancy: Double?
    /// Share of paid time not spent on calls (breaks, training, absence), in [0, 1).
    public var shrinkage: Double
    /// The search gives up above this many agents for one interval.
    public var maxAgents: Int
    /// Callers' average patience in seconds: with it, Erlang A (callers hang up) replaces
    /// Erlang C (callers wait for ever).
    public var averagePatienceSeconds: Double?
    /// With a patience: the highest share of calls that may hang up, a target besides `target`.
    public var maxAbandonment: Double?
    /// After-call work in seconds, added to every handle time given (talk time).
    public var acwSeconds: Double = 0

    public init(
        target: ServiceTarget, maxOccupancy: Double? = nil, shrinkage: Double = 0, maxAgents: Int = 100_000,
        averagePatienceSeconds: Double? = nil, maxAbandonment: Double? = nil
    ) {
        self.target = target
        self.maxOccupancy = maxOccupancy
        self.shrinkage = shrinkage
        self.maxAgents = maxAgents
        self.averagePatienceSeconds = averagePatienceSeconds
        self.maxAbandonment = maxAbandonment
    }

    /// Scheduled agents for `raw` agents on the phones: `ceil(raw / (1 − shrinkage))`.
    public func scheduled(raw: Int) -> Int {
        guard raw > 0 else { return 0 }
        return Int((Double(raw) / (1 - shrinkage) - 1e-9).rounded(.up))
    }

    /// Agents actually on the phones when `scheduled` agents are rostered: `floor(scheduled · (1 − shrinkage))`.
    public func productive(scheduled: Int) -> Int {
        Int((Double(scheduled) * (1 - shrinkage) + 1e-9).rounded(.down))
    }
}

/// The staffing an interval needs and what it achieves.
public struct IntervalStaffing: Sendable, Equatable {
    /// Offered load in Erlangs: calls × AHT / interval length.
    public let traffic: Double
    /// Agents on the phones (before shrinkage).
    public let rawAgents: Int
    /// Agents to schedule (after shrinkage).
    public let scheduledAgents: Int
    public let serviceLevel: Double
    public let averageSpeedOfAnswer: Double
    public let probabilityOfWaiting: Double
    public let occupancy: Double
    /// Share of calls that hang up (Erlang A; nil under Erlang C).
    public var abandonment: Double?
}

/// Why no staffing meets the target.
public struct StaffingError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

extension StaffingPolicy {
    /// The smallest number of agents that meets the target (and the occupancy cap) for `calls`
    /// arriving in `intervalSeconds` with an average handle time of `ahtSeconds`.
    ///
    /// - Complexity: O(N) for the N agents found.
    public func staffing(calls: Double, ahtSeconds: Double, intervalSeconds: Double) throws(StaffingError) -> IntervalStaffing {
        if let problem = StaffingLimits.callsProblem(calls) { throw StaffingError(description: "calls " + problem) }
        if let problem = StaffingLimits.handleTimeProblem(ahtSeconds) { throw StaffingError(description: "average handle time " + problem) }
        if let problem = StaffingLimits.shrinkageProblem(shrinkage) { throw StaffingError(description: "shrinkage " + problem) }
        if let occupancy = maxOccupancy, let problem = StaffingLimits.maxOccupancyProblem(occupancy) {
            throw StaffingError(description: "max occupancy " + problem)
        }
        guard intervalSeconds.isFinite, intervalSeconds > 0 else { throw StaffingError(description: "interval length must be positive") }
        let ahtSeconds = ahtSeconds + acwSeconds
        let traffic = calls * ahtSeconds / intervalSeconds
        // Checked before any conversion to Int: the load alone, or the occupancy cap, may ask for
        // more agents than an interval can have.
        guard traffic / (maxOccupancy ?? 1) < Double(min(maxAgents, StaffingLimits.agents)) else {
            throw StaffingError(description: "\(decimal(calls)) calls at \(decimal(ahtSeconds)) s need more than \(min(maxAgents, StaffingLimits.agents)) agents")
        }
        if traffic == 0 {
            return IntervalStaffing(
                traffic: 0, rawAgents: 0, scheduledAgents: 0, serviceLevel: 1, averageSpeedOfAnswer: 0, probabilityOfWaiting: 0, occupancy: 0,
                abandonment: averagePatienceSeconds == nil ? nil : 0)
        }
        if let patience = averagePatienceSeconds {
            return try erlangAStaffing(calls: calls, traffic: traffic, ahtSeconds: ahtSeconds, patienceSeconds: patience)
        }
        // Start just above the load (fewer agents can never keep up), carrying Erlang B along.
        var agents = Int(traffic.rounded(.down)) + 1
        if let maxOccupancy { agents = max(agents, Int((traffic / maxOccupancy - 1e-12).rounded(.up))) }
        guard agents <= maxAgents else {
            throw StaffingError(description: "\(decimal(calls)) calls at \(decimal(ahtSeconds)) s need more than \(maxAgents) agents")
        }
        var b = ErlangC.blocking(agents: agents, traffic: traffic)
        while true {
            let waiting = ErlangC.probabilityOfWaiting(agents: agents, traffic: traffic, blocking: b)
            let level = serviceLevelTargetSeconds.map {
                ErlangC.serviceLevel(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, targetSeconds: $0, waiting: waiting)
            }
            let asa = ErlangC.averageSpeedOfAnswer(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, waiting: waiting)
            let meets: Bool
            switch target {
            case .serviceLevel(let fraction, _): meets = level! >= fraction - 1e-12
            case .averageSpeedOfAnswer(let seconds): meets = asa <= seconds + 1e-12
            case .abandonmentOnly: meets = true  // Erlang C has no abandonment: enough agents to keep up
            }
            if meets {
                let reported = level ?? ErlangC.serviceLevel(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, targetSeconds: 0, waiting: waiting)
                return IntervalStaffing(
                    traffic: traffic, rawAgents: agents, scheduledAgents: scheduled(raw: agents), serviceLevel: reported,
                    averageSpeedOfAnswer: asa, probabilityOfWaiting: waiting, occupancy: traffic / Double(agents))
            }
            guard agents < maxAgents else {
                throw StaffingError(description: "the target cannot be met with at most \(maxAgents) agents for \(calls) calls at \(ahtSeconds) s")
            }
            agents += 1
            b = traffic * b / (Double(agents) + traffic * b)
        }
    }

    /// Service level and ASA achieved when `scheduled` agents are rostered for an interval.
    public func achieved(scheduled: Int, calls: Double, ahtSeconds: Double, intervalSeconds: Double) -> (serviceLevel: Double, averageSpeedOfAnswer: Double) {
        let ahtSeconds = ahtSeconds + acwSeconds
        let traffic = calls * ahtSeconds / intervalSeconds
        let agents = productive(scheduled: scheduled)
        if let patience = averagePatienceSeconds {
            let measures = ErlangA.measures(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, patienceSeconds: patience, targetSeconds: serviceLevelTargetSeconds ?? 0)
            return (measures.serviceLevel, measures.averageSpeedOfAnswer)
        }
        let level = ErlangC.serviceLevel(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds, targetSeconds: serviceLevelTargetSeconds ?? 0)
        return (level, ErlangC.averageSpeedOfAnswer(agents: agents, traffic: traffic, ahtSeconds: ahtSeconds))
    }

    /// A figure as a planner reads it in a message.
    private func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }

    /// The answer time the service level is measured against (0 for an ASA target).
    var serviceLevelTargetSeconds: Double? {
        if case .serviceLevel(_, let seconds) = target { return seconds }
        return nil
    }
}
