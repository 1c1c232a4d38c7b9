import Foundation
import Rostering

/// Text of an iCalendar (RFC 5545) object: content lines ending in CRLF, folded at 75 octets
/// without splitting a UTF-8 character, with TEXT values escaped.
public struct ICalendarText: Sendable {
    public private(set) var text = ""

    public init() {}

    /// Appends `NAME:value` (or `NAME;PARAMS:value`), folding as needed. `value` is written as is.
    public mutating func line(_ name: String, _ value: String) {
        text += Self.fold("\(name):\(value)")
    }

    /// Appends a property whose value is TEXT, escaped.
    public mutating func textLine(_ name: String, _ value: String) {
        line(name, Self.escape(value))
    }

    /// Appends lines that are already complete (folded, CRLF-terminated).
    public mutating func append(raw: String) { text += raw }

    /// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11);
    /// other control characters, which TEXT may not hold, become U+FFFD. Works on scalars, since
    /// Swift reads "\r\n" as one Character.
    public static func escape(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        var afterCR = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result.append(contentsOf: "\\\\".unicodeScalars)
            case ";": result.append(contentsOf: "\\;".unicodeScalars)
            case ",": result.append(contentsOf: "\\,".unicodeScalars)
            case "\n": if !afterCR { result.append(contentsOf: "\\n".unicodeScalars) }
            case "\r": result.append(contentsOf: "\\n".unicodeScalars)
            case "\t": result.append(scalar)
            default: result.append(scalar.value < 0x20 || scalar.value == 0x7F ? "\u{FFFD}" : scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(result)
    }

    /// Folds a content line: at most 75 octets per physical line (a continuation line's leading
    /// space included), never inside a UTF-8 sequence; CRLF after each.
    public static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var output: [UInt8] = []
        var start = 0
        var limit = 75
        while bytes.count - start > limit {
            var end = start + limit
            // Back up to a character boundary: UTF-8 continuation bytes look like 10xxxxxx.
            while end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            output += bytes[start..<end]
            output += [13, 10, 32]
            start = end
            limit = 74
        }
        output += bytes[start...]
        output += [13, 10]
        return String(decoding: output, as: UTF8.self)
    }

    /// Date-time in local form for `DTSTART;TZID=…`: `YYYYMMDDTHHMMSS`.
    public static func localDateTime(_ local: LocalDateTime) -> String {
        let date = local.date
        return String(format: "%04d%02d%02dT%02d%02d00", date.year, date.month, date.day, local.minuteOfDay / 60, local.minuteOfDay % 60)
    }

    /// Date-time in UTC form: `YYYYMMDDTHHMMSSZ`.
    public static func utcDateTime(_ instant: Instant) -> String {
        localDateTime(LocalDateTime(wallMinutes: instant)) + "Z"
    }
}

/// One shift as a calendar event.
public struct CalendarEvent: Sendable, Equatable {
    public var uid: String
    public var sequence: Int
    public var start: Instant
    public var end: Instant
    public var summary: String
    public var description: String
    public var cancelled: Bool
}

/// Writes per-agent and team calendars of a roster (RFC 5545, `METHOD:PUBLISH`).
public struct CalendarPublisher: Sendable {
    public let problem: RosterProblem
    /// `DTSTAMP` of every event: an injected time (`--now`, `SOURCE_DATE_EPOCH`), else the
    /// horizon's start, so that the same inputs give byte-identical files.
    public let stamp: Instant
    /// Events of a previous publication, by calendar file name and UID, to keep UIDs, raise
    /// `SEQUENCE` for changed shifts and cancel removed ones.
    public let published: [String: [String: PublishedEvent]]

    public init(problem: RosterProblem, stamp: Instant? = nil, published: [String: [String: PublishedEvent]] = [:]) {
        self.problem = problem
        self.stamp = stamp ?? problem.horizon.start
        self.published = published
    }

    static let productID = "-//contact-center-roster//roster 1.0//EN"

