@testable import Rostering
import Testing

@Suite struct TimeZoneTests {
    let berlin = SiteTimeZone(identifier: "Europe/Berlin")!
    let newYork = SiteTimeZone(identifier: "America/New_York")!

    @Test func datesRoundTripThroughDaysSinceEpoch() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(LocalDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
        #expect(LocalDate(year: 2026, month: 11, day: 23)!.weekday == .monday)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(LocalDate(iso: "2026-11-23") == LocalDate(year: 2026, month: 11, day: 23))
        #expect(LocalDate(iso: "2026-1-23") == nil)
    }

    @Test func fallBackHourIsAmbiguousAndSpringForwardHourDoesNotExist() throws {
        let fallBack = LocalDateTime(date: LocalDate(year: 2026, month: 10, day: 25)!, minuteOfDay: 150)
        guard case .ambiguous(let first, let second) = berlin.resolve(fallBack) else {
            Issue.record("02:30 on 2026-10-25 in Berlin should be ambiguous")
            return
        }
        #expect(second - first == 60)
        #expect(berlin.isoText(first) == "2026-10-25T02:30+02:00")
        #expect(berlin.isoText(second) == "2026-10-25T02:30+01:00")
        #expect(try berlin.parse("2026-10-25T02:30+01:00") == second)
        #expect(throws: LocalTimeParseError.ambiguous("2026-10-25T02:30")) { try berlin.parse("2026-10-25T02:30") }
        #expect(throws: LocalTimeParseError.nonexistent("2026-03-29T02:30")) { try berlin.parse("2026-03-29T02:30") }
        #expect(throws: LocalTimeParseError.offsetMismatch("2026-10-25T05:00+02:00")) { try berlin.parse("2026-10-25T05:00+02:00") }
        #expect(berlin.isoText(try berlin.parse("2026-11-23T09:30")) == "2026-11-23T09:30")
    }

    @Test func dstDaysHaveTwentyFiveOrTwentyThreeHoursOfIntervals() throws {
        let fall = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 10, day: 25)!, days: 1, timeZone: berlin, intervalMinutes: 30)
        #expect(fall.intervalCount == 50)
        let spring = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 3, day: 29)!, days: 1, timeZone: berlin, intervalMinutes: 15)
        #expect(spring.intervalCount == 92)
        let newYorkFall = try PlanningHorizon(startDate: LocalDate(year: 2026, month: 11, day: 1)!, days: 1, timeZone: newYork, intervalMinutes: 60)
        #expect(newYorkFall.intervalCount == 25)
    }

    @Test func overnightShiftOnTheNightClocksGoBackLastsNineHours() throws {
        // Saturday 2026-10-24 22:00 to Sunday 06:00 in Berlin.
        for (zone, date) in [(berlin, LocalDate(year: 2026, month: 10, day: 24)!), (newYork, LocalDate(year: 2026, month: 10, day: 31)!)] {
            let template = Tiny.template("night", start: "22:00", hours: [8])
            let agent = Agent(id: "ana", name: "Ana", maxWeeklyMinutes: 8 * 60 + 30)
            let problem = try Tiny.problem(days: 1, templates: [template], agents: [agent], zone: zone, start: date) { _, _ in 0 }
            #expect(problem.shifts.count == 1)
            #expect(problem.shifts[0].paidMinutes == 9 * 60)
            #expect(zone.isoText(problem.shifts[0].end) == "\(date.adding(days: 1))T06:00")
            // Nine paid hours exceed an 8.5-hour cap: the agent is not eligible.
            #expect(!problem.isEligible(agent, for: problem.shifts[0]))
        }
    }

    @Test func weeksFollowTheConfiguredFirstDay() throws {
        let horizon = try PlanningHorizon(startDate: Tiny.monday, days: 7, timeZone: Tiny.utc, intervalMinutes: 60, firstDayOfWeek: .sunday)
        // Monday..Saturday belong to the week that began on Sunday 22nd; Sunday 29th starts the next.
        #expect(horizon.weekCount == 2)
        #expect(horizon.days(ofWeek: 0) == 0..<6)
        #expect(horizon.days(ofWeek: 1) == 6..<7)
        #expect(!horizon.isFullWeek(0))
    }
}
