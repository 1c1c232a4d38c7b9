/// Calls of past weeks per local interval: what `roster forecast` learns from.
public struct CallHistory: Sendable {
    /// One interval of the history.
    public struct Interval: Sendable, Equatable {
        /// Calls offered (after any callback de-duplication).
        public var calls: Double
        /// Calls whose handle time is known, and the sum of those handle times.
        public var handledCalls: Double
        public var handleSeconds: Double

        public init(calls: Double = 0, handledCalls: Double = 0, handleSeconds: Double = 0) {
            self.calls = calls
            self.handledCalls = handledCalls
            self.handleSeconds = handleSeconds
        }
    }

    public let intervalMinutes: Int
    /// By local date, then by interval of the day (minute of the day ÷ interval length).
    public private(set) var days: [LocalDate: [Int: Interval]] = [:]
    /// From a call log with outcomes and waits: callers who hung up, and the seconds every
    /// caller spent waiting (answered or not). Their ratio estimates the patience.
    public var abandonedCalls = 0.0
    public var waitedSeconds = 0.0

    /// The average patience, estimated as if patience were exponential: seconds waited by all
    /// callers over the callers who hung up (the maximum-likelihood estimate with answered
    /// callers' waits as censored patience). Nil without waits or without a caller hanging up.
    public var estimatedPatienceSeconds: Double? { abandonedCalls > 0 && waitedSeconds > 0 ? waitedSeconds / abandonedCalls : nil }

    public init(intervalMinutes: Int) { self.intervalMinutes = intervalMinutes }

    /// Adds calls to the interval that holds `local`.
    public mutating func add(at local: LocalDateTime, _ entry: Interval) {
        let slot = local.minuteOfDay / intervalMinutes
        var day = days[local.date] ?? [:]
        var interval = day[slot] ?? Interval()
        interval.calls += entry.calls
        interval.handledCalls += entry.handledCalls
        interval.handleSeconds += entry.handleSeconds
        day[slot] = interval
        days[local.date] = day
    }

    public var firstDate: LocalDate? { days.keys.min() }
    public var lastDate: LocalDate? { days.keys.max() }
}

/// How a forecast turns the spread of past weeks into the calls it plans for.
public enum ForecastRobustness: Sendable, Equatable {
    /// The expected calls.
    case mean
    /// The expected calls plus `k` standard deviations of the past weeks around their profile.
    case sigmas(Double)
    /// The `q`-quantile of the past weeks' calls, each week scaled to the forecast level.
    case quantile(Double)
}

/// A weekday × interval forecast of one week from the weeks before it.
///
/// - **Level and trend**: a straight line through the weekly totals, fitted by least squares
///   with weights `trendDecay^age` (age 0 the latest week), projected one week ahead (never
///   below 0).
/// - **Profile**: each week's share of its total per weekday and interval, averaged with
///   weights `alpha·(1 − alpha)^age` (age 0 the latest week) and normalized. `alpha` 0.1 (nearly
///   equal weights over 8 weeks) gave a median WAPE of 0.076 against the true rates of the
///   synthetic log (seeds 2026–2030), 0.3 gave 0.087: an interval's count is noisy, its share
///   over many weeks much less so.
/// - **Spread**: per weekday and interval, the past weeks' calls scaled to the forecast level
///   (`c_w · total / T_w`); their standard deviation, at least the Poisson `√mean`.
/// - **Handle time** per weekday and interval: the history's mean handle time there when it
///   holds at least `minimumHandledCalls` calls, else the weekday's, else the whole history's,
///   plus `acwSeconds` of after-call work.
///
/// Complexity: O(weeks × intervals a week).
public struct WeeklyForecaster: Sendable {
    public var weeks: Int
    public var alpha: Double
    public var trendDecay: Double
    public var robustness: ForecastRobustness
    public var minimumHandledCalls: Double
    public var acwSeconds: Double

