/// Off-phone work placed inside agents' shifts: a training course, 1:1 coaching, a team meeting,
/// project time. While in a session an agent is paid and working but not on the phone, so
/// coverage is counted net of sessions, as it is net of breaks.
///
/// Rules every activity keeps (the formulation, the searches and the validator share them):
/// - a session lasts ``minutes``, starts at one of the activity's start times
///   (``RosterProblem/activityStarts``) and lies wholly inside a shift of the attendee, overlapping
///   none of its breaks;
/// - a shift holds at most one activity session (of any activity), so the sessions of one
///   activity fall on different days;
/// - each attendee attends at most ``sessions`` sessions; ``Attendance`` says how they attend.
public struct Activity: Sendable, Hashable {
    /// How the attendees attend.
    public enum Attendance: Sendable, Hashable {
        /// Each attendee on their own (coaching, e-learning): at most `atOnce` attendees in a
        /// session at the same time (nil: no limit).
        case individual(atOnce: Int?)
        /// All attendees at once (a team meeting, a course): each session is held at one time for
        /// everyone, and at least `minShare` of the attendees (0 < share ≤ 1, rounded up to whole
        /// agents) attend each session held.
        case together(minShare: Double)
    }

    /// Shown in activities.csv and calendars; unique among the activities.
    public var name: String
    /// Agent ids, in the order given.
    public var attendees: [String]
    public var minutes: Int
    /// Sessions each attendee attends (individual), or sessions held (together).
    public var sessions: Int
    /// The local dates the sessions may fall on (both ends included).
    public var firstDate: LocalDate
    public var lastDate: LocalDate
    /// Each session starts at or after `earliestStartMinute` and ends by `latestEndMinute`
    /// (minutes after local midnight, the end up to 1,440), its start a multiple of
    /// `stepMinutes` after the earliest.
    public var earliestStartMinute: Int
    public var latestEndMinute: Int
    public var stepMinutes: Int
    /// A course at given times: the sessions start exactly at these local times (one session
    /// each) and the window above is not used. Empty for a chosen time.
    public var fixedStarts: [LocalDateTime]
    public var attendance: Attendance
    /// A hard activity must happen: every attendee attends every session (individual), or every
    /// session is held with at least the minimum share attending (together).
    public var hard: Bool
    /// Objective penalty per hour of session an attendee misses (a session not attended, or not
    /// held): soft activities, and absences above the minimum share of a hard meeting.
    public var penaltyPerAgentHour: Double

    public static let defaultPenaltyPerAgentHour = 200.0

    public init(
        name: String, attendees: [String], minutes: Int, sessions: Int = 1, firstDate: LocalDate, lastDate: LocalDate,
        earliestStartMinute: Int = 0, latestEndMinute: Int = 1_440, stepMinutes: Int, fixedStarts: [LocalDateTime] = [],
        attendance: Attendance = .individual(atOnce: nil), hard: Bool = true, penaltyPerAgentHour: Double = Activity.defaultPenaltyPerAgentHour
    ) {
        self.name = name
        self.attendees = attendees
        self.minutes = minutes
        self.sessions = fixedStarts.isEmpty ? sessions : fixedStarts.count
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.earliestStartMinute = earliestStartMinute
        self.latestEndMinute = latestEndMinute
        self.stepMinutes = stepMinutes
        self.fixedStarts = fixedStarts
        self.attendance = attendance
        self.hard = hard
        self.penaltyPerAgentHour = penaltyPerAgentHour
    }

    /// Whether its attendees attend together (a meeting).
    public var isMeeting: Bool { if case .together = attendance { true } else { false } }

    /// Attendees a held session of a together activity needs (0 for an individual one).
    public var leastAttending: Int {
        guard case .together(let share) = attendance else { return 0 }
        return min(attendees.count, max(1, Int((share * Double(attendees.count) - 1e-9).rounded(.up))))
    }

    /// Penalty of one attendee missing one session.
    public var missCost: Double { penaltyPerAgentHour * Double(minutes) / 60 }

    /// Most activities a scenario may list, attendees of one, and candidate starts of one: the
    /// exact model has an integer per attendee, shift and start.
    public static let mostActivities = 200
    public static let mostStarts = 2_000
}

