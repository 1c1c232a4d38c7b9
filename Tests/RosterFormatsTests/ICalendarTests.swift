import Foundation
@testable import RosterFormats
import Rostering
import Testing

@Suite struct ICalendarTextTests {
    @Test func foldsAtSeventyFiveOctetsWithoutSplittingCharacters() {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 80)  // 12 + 160 octets
        let folded = ICalendarText.fold(line)
        #expect(folded.hasSuffix("\r\n"))
        let physical = folded.components(separatedBy: "\r\n").dropLast()
        #expect(physical.count == 3)
        for (index, part) in physical.enumerated() {
            #expect(part.utf8.count <= 75)
            if index > 0 { #expect(part.hasPrefix(" ")) }
        }
        // Unfolding gives the line back (each piece is valid UTF-8, so no character was split).
        #expect(physical.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
        #expect(ICalendarText.fold("SHORT:line") == "SHORT:line\r\n")
        let exactly75 = String(repeating: "x", count: 75)
        #expect(ICalendarText.fold(exactly75) == exactly75 + "\r\n")
    }

    @Test func escapesTextValues() {
        #expect(ICalendarText.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
        #expect(PublishedCalendars.unescape("a\\\\b\\;c\\,d\\ne") == "a\\b;c,d\ne")
    }

    @Test func fileNamesAreSafeAndOneToOne() {
        let ids = ["a01", "Ana", "ana", "a/b", "../x", "..", "two words", "Åsa", "team", "%74eam", "x.ics", "a_b-c"]
        let stems = ids.map(CalendarPublisher.fileStem(forAgent:))
        #expect(Set(stems).count == ids.count)
        #expect(Set(stems.map { $0.lowercased() }).count == ids.count)  // even on case-insensitive file systems
        for stem in stems {
            #expect(!stem.contains("/") && !stem.hasPrefix(".") && stem != "team")
            #expect(stem.unicodeScalars.allSatisfy { $0.isASCII })
        }
        #expect(CalendarPublisher.fileStem(forAgent: "a01") == "a01")
        #expect(CalendarPublisher.fileStem(forAgent: "Ana") == "%41na")
        #expect(CalendarPublisher.fileStem(forAgent: "team") == "%74eam")
        #expect(CalendarPublisher.fileStem(forAgent: "a/b c") == "a%2Fb%20c")
    }
}

@Suite struct CalendarPublisherTests {
    /// A horizon around a DST change with one night shift across it.
    func problem(zone: String, start: LocalDate, name: String = "week 43") throws -> RosterProblem {
        let siteZone = SiteTimeZone(identifier: zone)!
        let horizon = try PlanningHorizon(startDate: start, days: 3, timeZone: siteZone, intervalMinutes: 60)
        let templates = [ShiftTemplate(name: "night", earliestStart: TimeOfDay(text: "22:00")!, latestStart: TimeOfDay(text: "22:00")!, startStepMinutes: 60, lengthsMinutes: [480]),
                         ShiftTemplate(name: "day", earliestStart: TimeOfDay(text: "09:00")!, latestStart: TimeOfDay(text: "10:00")!, startStepMinutes: 60, lengthsMinutes: [480])]
        let agents = [Agent(id: "ana", name: "Ana, \"Night\" Keller"), Agent(id: "ben", name: "Ben"), Agent(id: "idle", name: "Idle")]
        return try RosterProblem(name: name, horizon: horizon, templates: templates, agents: agents, required: Array(repeating: 0, count: horizon.intervalCount))
    }

    func shift(_ problem: RosterProblem, _ agent: String, day: Int, hour: Int) -> Roster.Assignment {
        let shift = problem.shifts.first { $0.day == day && problem.horizon.timeZone.local($0.start).minuteOfDay == hour * 60 }!
        return Roster.Assignment(agentID: agent, start: shift.start, end: shift.end)
    }

    func files(_ publisher: CalendarPublisher, _ roster: Roster) -> [String: String] {
        Dictionary(uniqueKeysWithValues: publisher.calendars(for: roster).map { ($0.name, $0.contents) })
    }

