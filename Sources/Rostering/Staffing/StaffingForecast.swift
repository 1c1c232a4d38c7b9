/// Calls forecast for one interval of the horizon, and the staffing Erlang C derives from it.
public struct ForecastInterval: Sendable, Equatable {
    /// Interval index in the horizon.
    public let interval: Int
    public let calls: Double
    public let ahtSeconds: Double
    public let staffing: IntervalStaffing

    public init(interval: Int, calls: Double, ahtSeconds: Double, staffing: IntervalStaffing) {
        self.interval = interval
        self.calls = calls
        self.ahtSeconds = ahtSeconds
        self.staffing = staffing
    }
}

/// A forecast-driven run: the policy and, per forecast interval, calls, handle time and staffing.
public struct StaffingForecast: Sendable, Equatable {
    public let policy: StaffingPolicy
    public let intervalMinutes: Int
    /// Forecast intervals, in horizon order.
    public let intervals: [ForecastInterval]

    public init(policy: StaffingPolicy, intervalMinutes: Int, intervals: [ForecastInterval]) {
        self.policy = policy
        self.intervalMinutes = intervalMinutes
        self.intervals = intervals.sorted { $0.interval < $1.interval }
    }

    /// Scheduled agents required per horizon interval (0 where nothing is forecast).
    public func requirements(intervalCount: Int) -> [Int] {
        var required = Array(repeating: 0, count: intervalCount)
        for entry in intervals { required[entry.interval] = entry.staffing.scheduledAgents }
        return required
    }

    /// Service level expected per forecast interval when `scheduled[i]` agents are rostered, and
    /// for the whole horizon weighted by calls (nil when no calls are forecast).
    public func expectedServiceLevels(scheduled: [Int]) -> (perInterval: [Int: Double], overall: Double?) {
        var perInterval: [Int: Double] = [:]
        var weighted = 0.0, calls = 0.0
        for entry in intervals {
            let level = policy.achieved(
                scheduled: scheduled[entry.interval], calls: entry.calls, ahtSeconds: entry.ahtSeconds,
                intervalSeconds: Double(intervalMinutes * 60)).serviceLevel
            perInterval[entry.interval] = level
            weighted += level * entry.calls
            calls += entry.calls
        }
        return (perInterval, calls > 0 ? weighted / calls : nil)
    }

    /// With a patience (Erlang A): the share of calls expected to hang up per forecast interval
    /// when `scheduled[i]` agents are rostered, and over the horizon weighted by calls (nil
    /// without a patience or without calls).
    public func expectedAbandonment(scheduled: [Int]) -> (perInterval: [Int: Double], overall: Double?) {
        guard let patience = policy.averagePatienceSeconds else { return ([:], nil) }
        var perInterval: [Int: Double] = [:]
        var weighted = 0.0, calls = 0.0
        for entry in intervals {
            let aht = entry.ahtSeconds + policy.acwSeconds
            let traffic = entry.calls * aht / Double(intervalMinutes * 60)
            let share = ErlangA.measures(agents: policy.productive(scheduled: scheduled[entry.interval]), traffic: traffic, ahtSeconds: aht, patienceSeconds: patience, targetSeconds: 0).abandonment
            perInterval[entry.interval] = share
            weighted += share * entry.calls
            calls += entry.calls
        }
        return (perInterval, calls > 0 ? weighted / calls : nil)
    }

    /// Occupancy expected per forecast interval when `scheduled[i]` agents are rostered: the
    /// offered load over the agents on the phones (after shrinkage), at most 1 (an interval with
    /// load and nobody on the phones counts 1); and for the whole horizon, the load over the
    /// agent-intervals on the phones where calls are forecast (nil without any).
    public func expectedOccupancy(scheduled: [Int]) -> (perInterval: [Int: Double], overall: Double?) {
        var perInterval: [Int: Double] = [:]
        var load = 0.0, staffed = 0
        for entry in intervals {
            let traffic = entry.calls * (entry.ahtSeconds + policy.acwSeconds) / Double(intervalMinutes * 60)
            let agents = policy.productive(scheduled: scheduled[entry.interval])
            perInterval[entry.interval] = agents > 0 ? min(1, traffic / Double(agents)) : (traffic > 0 ? 1 : 0)
            load += traffic
            staffed += agents
        }
        return (perInterval, staffed > 0 ? min(1, load / Double(staffed)) : nil)
    }
}