extension RosterProblem {
    /// The start instants `activity` may take inside this horizon, ascending: its fixed starts,
    /// or every step of its window on every date of its range, skipping wall-clock times that do
    /// not exist (clocks going forward; an ambiguous time takes its first occurrence). Each start
    /// and end lies inside the horizon.
    static func starts(of activity: Activity, horizon: PlanningHorizon) -> [Instant] {
        func instant(_ local: LocalDateTime) -> Instant? { firstInstant(horizon.timeZone.resolve(local)) }
        var found: [Instant] = []
        if !activity.fixedStarts.isEmpty {
            found = activity.fixedStarts.compactMap(instant)
        } else if activity.stepMinutes > 0, activity.firstDate <= activity.lastDate {
            // Only the horizon's dates (and the day before, whose late starts may reach into it).
            let lastOfHorizon = horizon.startDate.adding(days: horizon.days - 1)
            var date = max(activity.firstDate, horizon.startDate.adding(days: -1))
            while date <= min(activity.lastDate, lastOfHorizon), found.count <= Activity.mostStarts {
                var minute = activity.earliestStartMinute
                while minute + activity.minutes <= activity.latestEndMinute {
                    if let start = instant(LocalDateTime(date: date, minuteOfDay: minute)) { found.append(start) }
                    minute += activity.stepMinutes
                }
                date = date.adding(days: 1)
            }
        }
        return Array(Set(found.filter { $0 >= horizon.start && $0 + activity.minutes <= horizon.end })).sorted()
    }

    /// The same problem with activities placed by the optimizer. Throws, naming the activity, for
    /// a name used twice, an unknown or repeated attendee, a length, step or start off the
    /// interval grid, a window outside the horizon or empty, a session longer than every shift,
    /// more sessions than the window's dates, a share or limit out of range, or a hard activity an
    /// attendee cannot attend because no shift they may work holds a session.
    public func with(activities list: [Activity]) throws(Problem) -> RosterProblem {
        var copy = self
        guard list.count <= Activity.mostActivities else {
            throw Problem(description: "\(list.count) activities; at most \(Activity.mostActivities)")
        }
        var names = Set<String>()
        var starts: [[Instant]] = []
        for activity in list {
            guard names.insert(activity.name).inserted else { throw Problem(description: "activity '\(activity.name)': the name is used twice") }
            let found = Self.starts(of: activity, horizon: horizon)
            if let problem = activityProblem(activity, starts: found) {
                throw Problem(description: "activity '\(activity.name)': \(problem)")
            }
            starts.append(found)
        }
        copy.activities = list
        copy.activityStarts = starts
        return copy
    }

