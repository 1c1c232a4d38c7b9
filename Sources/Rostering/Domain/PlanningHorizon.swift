/// The planned period: whole local days in the site's time zone, cut into intervals.
///
/// Intervals are fixed-length slices of real time from local midnight of the first day to local
/// midnight after the last, so a day on which clocks change has 23 or 25 hours of intervals.
public struct PlanningHorizon: Sendable, Equatable {
    public let startDate: LocalDate
    public let days: Int
    public let timeZone: SiteTimeZone
    public let intervalMinutes: Int
    public let firstDayOfWeek: Weekday
    /// Instant of local midnight at the start of `startDate`.
    public let start: Instant
    /// Instant of local midnight after the last day.
    public let end: Instant

    /// Why a horizon cannot be built.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case days(Int)
        case intervalMinutes(Int)
        case midnightMissing(LocalDate)
        case notOnGrid

        public var description: String {
            switch self {
            case .days(let days): return "days must be between 1 and 366, not \(days)"
            case .intervalMinutes(let minutes): return "interval length must be 15, 30 or 60 minutes, not \(minutes)"
            case .midnightMissing(let date): return "local midnight of \(date) does not exist in this time zone"
            case .notOnGrid: return "the horizon's length is not a whole number of intervals (a DST change of an odd number of minutes)"
            }
        }
    }

    public init(
        startDate: LocalDate, days: Int, timeZone: SiteTimeZone, intervalMinutes: Int,
        firstDayOfWeek: Weekday = .monday
    ) throws(Problem) {
        guard (1...366).contains(days) else { throw .days(days) }
        guard [15, 30, 60].contains(intervalMinutes) else { throw .intervalMinutes(intervalMinutes) }
        self.startDate = startDate
        self.days = days
        self.timeZone = timeZone
        self.intervalMinutes = intervalMinutes
        self.firstDayOfWeek = firstDayOfWeek
        func midnight(_ date: LocalDate) throws(Problem) -> Instant {
            switch timeZone.resolve(LocalDateTime(date: date, minuteOfDay: 0)) {
            case .unique(let instant), .ambiguous(let instant, _): return instant
            case .nonexistent: throw .midnightMissing(date)
            }
        }
        start = try midnight(startDate)
        end = try midnight(startDate.adding(days: days))
        guard (end - start) % intervalMinutes == 0 else { throw .notOnGrid }
    }

    /// Number of intervals.
    public var intervalCount: Int { (end - start) / intervalMinutes }

    /// Start instant of interval `index`.
    public func intervalStart(_ index: Int) -> Instant { start + index * intervalMinutes }

    /// Index of the interval starting exactly at `instant`, or `nil` when off the grid or outside.
    public func intervalIndex(startingAt instant: Instant) -> Int? {
        let offset = instant - start
        guard offset >= 0, instant < end, offset % intervalMinutes == 0 else { return nil }
        return offset / intervalMinutes
    }

    /// The horizon's dates, in order.
    public var dates: [LocalDate] { (0..<days).map { startDate.adding(days: $0) } }

    /// Day index (0-based) of a date, or `nil` outside the horizon.
    public func dayIndex(of date: LocalDate) -> Int? {
        let index = date.daysSinceEpoch - startDate.daysSinceEpoch
        return (0..<days).contains(index) ? index : nil
    }

    /// Calendar week (0-based within the horizon) of a day index; weeks begin on `firstDayOfWeek`.
    public func weekIndex(ofDay day: Int) -> Int {
        (day + leadingDays) / 7
    }

    /// Number of calendar weeks the horizon touches.
    public var weekCount: Int { weekIndex(ofDay: days - 1) + 1 }

    /// Day indices of week `week` that lie inside the horizon.
    public func days(ofWeek week: Int) -> Range<Int> {
        let first = max(0, week * 7 - leadingDays)
        let last = min(days, week * 7 - leadingDays + 7)
        return first..<last
    }

    /// Whether all seven days of `week` lie inside the horizon.
    public func isFullWeek(_ week: Int) -> Bool { days(ofWeek: week).count == 7 }

    /// Days between the first day of the week and the horizon's start date.
    private var leadingDays: Int { (startDate.weekday.index - firstDayOfWeek.index + 7) % 7 }
}