    public init(weeks: Int = 8, alpha: Double = 0.1, trendDecay: Double = 0.85, robustness: ForecastRobustness = .mean, minimumHandledCalls: Double = 30, acwSeconds: Double = 0) {
        self.weeks = weeks
        self.alpha = alpha
        self.trendDecay = trendDecay
        self.robustness = robustness
        self.minimumHandledCalls = minimumHandledCalls
        self.acwSeconds = acwSeconds
    }

    /// One forecast interval: its weekday (0 = the week's first day) and interval of the day,
    /// the calls planned for (per the robustness), the expected calls, their spread and the
    /// handle time (nil when the history has no handle time at all).
    public struct Entry: Sendable, Equatable {
        public let day: Int
        public let slot: Int
        public let calls: Double
        public let mean: Double
        public let sigma: Double
        public let ahtSeconds: Double?
    }

    /// Why a week cannot be forecast from a history.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The forecast of the 7 days from `start`, from the `weeks` whole weeks before it. Intervals
    /// without a call in any of those weeks are left out (closed). Throws when the history does
    /// not reach back that far or reaches into the week.
    public func forecast(_ history: CallHistory, weekStart start: LocalDate) throws(Problem) -> [Entry] {
        guard let first = history.firstDate, let last = history.lastDate else { throw Problem(description: "the history has no calls") }
        guard last < start else { throw Problem(description: "the history runs to \(last), into the week to forecast (from \(start)); forecast a week after the history") }
        let earliest = start.adding(days: -7 * weeks)
        guard first <= earliest else {
            let whole = (start.daysSinceEpoch - first.daysSinceEpoch) / 7
            throw Problem(description: "\(weeks) weeks were asked for, but the history starts on \(first): only \(whole) whole week(s) before \(start)")
        }
        // counts[w][day][slot], w = 0 the oldest week.
        let slots = 1440 / history.intervalMinutes
        var counts = Array(repeating: Array(repeating: Array(repeating: 0.0, count: slots), count: 7), count: weeks)
        for w in 0..<weeks {
            for day in 0..<7 {
                for (slot, entry) in history.days[earliest.adding(days: 7 * w + day)] ?? [:] where slot < slots { counts[w][day][slot] = entry.calls }
            }
        }
        let totals = counts.map { $0.reduce(0) { $0 + $1.reduce(0, +) } }
        let total = projectedTotal(totals)
        var share = Array(repeating: Array(repeating: 0.0, count: slots), count: 7)
        var weightSum = 0.0
        for w in 0..<weeks where totals[w] > 0 {
            let weight = alpha * Self.power(1 - alpha, weeks - 1 - w)
            weightSum += weight
            for day in 0..<7 { for slot in 0..<slots { share[day][slot] += weight * counts[w][day][slot] / totals[w] } }
        }
        let aht = HandleTimes(history: history, from: earliest, to: start.adding(days: -1), slots: slots, minimum: minimumHandledCalls)
        var entries: [Entry] = []
        for day in 0..<7 {
            for slot in 0..<slots where counts.contains(where: { $0[day][slot] > 0 }) {
                let mean = weightSum > 0 ? total * share[day][slot] / weightSum : 0
                let scaled = (0..<weeks).filter { totals[$0] > 0 }.map { counts[$0][day][slot] * total / totals[$0] }
                let sigma = max(Self.standardDeviation(scaled), mean.squareRoot())
                let planned: Double
                switch robustness {
                case .mean: planned = mean
                case .sigmas(let k): planned = max(0, mean + k * sigma)
                case .quantile(let q): planned = Self.quantile(scaled, q)
                }
                entries.append(Entry(day: day, slot: slot, calls: planned, mean: mean, sigma: sigma, ahtSeconds: aht.seconds(weekday: start.adding(days: day).weekday, slot: slot).map { $0 + acwSeconds }))
            }
        }
        return entries
    }