    private func activityProblem(_ activity: Activity, starts: [Instant]) -> String? {
        let grid = horizon.intervalMinutes
        let known = Set(agents.map(\.id))
        guard !activity.attendees.isEmpty else { return "it has no attendees" }
        if let unknown = activity.attendees.first(where: { !known.contains($0) }) { return "unknown agent '\(unknown)'" }
        if Set(activity.attendees).count != activity.attendees.count { return "an agent is listed twice" }
        guard activity.minutes > 0, activity.minutes % grid == 0 else {
            return "its duration (\(activity.minutes) min) is not a positive whole number of \(grid)-minute intervals"
        }
        let longest = shifts.map { $0.end - $0.start }.max() ?? 0
        guard activity.minutes <= longest else { return "a session of \(activity.minutes) min is longer than any shift (the longest lasts \(longest) min)" }
        guard (1...7 * horizon.days).contains(activity.sessions) else { return "\(activity.sessions) sessions; give 1 to \(7 * horizon.days)" }
        guard activity.penaltyPerAgentHour >= 0, activity.penaltyPerAgentHour <= 1e6 else { return "its penalty must lie in 0…1,000,000 per agent-hour" }
        switch activity.attendance {
        case .individual(let atOnce):
            if let atOnce, atOnce < 1 { return "at most \(atOnce) at once; give at least 1" }
        case .together(let share):
            guard share > 0, share <= 1 else { return "a minimum share of \(share); give more than 0 and at most 1" }
        }
        if activity.fixedStarts.isEmpty {
            guard horizon.dayIndex(of: activity.firstDate) != nil, horizon.dayIndex(of: activity.lastDate) != nil else {
                return "its dates \(activity.firstDate)…\(activity.lastDate) are not inside the horizon \(horizon.startDate)…\(horizon.startDate.adding(days: horizon.days - 1))"
            }
            guard activity.firstDate <= activity.lastDate else { return "its first date comes after its last" }
            guard (0..<1_440).contains(activity.earliestStartMinute), (1...1_440).contains(activity.latestEndMinute),
                activity.earliestStartMinute + activity.minutes <= activity.latestEndMinute
            else { return "its times of day leave no room for a \(activity.minutes)-min session" }
            guard activity.stepMinutes > 0, activity.stepMinutes % grid == 0, activity.earliestStartMinute % grid == 0 else {
                return "its earliest start and step must be whole \(grid)-minute intervals"
            }
            let days = activity.lastDate.daysSinceEpoch - activity.firstDate.daysSinceEpoch + 1
            guard activity.sessions <= days else { return "\(activity.sessions) sessions on \(days) date(s); a shift holds one session, so give at most one a day" }
        } else {
            if let outside = activity.fixedStarts.first(where: { horizon.dayIndex(of: $0.date) == nil }) { return "its start \(outside) is not inside the horizon" }
            if let off = activity.fixedStarts.first(where: { $0.minuteOfDay % grid != 0 }) { return "its start \(off) is off the \(grid)-minute interval grid" }
            guard starts.count == activity.fixedStarts.count else { return "two of its starts are the same, or one does not exist on the clock that day" }
            let days = Set(activity.fixedStarts.map(\.date))
            guard days.count == activity.fixedStarts.count else { return "two of its sessions fall on the same date; a shift holds one session" }
        }
        guard !starts.isEmpty, starts.count <= Activity.mostStarts else {
            return starts.isEmpty ? "its window leaves no start inside the horizon" : "more than \(Activity.mostStarts) start times; narrow the window or widen the step"
        }
        guard activity.hard, case .individual = activity.attendance else { return nil }
        var clear: [Int: Set<Int>] = [:]
        for id in activity.attendees {
            let agent = agents.first { $0.id == id }!
            var days = Set<Int>()
            for shift in shifts where !days.contains(shift.day) && isEligible(agent, for: shift) {
                let length = shift.end - shift.start
                if clear[length] == nil { clear[length] = sessionOffsetsClearOfBreaks(length: length, minutes: activity.minutes) }
                if !sessionStarts(activity: activity, starts: starts, in: shift, clear: clear[length]!).isEmpty { days.insert(shift.day) }
            }
            if days.count < activity.sessions {
                return "agent \(id) cannot attend: only \(days.count) day(s) have a shift they may work that holds a session, and it is hard with \(activity.sessions) session(s)"
            }
        }
        return nil
    }

    /// Offsets from the start of a shift of `length` minutes (multiples of the interval) at which
    /// a session of `minutes` fits clear of the shift's breaks under at least one placement of
    /// them. O(offsets × placements × breaks).
    func sessionOffsetsClearOfBreaks(length: Int, minutes: Int) -> Set<Int> {
        let plans = breakPlansByLength[length] ?? [.none]
        var offsets = Set<Int>()
        for offset in stride(from: 0, through: length - minutes, by: horizon.intervalMinutes)
        where plans.contains(where: { plan in !plan.breaks.contains { $0.offsetMinutes < offset + minutes && $0.offsetMinutes + $0.minutes > offset } }) {
            offsets.insert(offset)
        }
        return offsets
    }

    /// Starts among `starts` (ascending) at which a session of `activity` fits inside `shift`
    /// clear of its breaks under some placement (`clear`: ``sessionOffsetsClearOfBreaks(length:minutes:)``
    /// for the shift's length). O(log starts + starts inside the shift).
    func sessionStarts(activity: Activity, starts: [Instant], in shift: Shift, clear: Set<Int>) -> [Instant] {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < shift.start { low = middle + 1 } else { high = middle }
        }
        var found: [Instant] = []
        while low < starts.count, starts[low] + activity.minutes <= shift.end {
            if clear.contains(starts[low] - shift.start) { found.append(starts[low]) }
            low += 1
        }
        return found
    }

    /// Intervals (inside the horizon) a session starting at `start` takes.
    public func sessionIntervals(start: Instant, minutes: Int) -> Range<Int> {
        let first = max(0, (start - horizon.start) / horizon.intervalMinutes)
        let last = min(horizon.intervalCount, (start + minutes - horizon.start) / horizon.intervalMinutes)
        return first..<max(first, last)
    }

    /// Whether some activity is placed by the optimizer.
    public var hasActivities: Bool { !activities.isEmpty }

    /// Whether some activity is attended together (a meeting).
    public var hasMeetings: Bool { activities.contains(where: \.isMeeting) }
}