    /// File name of an agent's calendar (without `.ics`): ASCII lowercase letters, digits, `-` and
    /// `_` are kept, every other byte (upper case included, so that names never collide on
    /// case-insensitive file systems) is written `%XX`; a name equal to `team` has its first letter
    /// encoded. The mapping is one-to-one and never leaves the folder.
    public static func fileStem(forAgent id: String) -> String {
        var stem = ""
        for byte in id.utf8 {
            let character = Character(UnicodeScalar(byte))
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || character == "-" || character == "_" {
                stem.append(character)
            } else {
                stem += String(format: "%%%02X", byte)
            }
        }
        if stem == "team" { stem = "%74eam" }
        return stem
    }

    /// Stable UID of an agent's shift on a date: the same for a changed shift, so calendar apps
    /// update instead of duplicating. `team` marks the team calendar's copy.
    public func uid(agentID: String, date: LocalDate, team: Bool) -> String {
        let scenario = Self.fileStem(forAgent: problem.name)
        return "\(team ? "team-" : "")shift-\(date)-\(Self.fileStem(forAgent: agentID))-\(scenario)@roster"
    }

    /// Stable UID of an agent's session of an activity on a date (a shift holds one session, so
    /// the date, the agent and the activity name it): the same when the session moves that day.
    public func activityUID(agentID: String, date: LocalDate, activity: String) -> String {
        let scenario = Self.fileStem(forAgent: problem.name)
        return "activity-\(date)-\(Self.fileStem(forAgent: agentID))-\(Self.fileStem(forAgent: activity))-\(scenario)@roster"
    }

    /// The calendar files: `<agent>.ics` for every agent and `team.ics`.
    public func calendars(for roster: Roster) -> [(name: String, contents: String)] {
        let zone = problem.horizon.timeZone
        let byAgent = Dictionary(grouping: roster.assignments, by: \.agentID)
        var files: [(name: String, contents: String)] = []
        var teamEvents: [CalendarEvent] = []
        for agent in problem.agents {
            let fileName = "\(Self.fileStem(forAgent: agent.id)).ics"
            var events: [CalendarEvent] = []
            for assignment in (byAgent[agent.id] ?? []).sorted(by: { $0.start < $1.start }) {
                let date = zone.local(assignment.start).date
                let times = "\(clock(assignment.start))–\(clock(assignment.end))"
                let breaks = assignment.breaks.map { "\($0.name) \(clock($0.start))–\(clock($0.end)) (\($0.paid ? "paid" : "unpaid"))" }
                let sessions = assignment.activities.map { "\($0.name) \(clock($0.start))–\(clock($0.end))" }
                let description = "Shift \(times), \(Self.duration(assignment.paidMinutes)), \(assignment.paidMinutes) paid minutes (\(problem.name))"
                    + (breaks.isEmpty ? "" : ". Breaks: " + breaks.joined(separator: ", "))
                    + (sessions.isEmpty ? "" : ". Activities: " + sessions.joined(separator: ", "))
                events.append(event(
                    uid: uid(agentID: agent.id, date: date, team: false), in: fileName, start: assignment.start, end: assignment.end,
                    summary: "Shift \(times)", description: description))
                teamEvents.append(event(
                    uid: uid(agentID: agent.id, date: date, team: true), in: "team.ics", start: assignment.start, end: assignment.end,
                    summary: "\(agent.name) \(times)", description: "\(agent.name) (\(agent.id)): " + description))
                // Each activity session is an event of its own, inside the shift's.
                for session in assignment.activities {
                    let sessionTimes = "\(clock(session.start))–\(clock(session.end))"
                    events.append(event(
                        uid: activityUID(agentID: agent.id, date: date, activity: session.name), in: fileName, start: session.start, end: session.end,
                        summary: session.name, description: "\(session.name) \(sessionTimes), during your shift \(times), off the phone (\(problem.name))"))
                }
            }
            events += cancellations(in: fileName, keeping: events)
            files.append((fileName, document(name: "Shifts – \(agent.name)", events: events)))
        }
        teamEvents.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
        teamEvents += cancellations(in: "team.ics", keeping: teamEvents)
        files.append(("team.ics", document(name: "Team shifts – \(problem.name)", events: teamEvents)))
        return files
    }

