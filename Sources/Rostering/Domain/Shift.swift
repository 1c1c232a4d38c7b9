/// A way to generate candidate shifts: on which weekdays, between which start times, how long.
public struct ShiftTemplate: Sendable, Equatable {
    public var name: String
    /// Weekdays on which shifts of this template may start.
    public var weekdays: Set<Weekday>
    public var earliestStart: TimeOfDay
    public var latestStart: TimeOfDay
    /// Minutes between consecutive start times.
    public var startStepMinutes: Int
    /// Wall-clock lengths in minutes.
    public var lengthsMinutes: [Int]

    public init(
        name: String, weekdays: Set<Weekday> = Set(Weekday.allCases), earliestStart: TimeOfDay,
        latestStart: TimeOfDay, startStepMinutes: Int, lengthsMinutes: [Int]
    ) {
        self.name = name
        self.weekdays = weekdays
        self.earliestStart = earliestStart
        self.latestStart = latestStart
        self.startStepMinutes = startStepMinutes
        self.lengthsMinutes = lengthsMinutes
    }

    /// Local start times this template allows on a day, in order.
    public var startTimes: [Int] {
        guard startStepMinutes > 0, earliestStart <= latestStart else { return [] }
        return Array(stride(from: earliestStart.minutes, through: latestStart.minutes, by: startStepMinutes))
    }
}

/// A concrete candidate shift: it starts on a given day at a local time and lasts a wall-clock length.
///
/// Start and end are instants, so a shift across a DST change has its real duration
/// (22:00–06:00 lasts 9 hours on the night clocks go back).
public struct Shift: Sendable, Hashable {
    /// Position in ``RosterProblem/shifts``.
    public let index: Int
    /// Day index (0-based) of the local date on which the shift starts.
    public let day: Int
    public let start: Instant
    public let end: Instant
    /// Template that generated it (the first one when several generate the same shift).
    public let templateName: String
    /// Minutes of unpaid breaks the shift takes (its break rule's, wherever they are placed).
    public let unpaidMinutes: Int

    init(index: Int, day: Int, start: Instant, end: Instant, templateName: String, unpaidMinutes: Int = 0) {
        self.index = index
        self.day = day
        self.start = start
        self.end = end
        self.templateName = templateName
        self.unpaidMinutes = unpaidMinutes
    }

    /// Paid minutes: the real duration less unpaid breaks. Weekly caps and minimums, totals and
    /// paid hours count these; rest is measured between real ends and starts.
    public var paidMinutes: Int { end - start - unpaidMinutes }
}