    /// The next weekly total from a straight line fitted to the weekly totals by least squares,
    /// week `age` weeks back weighing `trendDecay^age`: the level and trend of recent weeks, with
    /// the noise of single weeks averaged out (Holt's smoothing, started from two noisy weeks,
    /// overshot by 9–11 % on the synthetic log). Never below 0. O(weeks).
    func projectedTotal(_ totals: [Double]) -> Double {
        guard totals.count > 1 else { return max(0, totals.first ?? 0) }
        var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for (index, total) in totals.enumerated() {
            let weight = Self.power(trendDecay, totals.count - 1 - index), x = Double(index)
            sw += weight
            sx += weight * x
            sy += weight * total
            sxx += weight * x * x
            sxy += weight * x * total
        }
        let denominator = sw * sxx - sx * sx
        let slope = denominator > 1e-12 ? (sw * sxy - sx * sy) / denominator : 0
        let intercept = (sy - slope * sx) / sw
        return max(0, intercept + slope * Double(totals.count))
    }

    static func power(_ base: Double, _ exponent: Int) -> Double { (0..<max(0, exponent)).reduce(1.0) { value, _ in value * base } }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// The `q`-quantile by linear interpolation between order statistics (0 for no values).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(sorted.count - 1, low + 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}

/// Mean handle times of a stretch of history by weekday and interval, with fallbacks.
struct HandleTimes {
    var byWeekdaySlot: [Weekday: [Int: (calls: Double, seconds: Double)]] = [:]
    var byWeekday: [Weekday: (calls: Double, seconds: Double)] = [:]
    var overall = (calls: 0.0, seconds: 0.0)
    let minimum: Double

    init(history: CallHistory, from first: LocalDate, to last: LocalDate, slots: Int, minimum: Double) {
        self.minimum = minimum
        var date = first
        while date <= last {
            for (slot, entry) in history.days[date] ?? [:] where entry.handledCalls > 0 {
                byWeekdaySlot[date.weekday, default: [:]][slot, default: (0, 0)].calls += entry.handledCalls
                byWeekdaySlot[date.weekday, default: [:]][slot, default: (0, 0)].seconds += entry.handleSeconds
                byWeekday[date.weekday, default: (0, 0)].calls += entry.handledCalls
                byWeekday[date.weekday, default: (0, 0)].seconds += entry.handleSeconds
                overall.calls += entry.handledCalls
                overall.seconds += entry.handleSeconds
            }
            date = date.adding(days: 1)
        }
    }

    func seconds(weekday: Weekday, slot: Int) -> Double? {
        if let here = byWeekdaySlot[weekday]?[slot], here.calls >= minimum { return here.seconds / here.calls }
        if let day = byWeekday[weekday], day.calls >= minimum { return day.seconds / day.calls }
        return overall.calls > 0 ? overall.seconds / overall.calls : nil
    }
}

/// A forecaster tried on the last weeks of a history: each week is forecast from the weeks
/// before it and compared with what came.
public struct ForecastBacktest: Sendable {
    /// One held-out week.
    public struct Week: Sendable, Equatable {
        public let start: LocalDate
        public let actualCalls: Double
        public let forecastCalls: Double
        /// Weighted absolute percentage error of the expected calls: Σ|actual − expected| ÷ Σ actual
        /// over the week's intervals (nil without calls); and per weekday (0 = the week's first day).
        public let wape: Double?
        public let wapeByDay: [Double?]
        /// Per interval of the day (index = minute of the day ÷ interval), over the week's days.
        public let wapeBySlot: [Double?]
        /// With a staffing policy: the call-weighted service level the staffing of the planned
        /// calls would have reached on the actual calls, and the intervals with calls below the
        /// target (of `intervals` with calls).
        public let serviceLevel: Double?
        public let intervalsBelowTarget: Int
        public let intervals: Int
    }