    private func clock(_ instant: Instant) -> String { String(problem.horizon.timeZone.local(instant).description.suffix(5)) }

    static func duration(_ minutes: Int) -> String {
        minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    /// A shift's or a session's event: `SEQUENCE` as published when unchanged, one higher when its times or its
    /// description changed (breaks moved inside a kept shift: RFC 5545 asks for a new sequence
    /// when a significant property changes), or it comes back after a cancellation; 0 when new.
    private func event(uid: String, in file: String, start: Instant, end: Instant, summary: String, description: String) -> CalendarEvent {
        var sequence = 0
        if let previous = published[file]?[uid] {
            let unchanged = !previous.cancelled && previous.start == start && previous.end == end
                && (previous.description == nil || previous.description == description)
            sequence = unchanged ? previous.sequence : previous.sequence + 1
        }
        return CalendarEvent(uid: uid, sequence: sequence, start: start, end: end, summary: summary, description: description, cancelled: false)
    }

    /// Events published earlier in this calendar that the roster no longer has, as cancelled
    /// (`SEQUENCE` raised once, when first cancelled).
    private func cancellations(in file: String, keeping current: [CalendarEvent]) -> [CalendarEvent] {
        let currentUIDs = Set(current.map(\.uid))
        return (published[file] ?? [:]).values
            .filter { !currentUIDs.contains($0.uid) }
            .sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
            .map { previous in
                CalendarEvent(
                    uid: previous.uid, sequence: previous.cancelled ? previous.sequence : previous.sequence + 1,
                    start: previous.start, end: previous.end, summary: previous.summary,
                    description: "Cancelled: \(previous.summary)", cancelled: true)
            }
    }

    /// One `VCALENDAR` with the zone's `VTIMEZONE` and the events.
    func document(name: String, events: [CalendarEvent]) -> String {
        let zone = problem.horizon.timeZone
        var out = ICalendarText()
        out.line("BEGIN", "VCALENDAR")
        out.line("VERSION", "2.0")
        out.line("PRODID", Self.productID)
        out.line("CALSCALE", "GREGORIAN")
        out.line("METHOD", "PUBLISH")
        out.textLine("X-WR-CALNAME", name)
        out.textLine("NAME", name)
        out.line("X-WR-TIMEZONE", zone.identifier)
        out.append(raw: timeZoneComponent())
        for event in events {
            out.line("BEGIN", "VEVENT")
            out.textLine("UID", event.uid)
            out.line("DTSTAMP", ICalendarText.utcDateTime(stamp))
            out.line(dateTimeName("DTSTART", event.start), dateTimeValue(event.start))
            out.line(dateTimeName("DTEND", event.end), dateTimeValue(event.end))
            out.line("SEQUENCE", String(event.sequence))
            out.line("STATUS", event.cancelled ? "CANCELLED" : "CONFIRMED")
            out.textLine("SUMMARY", event.summary)
            out.textLine("DESCRIPTION", event.description)
            out.line("TRANSP", "OPAQUE")
            out.line("END", "VEVENT")
        }
        out.line("END", "VCALENDAR")
        return out.text
    }

    /// A local time with `TZID`, except for the second occurrence of a wall-clock time repeated when
    /// clocks go back, which a local time cannot name (RFC 5545 reads it as the first): UTC then.
    private func isSecondOccurrence(_ instant: Instant) -> Bool {
        let zone = problem.horizon.timeZone
        if case .ambiguous(_, let second) = zone.resolve(zone.local(instant)), second == instant { return true }
        return false
    }

    func dateTimeName(_ name: String, _ instant: Instant) -> String {
        isSecondOccurrence(instant) ? name : "\(name);TZID=\(problem.horizon.timeZone.identifier)"
    }

    func dateTimeValue(_ instant: Instant) -> String {
        isSecondOccurrence(instant)
            ? ICalendarText.utcDateTime(instant) : ICalendarText.localDateTime(problem.horizon.timeZone.local(instant))
    }

    /// `VTIMEZONE` for the site's zone: the offset in force 400 days before the horizon as an
    /// observance from 1970, then every offset change from then until two days after the horizon,
    /// each with its exact onset (explicit observances, no recurrence rules to get wrong).
    func timeZoneComponent() -> String {
        let zone = problem.horizon.timeZone
        let from = problem.horizon.start - 400 * 1440
        let to = problem.horizon.end + 2 * 1440
        var out = ICalendarText()
        out.line("BEGIN", "VTIMEZONE")
        out.line("TZID", zone.identifier)
        let initialOffset = zone.offsetMinutes(at: from)
        let initialKind = zone.isDaylightSaving(at: from) ? "DAYLIGHT" : "STANDARD"
        out.line("BEGIN", initialKind)
        out.line("DTSTART", "19700101T000000")
        out.line("TZOFFSETFROM", Self.offset(initialOffset))
        out.line("TZOFFSETTO", Self.offset(initialOffset))
        out.line("END", initialKind)
        for change in zone.transitions(from: from, to: to) {
            let kind = change.isDaylightSavingAfter ? "DAYLIGHT" : "STANDARD"
            out.line("BEGIN", kind)
            // DTSTART is the onset in the local time in force before it.
            out.line("DTSTART", ICalendarText.localDateTime(LocalDateTime(wallMinutes: change.instant + change.offsetBefore)))
            out.line("TZOFFSETFROM", Self.offset(change.offsetBefore))
            out.line("TZOFFSETTO", Self.offset(change.offsetAfter))
            out.line("END", kind)
        }
        out.line("END", "VTIMEZONE")
        return out.text
    }

    static func offset(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : "+"
        return sign + String(format: "%02d%02d", abs(minutes) / 60, abs(minutes) % 60)
    }
}

/// An event as found in a previously published calendar.
public struct PublishedEvent: Sendable, Equatable {
    public var uid: String
    public var sequence: Int
    public var start: Instant
    public var end: Instant
    public var summary: String
    public var cancelled: Bool
    /// The event's `DESCRIPTION` (nil when it had none).
    public var description: String?