    @Test func nightShiftAcrossFallBackKeepsItsWallClockTimes() throws {
        for (zone, date) in [("Europe/Berlin", LocalDate(year: 2026, month: 10, day: 24)!), ("America/New_York", LocalDate(year: 2026, month: 10, day: 31)!)] {
            let problem = try problem(zone: zone, start: date)
            let night = shift(problem, "ana", day: 0, hour: 22)
            #expect(night.paidMinutes == 540)
            let roster = Roster(assignments: [night], timeZone: problem.horizon.timeZone)
            let text = files(CalendarPublisher(problem: problem), roster)["ana.ics"]!
            let day = "\(date.year)\(String(format: "%02d%02d", date.month, date.day))"
            let next = date.adding(days: 1)
            #expect(text.contains("DTSTART;TZID=\(zone):\(day)T220000\r\n"))
            #expect(text.contains("DTEND;TZID=\(zone):\(next.year)\(String(format: "%02d%02d", next.month, next.day))T060000\r\n"))
            #expect(text.contains("DESCRIPTION:Shift 22:00–06:00\\, 9 h\\, 540 paid minutes"))
        }
    }

    @Test func timeZoneComponentHasTheRealTransitions() throws {
        let berlin = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 10, day: 24)!)
        let text = CalendarPublisher(problem: berlin).timeZoneComponent()
        // 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET; 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST.
        #expect(text.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD"))
        #expect(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT"))
        let newYork = try problem(zone: "America/New_York", start: LocalDate(year: 2026, month: 10, day: 31)!)
        let nyText = CalendarPublisher(problem: newYork).timeZoneComponent()
        // 2026-11-01 06:00 UTC: 02:00 EDT becomes 01:00 EST.
        #expect(nyText.contains("DTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500"))
        let utc = try problem(zone: "UTC", start: LocalDate(year: 2026, month: 10, day: 31)!)
        let utcText = CalendarPublisher(problem: utc).timeZoneComponent()
        #expect(utcText.components(separatedBy: "BEGIN:STANDARD").count == 2)
        #expect(utcText.contains("TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000"))
    }

    @Test func everyAgentGetsACalendarAndTheTeamOneListsAll() throws {
        let problem = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 11, day: 23)!)
        let roster = Roster(assignments: [shift(problem, "ana", day: 0, hour: 9), shift(problem, "ben", day: 0, hour: 10)], timeZone: problem.horizon.timeZone)
        let output = files(CalendarPublisher(problem: problem), roster)
        #expect(Set(output.keys) == ["ana.ics", "ben.ics", "idle.ics", "team.ics"])
        #expect(!output["idle.ics"]!.contains("BEGIN:VEVENT"))
        #expect(output["idle.ics"]!.contains("BEGIN:VTIMEZONE"))
        #expect(output["team.ics"]!.components(separatedBy: "BEGIN:VEVENT").count == 3)
        #expect(output["team.ics"]!.contains("SUMMARY:Ana\\, \"Night\" Keller 09:00–17:00"))
        for text in output.values {
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
            #expect(text.contains("METHOD:PUBLISH\r\n") && text.contains("CALSCALE:GREGORIAN\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }

    @Test func uidsAreStableAndStampsInjectable() throws {
        let problem = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 11, day: 23)!)
        let publisher = CalendarPublisher(problem: problem)
        let first = publisher.uid(agentID: "ana", date: LocalDate(year: 2026, month: 11, day: 23)!, team: false)
        #expect(first == "shift-2026-11-23-ana-week%2043@roster")
        #expect(first == CalendarPublisher(problem: problem).uid(agentID: "ana", date: LocalDate(year: 2026, month: 11, day: 23)!, team: false))
        let roster = Roster(assignments: [shift(problem, "ana", day: 0, hour: 9)], timeZone: problem.horizon.timeZone)
        #expect(files(publisher, roster) == files(CalendarPublisher(problem: problem), roster))
        #expect(files(publisher, roster)["ana.ics"]!.contains("DTSTAMP:20261122T230000Z"))  // the horizon's start
        let stamped = CalendarPublisher(problem: problem, stamp: try problem.horizon.timeZone.parse("2026-11-20T09:15"))
        #expect(files(stamped, roster)["ana.ics"]!.contains("DTSTAMP:20261120T081500Z"))
    }

    @Test func republishingRaisesSequenceForChangesAndCancelsRemovals() throws {
        let problem = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 11, day: 23)!)
        let zone = problem.horizon.timeZone
        let original = Roster(assignments: [shift(problem, "ana", day: 0, hour: 9), shift(problem, "ana", day: 1, hour: 9), shift(problem, "ben", day: 2, hour: 9)], timeZone: zone)
        let first = files(CalendarPublisher(problem: problem), original)
        func parsed(_ files: [String: String]) throws -> [String: [String: PublishedEvent]] {
            try files.mapValues { try PublishedCalendars.events(in: $0, file: "x.ics", timeZone: zone) }
        }
        // Ana's Tuesday moves to 10:00, Ben's Wednesday is removed, Monday stays.
        let changed = Roster(assignments: [shift(problem, "ana", day: 0, hour: 9), shift(problem, "ana", day: 1, hour: 10)], timeZone: zone)
        let second = files(CalendarPublisher(problem: problem, published: try parsed(first)), changed)
        let ana = try PublishedCalendars.events(in: second["ana.ics"]!, file: "ana.ics", timeZone: zone)
        #expect(ana["shift-2026-11-23-ana-week%2043@roster"]?.sequence == 0)
        let tuesday = try #require(ana["shift-2026-11-24-ana-week%2043@roster"])
        #expect(tuesday.sequence == 1)
        #expect(zone.isoText(tuesday.start) == "2026-11-24T10:00")
        let ben = try PublishedCalendars.events(in: second["ben.ics"]!, file: "ben.ics", timeZone: zone)
        #expect(ben["shift-2026-11-25-ben-week%2043@roster"]?.cancelled == true)
        #expect(ben["shift-2026-11-25-ben-week%2043@roster"]?.sequence == 1)
        let team = try PublishedCalendars.events(in: second["team.ics"]!, file: "team.ics", timeZone: zone)
        #expect(team["team-shift-2026-11-25-ben-week%2043@roster"]?.cancelled == true)
        #expect(team["team-shift-2026-11-24-ana-week%2043@roster"]?.sequence == 1)
        // Publishing the same roster again changes nothing.
        let third = files(CalendarPublisher(problem: problem, published: try parsed(second)), changed)
        #expect(third == second)
    }

    /// A kept shift whose lunch moves gets a new SEQUENCE (its description, which lists the
    /// breaks, changed); the same breaks keep it.
    @Test func breaksMovingInsideAKeptShiftRaiseItsSequence() throws {
        let problem = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 11, day: 23)!)
        let zone = problem.horizon.timeZone
        let plain = shift(problem, "ana", day: 0, hour: 9)
        func withLunch(at minutes: Int) -> Roster {
            let lunch = Roster.Break(name: "lunch", start: plain.start + minutes, end: plain.start + minutes + 30, paid: false)
            return Roster(assignments: [plain.with(breaks: [lunch])], timeZone: zone)
        }
        func parsed(_ files: [String: String]) throws -> [String: [String: PublishedEvent]] {
            try files.mapValues { try PublishedCalendars.events(in: $0, file: "x.ics", timeZone: zone) }
        }
        let first = files(CalendarPublisher(problem: problem), withLunch(at: 180))
        let uid = "shift-2026-11-23-ana-week%2043@roster"
        #expect(try parsed(first)["ana.ics"]?[uid]?.description?.contains("lunch 12:00–12:30 (unpaid)") == true)
        let moved = try parsed(files(CalendarPublisher(problem: problem, published: try parsed(first)), withLunch(at: 210)))
        #expect(moved["ana.ics"]?[uid]?.sequence == 1)
        #expect(moved["team.ics"]?["team-\(uid)"]?.sequence == 1)
        let kept = try parsed(files(CalendarPublisher(problem: problem, published: try parsed(first)), withLunch(at: 180)))
        #expect(kept["ana.ics"]?[uid]?.sequence == 0)
    }

    /// changes.csv lists a kept shift whose lunch moved as `breaks moved`, with both lunches; a
    /// shift published without breaks, now with one, is no change.
    @Test func changesListKeptShiftsWhoseBreaksMoved() throws {
        let problem = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 11, day: 23)!)
        let zone = problem.horizon.timeZone
        let ana = shift(problem, "ana", day: 0, hour: 9), ben = shift(problem, "ben", day: 0, hour: 9)
        func lunch(_ assignment: Roster.Assignment, at minutes: Int) -> Roster.Assignment {
            assignment.with(breaks: [Roster.Break(name: "lunch", start: assignment.start + minutes, end: assignment.start + minutes + 30, paid: false)])
        }
        let published = Roster(assignments: [lunch(ana, at: 180), ben], timeZone: zone)
        let now = Roster(assignments: [lunch(ana, at: 210), lunch(ben, at: 180)], timeZone: zone)
        let rows = RosterOutputs.changesCSV(from: published, to: now, problem: problem).split(separator: "\n").map(String.init)
        #expect(rows.count == 2)
        #expect(rows[0].hasSuffix(",published_breaks,new_breaks,published_sessions,new_sessions"))
        #expect(rows[1] == "ana,\"Ana, \"\"Night\"\" Keller\",2026-11-23,breaks moved,2026-11-23T09:00,2026-11-23T17:00,2026-11-23T09:00,2026-11-23T17:00,lunch 2026-11-23T12:00/2026-11-23T12:30,lunch 2026-11-23T12:30/2026-11-23T13:00,,")
        #expect(RosterValidator(problem: problem.with(published: published, weightPerChange: 20, lock: false)).movedBreakDays(now) == 1)
    }

    @Test func secondOccurrenceOfTheRepeatedHourIsWrittenInUTC() throws {
        // A 02:00 start on the second pass through 02:00 (CET) in Berlin.
        let zone = SiteTimeZone(identifier: "Europe/Berlin")!
        let problem = try problem(zone: "Europe/Berlin", start: LocalDate(year: 2026, month: 10, day: 24)!)
        let start = try zone.parse("2026-10-25T02:00+01:00")
        let publisher = CalendarPublisher(problem: problem)
        #expect(publisher.dateTimeName("DTSTART", start) == "DTSTART")
        #expect(publisher.dateTimeValue(start) == "20261025T010000Z")
        let first = try zone.parse("2026-10-25T02:00+02:00")
        #expect(publisher.dateTimeName("DTSTART", first) == "DTSTART;TZID=Europe/Berlin")
        #expect(PublishedCalendars.parseDateTime("20261025T010000Z", parameters: "", timeZone: zone) == start)
    }
}

