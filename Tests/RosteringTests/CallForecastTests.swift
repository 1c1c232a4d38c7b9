@testable import Rostering
import Testing

@Suite struct CallForecastTests {
    static let monday = LocalDate(year: 2026, month: 11, day: 2)!

    /// Mondays at 09:00 and 10:00 (60-min intervals): week 0 has 6 and 4 calls, week 1 12 and 8,
    /// week 2 20 and 10, handle time 300 s throughout.
    static func history(weeks: Int) -> CallHistory {
        var history = CallHistory(intervalMinutes: 60)
        let counts = [(6.0, 4.0), (12.0, 8.0), (20.0, 10.0)]
        for week in 0..<weeks {
            let date = monday.adding(days: 7 * week)
            history.add(at: LocalDateTime(date: date, minuteOfDay: 9 * 60), .init(calls: counts[week].0, handledCalls: counts[week].0, handleSeconds: 300 * counts[week].0))
            history.add(at: LocalDateTime(date: date, minuteOfDay: 10 * 60), .init(calls: counts[week].1, handledCalls: counts[week].1, handleSeconds: 300 * counts[week].1))
        }
        return history
    }

    /// Totals 10 and 20 lie on a line that reaches 30 the week after (equal weights); both weeks
    /// put 60 % of their calls at 09:00: 18 and 12 expected. Scaled to 30 a week, both weeks'
    /// 09:00 counts are 18, so the spread is the Poisson floor √18; the quantile is 18.
    @Test func theForecastIsWhatTheHandComputes() throws {
        let start = Self.monday.adding(days: 14)
        for (robustness, planned) in [(ForecastRobustness.mean, 18.0), (.sigmas(1), 18 + 18.0.squareRoot()), (.quantile(0.9), 18)] {
            let forecaster = WeeklyForecaster(weeks: 2, alpha: 0.5, trendDecay: 1, robustness: robustness, minimumHandledCalls: 1, acwSeconds: 20)
            let entries = try forecaster.forecast(Self.history(weeks: 2), weekStart: start)
            #expect(entries.count == 2, "closed intervals are left out")
            let nine = try #require(entries.first { $0.slot == 9 })
            let ten = try #require(entries.first { $0.slot == 10 })
            #expect(abs(nine.mean - 18) < 1e-9 && abs(ten.mean - 12) < 1e-9)
            #expect(abs(nine.calls - planned) < 1e-9, "\(robustness)")
            #expect(nine.day == 0 && nine.ahtSeconds == 320, "handle time plus after-call work")
        }
    }

    /// Week 2 (20 and 10 calls) forecast from weeks 0 and 1 (18 and 12): WAPE (2 + 2) ÷ 30.
    @Test func theBacktestScoresTheHeldOutWeek() throws {
        let history = Self.history(weeks: 3)
        let weeks = try ForecastBacktest.run(
            history, before: Self.monday.adding(days: 21), forecaster: WeeklyForecaster(weeks: 2, alpha: 0.5, trendDecay: 1, minimumHandledCalls: 1), weeks: 1,
            policy: StaffingPolicy(target: .serviceLevel(fraction: 0.8, withinSeconds: 20)), defaultAHTSeconds: nil)
        let week = try #require(weeks.first)
        #expect(week.start == Self.monday.adding(days: 14))
        #expect(abs((week.wape ?? -1) - 4.0 / 30) < 1e-9)
        #expect(week.actualCalls == 30 && abs(week.forecastCalls - 30) < 1e-9)
        #expect(week.intervals == 2 && week.serviceLevel != nil)
    }

    @Test func historiesThatCannotGiveTheWeekAreRefused() {
        let forecaster = WeeklyForecaster(weeks: 3)
        #expect(throws: WeeklyForecaster.Problem.self) { try forecaster.forecast(Self.history(weeks: 2), weekStart: Self.monday.adding(days: 14)) }
        #expect(throws: WeeklyForecaster.Problem.self) { try WeeklyForecaster(weeks: 1).forecast(Self.history(weeks: 2), weekStart: Self.monday.adding(days: 7)) }
    }
}
