import Foundation

/// An instant in time: whole minutes since 1970-01-01T00:00Z.
public typealias Instant = Int

/// The site's IANA time zone: converts between wall-clock times and instants, aware of DST.
public struct SiteTimeZone: Sendable, Equatable {
    public let identifier: String
    private let zone: TimeZone

    /// Returns `nil` for an identifier the system's time-zone database does not list (Foundation
    /// also makes zones of fixed offsets from strings like `UTC+3` or `GMT+0300`, which have no DST
    /// and are almost always a mistake for the site's real zone; only `UTC` and `GMT` themselves
    /// are accepted of those).
    public init?(identifier: String) {
        guard !identifier.isEmpty, identifier == "UTC" || identifier == "GMT" || Self.known.contains(identifier),
            let zone = TimeZone(identifier: identifier)
        else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    private static let known = Set(TimeZone.knownTimeZoneIdentifiers)

    /// Offset from UTC in minutes at an instant.
    public func offsetMinutes(at instant: Instant) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) * 60)) / 60
    }

    /// The wall-clock time at an instant.
    public func local(_ instant: Instant) -> LocalDateTime {
        LocalDateTime(wallMinutes: instant + offsetMinutes(at: instant))
    }

    /// How a wall-clock time maps to instants.
    public enum Resolution: Equatable, Sendable {
        /// Exactly one instant shows this wall-clock time.
        case unique(Instant)
        /// The clocks went back: two instants show this time (earlier first).
        case ambiguous(Instant, Instant)
        /// The clocks went forward: no instant shows this time.
        case nonexistent
    }

    /// The instants at which the wall clock shows `local`.
    public func resolve(_ local: LocalDateTime) -> Resolution {
        let wall = local.wallMinutes
        // Offsets in force around this time; any instant showing `wall` uses one of them.
        let candidateOffsets = Set([-1440, 0, 1440].map { offsetMinutes(at: wall + $0) })
        let instants = candidateOffsets.map { wall - $0 }.filter { offsetMinutes(at: $0) + $0 == wall }.sorted()
        switch instants.count {
        case 0: return .nonexistent
        case 1: return .unique(instants[0])
        default: return .ambiguous(instants[0], instants[instants.count - 1])
        }
    }

    /// Whether the wall-clock time at `instant` is shown twice that day (clocks went back).
    public func isAmbiguous(_ instant: Instant) -> Bool {
        if case .ambiguous = resolve(local(instant)) { return true }
        return false
    }

    /// Local ISO 8601 text for an instant: `YYYY-MM-DDTHH:MM`, with the UTC offset appended
    /// (`+01:00`) only when the wall-clock time alone would be ambiguous.
    public func isoText(_ instant: Instant) -> String {
        let wall = local(instant)
        guard isAmbiguous(instant) else { return wall.description }
        return wall.description + Self.offsetText(offsetMinutes(at: instant))
    }

    static func offsetText(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : "+"
        let magnitude = abs(minutes)
        return sign + String(format: "%02d:%02d", magnitude / 60, magnitude % 60)
    }

    public static func == (lhs: SiteTimeZone, rhs: SiteTimeZone) -> Bool { lhs.identifier == rhs.identifier }
}

/// Why a local date-time text could not be read.
public enum LocalTimeParseError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case nonexistent(String)
    case ambiguous(String)
    case offsetMismatch(String)

    public var description: String {
        switch self {
        case .malformed(let text): return "'\(text)' is not a local ISO 8601 date-time (YYYY-MM-DDTHH:MM)"
        case .nonexistent(let text): return "'\(text)' does not exist in the site's time zone (clocks go forward)"
        case .ambiguous(let text):
            return "'\(text)' occurs twice in the site's time zone (clocks go back); add the UTC offset, e.g. \(text)+01:00"
        case .offsetMismatch(let text): return "'\(text)': the UTC offset does not match the site's time zone at that time"
        }
    }
}