    public init(uid: String, sequence: Int, start: Instant, end: Instant, summary: String, cancelled: Bool, description: String? = nil) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.cancelled = cancelled
        self.description = description
    }
}

/// Reads calendars this tool published before (`--published`), for stable updates.
public enum PublishedCalendars {
    /// Events of every `.ics` file in `directory/calendars` (or `directory` itself), by file name and UID.
    public static func read(directory: String, timeZone: SiteTimeZone) throws(InputErrors) -> [String: [String: PublishedEvent]] {
        let manager = FileManager.default
        var folder = (directory as NSString).appendingPathComponent("calendars")
        var isDirectory: ObjCBool = false
        if !(manager.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) { folder = directory }
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = try? manager.contentsOfDirectory(atPath: folder)
        else { throw InputErrors([InputError(file: directory, message: "published calendars not found (expected a folder with .ics files)")]) }
        var result: [String: [String: PublishedEvent]] = [:]
        var errors: [InputError] = []
        for name in names.sorted() where name.hasSuffix(".ics") {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                let text = try ScenarioLoader.readText(URL(fileURLWithPath: path), display: path)
                result[name] = try events(in: text, file: path, timeZone: timeZone)
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return result
    }

    /// The events of one calendar text.
    public static func events(in text: String, file: String, timeZone: SiteTimeZone) throws(InputErrors) -> [String: PublishedEvent] {
        // Unfold: a line break followed by a space or tab continues the previous line.
        var lines: [(number: Int, text: String)] = []
        for (index, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let first = raw.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1].text += raw.dropFirst()
            } else if !raw.isEmpty {
                lines.append((index + 1, String(raw)))
            }
        }
        var events: [String: PublishedEvent] = [:]
        var errors: [InputError] = []
        var current: [String: (line: Int, parameters: String, value: String)]?
        for line in lines {
            guard let colon = line.text.firstIndex(of: ":") else { continue }
            let head = line.text[..<colon]
            let value = String(line.text[line.text.index(after: colon)...])
            let name = head.split(separator: ";").first.map(String.init) ?? ""
            let parameters = String(head.dropFirst(name.count))
            if name == "BEGIN", value == "VEVENT" { current = [:]; continue }
            if name == "END", value == "VEVENT", let properties = current {
                current = nil
                func instant(_ key: String) -> Instant? {
                    guard let property = properties[key] else { return nil }
                    return parseDateTime(property.value, parameters: property.parameters, timeZone: timeZone)
                }
                guard let uid = properties["UID"]?.value, let start = instant("DTSTART"), let end = instant("DTEND") else {
                    errors.append(InputError(file: file, line: line.number, message: "an event without a readable UID, DTSTART or DTEND"))
                    continue
                }
                // A SEQUENCE read as 0 would send the update out lower than the published one, and
                // apps ignore it; one at the top of the range could not be raised.
                var sequence = 0
                if let property = properties["SEQUENCE"] {
                    guard let value = Int(property.value), (0...Self.largestSequence).contains(value) else {
                        errors.append(InputError(file: file, line: property.line, field: "SEQUENCE",
                                                 message: "'\(property.value)' is not a whole number from 0 to \(Self.largestSequence)"))
                        continue
                    }
                    sequence = value
                }
                let unescapedUID = unescape(uid)
                events[unescapedUID] = PublishedEvent(
                    uid: unescapedUID, sequence: sequence, start: start, end: end,
                    summary: unescape(properties["SUMMARY"]?.value ?? ""), cancelled: properties["STATUS"]?.value == "CANCELLED",
                    description: properties["DESCRIPTION"].map { unescape($0.value) })
                continue
            }
            if current != nil { current![name] = (line.number, parameters, value) }
        }
        // A truncated file would silently lose the events after the cut, and removed shifts would
        // never be cancelled.
        let last = lines.last.map { $0.text.trimmingCharacters(in: .whitespaces) }
        if current != nil || last != "END:VCALENDAR" || lines.first?.text.trimmingCharacters(in: .whitespaces) != "BEGIN:VCALENDAR" {
            errors.append(InputError(file: file, line: lines.last?.number, message: "not a whole calendar (it must run from BEGIN:VCALENDAR to END:VCALENDAR); is the file truncated?"))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return events
    }

    /// The highest SEQUENCE read back (RFC 5545 says integer; calendar apps use 32 bits).
    public static let largestSequence = 2_147_483_646

    /// `YYYYMMDDTHHMMSS` with `;TZID=` (the site's zone), or `YYYYMMDDTHHMMSSZ`.
    static func parseDateTime(_ value: String, parameters: String, timeZone: SiteTimeZone) -> Instant? {
        let utc = value.hasSuffix("Z")
        let digits = utc ? String(value.dropLast()) : value
        guard digits.count == 15, let date = LocalDate(iso: "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.dropFirst(6).prefix(2))"),
            let hours = Int(digits.dropFirst(9).prefix(2)), let minutes = Int(digits.dropFirst(11).prefix(2))
        else { return nil }
        let local = LocalDateTime(date: date, minuteOfDay: hours * 60 + minutes)
        if utc { return local.wallMinutes }
        if parameters.contains("TZID="), !parameters.contains("TZID=\(timeZone.identifier)") { return nil }
        switch timeZone.resolve(local) {
        case .unique(let instant), .ambiguous(let instant, _): return instant
        case .nonexistent: return nil
        }
    }

    static func unescape(_ value: String) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