extension CalendarPublisherTests {
    /// Hand-written published calendars: whole, with a garbage or a top-of-range SEQUENCE, cut off.
    static func calendar(sequence: String?, whole: Bool = true) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:s1@roster", "DTSTART:20261123T080000Z", "DTEND:20261123T160000Z"]
        if let sequence { lines.append("SEQUENCE:\(sequence)") }
        lines += ["SUMMARY:Shift", "END:VEVENT"]
        if whole { lines.append("END:VCALENDAR") }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test func aPublishedSequenceMustBeAWholeNumberInRange() throws {
        let zone = SiteTimeZone(identifier: "Europe/Berlin")!
        #expect(try PublishedCalendars.events(in: Self.calendar(sequence: "4"), file: "a.ics", timeZone: zone)["s1@roster"]?.sequence == 4)
        #expect(try PublishedCalendars.events(in: Self.calendar(sequence: nil), file: "a.ics", timeZone: zone)["s1@roster"]?.sequence == 0)
        for bad in ["garbage", "9223372036854775807", "-1", "2147483647"] {
            do {
                _ = try PublishedCalendars.events(in: Self.calendar(sequence: bad), file: "a.ics", timeZone: zone)
                Issue.record("SEQUENCE \(bad) was accepted")
            } catch {
                #expect(error.errors.contains { $0.line == 7 && $0.field == "SEQUENCE" }, "\(error.errors)")
            }
        }
    }

    @Test func aTruncatedPublishedCalendarIsRefused() throws {
        let zone = SiteTimeZone(identifier: "Europe/Berlin")!
        #expect(throws: InputErrors.self) { try PublishedCalendars.events(in: Self.calendar(sequence: "1", whole: false), file: "a.ics", timeZone: zone) }
        let cut = Self.calendar(sequence: "1").components(separatedBy: "SUMMARY")[0]
        #expect(throws: InputErrors.self) { try PublishedCalendars.events(in: cut, file: "a.ics", timeZone: zone) }
    }
}

extension ICalendarTextTests {
    @Test func controlCharactersNeverReachACalendar() {
        #expect(ICalendarText.escape("a\u{0}b\u{7F}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(ICalendarText.escape("one\r\ntwo\nthree\rfour\tfive") == "one\\ntwo\\nthree\\nfour\tfive")
        #expect(ICalendarText.escape("a;b,c\\d") == "a\\;b\\,c\\\\d")
    }
}