extension SiteTimeZone {
    /// Parses a local ISO 8601 date-time (`YYYY-MM-DDTHH:MM`, optional `:SS` of zero, optional UTC
    /// offset `±HH:MM` or `Z`) into an instant in this zone. An offset is required only when the
    /// wall-clock time is ambiguous.
    public func parse(_ raw: String) throws(LocalTimeParseError) -> Instant {
        let (local, offset) = try LocalDateTime.parseISO(raw)
        if let offset {
            let instant = local.wallMinutes - offset
            guard offsetMinutes(at: instant) == offset else { throw .offsetMismatch(raw) }
            return instant
        }
        switch resolve(local) {
        case .unique(let instant): return instant
        case .ambiguous: throw .ambiguous(raw)
        case .nonexistent: throw .nonexistent(raw)
        }
    }
}

extension LocalDateTime {
    /// Parses `YYYY-MM-DDTHH:MM` (a space instead of `T`, `:00` seconds and a UTC offset `±HH:MM`
    /// or `Z` are accepted) into the wall-clock time and the offset in minutes, if given.
    public static func parseISO(_ raw: String) throws(LocalTimeParseError) -> (LocalDateTime, offsetMinutes: Int?) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.count >= 16 else { throw .malformed(raw) }
        let dateText = text.prefix(10)
        let rest = text.dropFirst(10)
        guard let date = LocalDate(iso: dateText), rest.first == "T" || rest.first == " " else { throw .malformed(raw) }
        var timePart = rest.dropFirst()
        var offset: Int?
        if timePart.hasSuffix("Z") {
            offset = 0
            timePart = timePart.dropLast()
        } else if let signIndex = timePart.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offsetText = timePart[timePart.index(after: signIndex)...]
            guard let parsed = TimeOfDay(text: offsetText) else { throw .malformed(raw) }
            offset = (timePart[signIndex] == "-" ? -1 : 1) * parsed.minutes
            timePart = timePart[..<signIndex]
        }
        if timePart.count == 8 {
            guard timePart.hasSuffix(":00") else { throw .malformed(raw) }
            timePart = timePart.dropLast(3)
        }
        guard let time = TimeOfDay(text: timePart) else { throw .malformed(raw) }
        return (LocalDateTime(date: date, minuteOfDay: time.minutes), offset)
    }
}

extension SiteTimeZone {
    /// A change of UTC offset.
    public struct Transition: Sendable, Equatable {
        /// First instant with the new offset.
        public let instant: Instant
        public let offsetBefore: Int
        public let offsetAfter: Int
        /// Whether daylight saving time is in force after the change.
        public let isDaylightSavingAfter: Bool
    }

    /// Every change of UTC offset in `[from, to)`, found by scanning in steps of an hour and
    /// narrowing each change to the minute (no zone changes offset twice within an hour).
    public func transitions(from: Instant, to: Instant) -> [Transition] {
        var found: [Transition] = []
        var previous = from
        var previousOffset = offsetMinutes(at: from)
        var probe = from + 60
        while previous < to {
            let current = min(probe, to)
            let offset = offsetMinutes(at: current)
            if offset != previousOffset {
                // Narrow down: the offset at `low` is the old one, at `high` the new one.
                var low = previous, high = current
                while high - low > 1 {
                    let middle = (low + high) / 2
                    if offsetMinutes(at: middle) == previousOffset { low = middle } else { high = middle }
                }
                found.append(Transition(
                    instant: high, offsetBefore: previousOffset, offsetAfter: offset,
                    isDaylightSavingAfter: zone.isDaylightSavingTime(for: Date(timeIntervalSince1970: Double(high) * 60))))
                previousOffset = offset
            }
            previous = current
            probe = current + 60
        }
        return found
    }

    /// Whether daylight saving time is in force at an instant.
    public func isDaylightSaving(at instant: Instant) -> Bool {
        zone.isDaylightSavingTime(for: Date(timeIntervalSince1970: Double(instant) * 60))
    }
}