    /// The `count` weeks just before `target` (the week to forecast), each forecast from
    /// `forecaster.weeks` weeks before it; staffing by `policy` when given. Throws when the
    /// history does not reach back `count + forecaster.weeks` weeks before `target`.
    public static func run(
        _ history: CallHistory, before target: LocalDate, forecaster: WeeklyForecaster, weeks count: Int, policy: StaffingPolicy?, defaultAHTSeconds: Double?
    ) throws(WeeklyForecaster.Problem) -> [Week] {
        guard let first = history.firstDate else { throw WeeklyForecaster.Problem(description: "the history has no calls") }
        let needed = count + forecaster.weeks
        guard first <= target.adding(days: -7 * needed) else {
            throw WeeklyForecaster.Problem(description: "a backtest of \(count) week(s) with \(forecaster.weeks) week(s) to learn from needs \(needed) whole weeks of history before \(target); it starts on \(first)")
        }
        var weeks: [Week] = []
        for index in 0..<count {
            let start = target.adding(days: -7 * (count - index))
            var before = CallHistory(intervalMinutes: history.intervalMinutes)
            for (date, slots) in history.days where date < start {
                for (slot, entry) in slots { before.add(at: LocalDateTime(date: date, minuteOfDay: slot * history.intervalMinutes), entry) }
            }
            let forecast = try forecaster.forecast(before, weekStart: start)
            weeks.append(score(forecast, against: history, start: start, policy: policy, defaultAHTSeconds: defaultAHTSeconds))
        }
        return weeks
    }

    static func score(_ forecast: [WeeklyForecaster.Entry], against history: CallHistory, start: LocalDate, policy: StaffingPolicy?, defaultAHTSeconds: Double?) -> Week {
        let seconds = Double(history.intervalMinutes * 60)
        var expected: [Int: WeeklyForecaster.Entry] = [:]
        let slots = 1440 / history.intervalMinutes
        for entry in forecast { expected[entry.day * slots + entry.slot] = entry }
        var error = Array(repeating: 0.0, count: 7), actualByDay = Array(repeating: 0.0, count: 7)
        var slotError = Array(repeating: 0.0, count: slots), actualBySlot = Array(repeating: 0.0, count: slots)
        var weighted = 0.0, below = 0, intervals = 0
        for day in 0..<7 {
            let actual = history.days[start.adding(days: day)] ?? [:]
            for slot in Set(actual.keys).union((0..<slots).filter { expected[day * slots + $0] != nil }) {
                let came = actual[slot]?.calls ?? 0, planned = expected[day * slots + slot]
                error[day] += abs(came - (planned?.mean ?? 0))
                actualByDay[day] += came
                if slot < slots {
                    slotError[slot] += abs(came - (planned?.mean ?? 0))
                    actualBySlot[slot] += came
                }
                guard let policy, came > 0 else { continue }
                intervals += 1
                let aht = planned?.ahtSeconds ?? defaultAHTSeconds ?? 0
                let cameAHT = (actual[slot].map { $0.handledCalls > 0 ? $0.handleSeconds / $0.handledCalls : nil } ?? nil) ?? aht
                let agents = (try? policy.staffing(calls: planned?.calls ?? 0, ahtSeconds: max(aht, 1), intervalSeconds: seconds))?.scheduledAgents ?? 0
                let reached = policy.achieved(scheduled: agents, calls: came, ahtSeconds: max(cameAHT, 1), intervalSeconds: seconds)
                weighted += reached.serviceLevel * came
                switch policy.target {
                case .serviceLevel(let fraction, _): if reached.serviceLevel < fraction - 1e-9 { below += 1 }
                case .averageSpeedOfAnswer(let target): if reached.averageSpeedOfAnswer > target + 1e-9 { below += 1 }
                case .abandonmentOnly: break
                }
            }
        }
        let total = actualByDay.reduce(0, +)
        return Week(
            start: start, actualCalls: total, forecastCalls: forecast.reduce(0) { $0 + $1.mean },
            wape: total > 0 ? error.reduce(0, +) / total : nil, wapeByDay: (0..<7).map { actualByDay[$0] > 0 ? error[$0] / actualByDay[$0] : nil },
            wapeBySlot: (0..<slots).map { actualBySlot[$0] > 0 ? slotError[$0] / actualBySlot[$0] : nil },
            serviceLevel: policy != nil && total > 0 ? weighted / total : nil, intervalsBelowTarget: below, intervals: intervals)
    }
}
