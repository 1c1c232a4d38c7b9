import Foundation
import Rostering

/// The report's charts as inline SVG, each in a `figure` with a caption that says what it shows
/// in words and a table with the same numbers.
enum ReportCharts {
    /// Okabe–Ito colours: on target, over, under (hatched), sessions.
    static let blue = "#0072B2", orange = "#E69F00", vermillion = "#D55E00", sky = "#56B4E9"

    /// Patterns every chart refers to (under-staffing and activity sessions are hatched, so that
    /// they differ from the rest without colour).
    static let patternDefinitions = """
        <svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
        <pattern id="hatch-under" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbe3d6"/><rect width="3" height="6" fill="\(vermillion)"/></pattern>
        <pattern id="hatch-session" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="4" height="4" fill="\(orange)"/><rect width="1.5" height="4" fill="#7a4f00"/></pattern>
        </defs></svg>

        """

    /// Intervals of each local day: (interval index, minute of the local day).
    static func intervalsByDay(_ problem: RosterProblem) -> [[(index: Int, minute: Int)]] {
        var days = Array(repeating: [(index: Int, minute: Int)](), count: problem.horizon.days)
        let zone = problem.horizon.timeZone
        for index in 0..<problem.horizon.intervalCount {
            let local = zone.local(problem.horizon.intervalStart(index))
            if let day = problem.horizon.dayIndex(of: local.date) { days[day].append((index, local.minuteOfDay)) }
        }
        return days
    }

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// The hours of the day the charts show, in minutes after midnight: from the earliest
    /// interval with a requirement or an agent, or the earliest shift start, to the latest, on
    /// even hours; the whole day when a shift crosses midnight.
    static func window(_ input: ReportInput) -> (from: Int, to: Int) {
        let zone = input.problem.horizon.timeZone
        var from = 1440, to = 0
        for (index, row) in input.coverage.enumerated() where row.required > 0 || row.scheduled > 0 {
            let minute = zone.local(input.problem.horizon.intervalStart(index)).minuteOfDay
            from = min(from, minute)
            to = max(to, minute + input.problem.horizon.intervalMinutes)
        }
        for shift in input.roster.assignments {
            let start = zone.local(shift.start), end = zone.local(shift.end)
            guard end.date == start.date || (end.minuteOfDay == 0 && end.date == start.date.adding(days: 1)) else { return (0, 1440) }
            from = min(from, start.minuteOfDay)
            to = max(to, end.minuteOfDay == 0 ? 1440 : end.minuteOfDay)
        }
        guard from < to else { return (0, 1440) }
        return (from / 120 * 120, min(1440, (to + 119) / 120 * 120))
    }

    /// Coverage per day: required (a step line) against agents on the phones (blue up to the
    /// requirement, orange above it, hatched vermillion where short), one chart per day with its
    /// table (and, on forecast runs, the service level and occupancy expected per interval).
    static func coverageByDay(_ input: ReportInput, into page: inout HTMLText) {
        let problem = input.problem
        let coverage = input.coverage
        let levels = input.forecast?.expectedServiceLevels(scheduled: coverage.map(\.scheduled)).perInterval ?? [:]
        let occupancy = input.forecast?.expectedOccupancy(scheduled: coverage.map(\.scheduled)).perInterval ?? [:]
        let top = max(1, coverage.map { max($0.required, $0.scheduled) }.max() ?? 1)
        page.raw("<section id=\"coverage\">\n")
        page.element("h2", "Coverage per day")
        page.element("p", problem.staffsByInterval
            ? "Agents on the phones (net of breaks and activity sessions) against the requirement, per interval. Blue: on the phones up to the requirement; orange: above it; hatched: short."
            : "Agents on the phones (net of breaks and activity sessions) per interval. This site staffs by shift template per day, so its intervals require nothing: the key figures and summary.json give the day-level staffing.")
        for (day, intervals) in intervalsByDay(problem).enumerated() where !intervals.isEmpty {
            let date = problem.horizon.startDate.adding(days: day)
            let rows = intervals.filter { coverage[$0.index].required > 0 || coverage[$0.index].scheduled > 0 }
            let short = rows.filter { coverage[$0.index].under > 0 }, over = rows.filter { coverage[$0.index].over > 0 }
            let hours = Double(problem.horizon.intervalMinutes) / 60
            let caption = "\(date.weekday.rawValue.capitalized) \(date): "
                + (rows.isEmpty ? "nothing required and nobody scheduled." :
                    "required peaks at \(rows.map { coverage[$0.index].required }.max() ?? 0) agents; \(short.count) interval(s) short (\(ReportNumber.text(Double(short.reduce(0) { $0 + coverage[$1.index].under }) * hours)) agent-hours), \(over.count) over (\(ReportNumber.text(Double(over.reduce(0) { $0 + coverage[$1.index].over }) * hours)) agent-hours).")
            page.raw("<figure class=\"chart\" id=\"coverage-\(date)\">\n")
            page.element("figcaption", caption)
            dayChart(intervals: intervals, coverage: coverage, top: top, grid: problem.horizon.intervalMinutes, window: window(input), byInterval: problem.staffsByInterval, caption: caption, into: &page)
            page.raw("<details><summary>Table of \(date)</summary>\n<table class=\"coverage\" data-date=\"\(date)\"><thead><tr><th>Interval</th><th>Required</th><th>Scheduled</th><th>Under</th><th>Over</th><th>In sessions</th>\(input.forecast == nil ? "" : "<th>Service level</th><th>Occupancy</th>")</tr></thead><tbody>\n")
            for (index, minute) in rows {
                let row = coverage[index]
                var cells = "<td>\(clock(minute))</td><td class=\"required\">\(row.required)</td><td class=\"scheduled\">\(row.scheduled)</td><td class=\"under\">\(row.under)</td><td class=\"over\">\(row.over)</td><td class=\"sessions\">\(row.inActivities)</td>"
                if input.forecast != nil {
                    cells += "<td class=\"service-level\" data-value=\"\(levels[index].map { String($0) } ?? "")\">\(levels[index].map(ReportNumber.percent) ?? "–")</td>"
                    cells += "<td class=\"occupancy\" data-value=\"\(occupancy[index].map { String($0) } ?? "")\">\(occupancy[index].map(ReportNumber.percent) ?? "–")</td>"
                }
                page.raw("<tr data-interval=\"\(problem.horizon.timeZone.isoText(row.start))\">\(cells)</tr>\n")
            }
            page.raw("</tbody></table></details>\n</figure>\n")
        }
        page.raw("</section>\n")
    }

    /// One day's coverage chart: 0–24 h across, 0–`top` agents up.
    private static func dayChart(
        intervals: [(index: Int, minute: Int)], coverage: [IntervalCoverage], top: Int, grid: Int, window: (from: Int, to: Int), byInterval: Bool, caption: String,
        into page: inout HTMLText
    ) {
        let width = 960.0, height = 180.0, left = 36.0, right = 8.0, topMargin = 8.0, bottom = 22.0
        let perMinute = (width - left - right) / Double(window.to - window.from), perAgent = (height - topMargin - bottom) / Double(top)
        func y(_ agents: Int) -> Double { height - bottom - Double(agents) * perAgent }
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"\(HTMLText.escape(caption))\"><title>\(HTMLText.escape(caption))</title>"
        let step = max(1, top / 5)
        for agents in stride(from: 0, through: top, by: step) {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(agents))\" y2=\"\(y(agents))\" class=\"grid\"/><text x=\"\(left - 4)\" y=\"\(y(agents) + 4)\" text-anchor=\"end\">\(agents)</text>"
        }
        for hour in stride(from: window.from / 60, through: window.to / 60, by: 2) {
            let x = left + Double(hour * 60 - window.from) * perMinute
            svg += "<text x=\"\(fmt(x))\" y=\"\(height - 6)\" text-anchor=\"middle\">\(String(format: "%02d", hour))</text>"
        }
        var path = ""
        for (index, minute) in intervals where minute >= window.from && minute < window.to {
            let row = coverage[index]
            let x = left + Double(minute - window.from) * perMinute, w = Double(grid) * perMinute
            let met = byInterval ? min(row.scheduled, row.required) : row.scheduled
            if met > 0 { svg += rect(x, y(met), w, Double(met) * perAgent, fill: blue) }
            guard byInterval else { continue }
            if row.over > 0 { svg += rect(x, y(row.scheduled), w, Double(row.over) * perAgent, fill: orange) }
            if row.under > 0 { svg += rect(x, y(row.required), w, Double(row.under) * perAgent, fill: "url(#hatch-under)") }
            path += "\(path.isEmpty ? "M" : "L")\(fmt(x)) \(fmt(y(row.required)))H\(fmt(x + w))"
        }
        if !path.isEmpty { svg += "<path d=\"\(path)\" class=\"required\"/>" }
        page.raw(svg + "</svg>\n")
    }

    static func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, extra: String = "") -> String {
        "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" fill=\"\(fill)\"\(extra)/>"
    }

    static func fmt(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value) }

    /// The whole horizon as a heatmap: a row per day, a cell per interval, coloured by agents on
    /// the phones less required (hatched vermillion short, blue over, grey on target).
    static func heatmap(_ input: ReportInput, into page: inout HTMLText) {
        let problem = input.problem, coverage = input.coverage
        guard problem.staffsByInterval else { return }
        let days = intervalsByDay(problem)
        let worstUnder = max(1, coverage.map(\.under).max() ?? 1), worstOver = max(1, coverage.map(\.over).max() ?? 1)
        let left = 90.0, cellHeight = 22.0, width = 960.0
        let window = window(input)
        let perMinute = (width - left - 8) / Double(window.to - window.from)
        let height = Double(days.count) * cellHeight + 24
        let short = coverage.filter { $0.under > 0 }
        let caption = short.isEmpty ? "No interval of the horizon is short." :
            "\(short.count) interval(s) short; the worst, \(problem.horizon.timeZone.isoText(short.max { $0.under < $1.under }!.start)), by \(worstUnder) agent(s)."
        page.raw("<section id=\"heatmap\">\n")
        page.element("h2", "The horizon at a glance")
        page.raw("<figure class=\"chart\">\n")
        page.element("figcaption", "Agents on the phones less required, per interval: " + caption + " Hatched vermillion: short (darker: more); blue: over; grey: on target. The tables under each day's chart above have the numbers.")
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(caption))\"><title>\(HTMLText.escape(caption))</title>"
        for (day, intervals) in days.enumerated() {
            let date = problem.horizon.startDate.adding(days: day)
            let y = Double(day) * cellHeight
            svg += "<text x=\"0\" y=\"\(fmt(y + 15))\">\(date.weekday.abbreviation) \(date.description.suffix(5))</text>"
            for (index, minute) in intervals where minute >= window.from && minute < window.to {
                let row = coverage[index]
                guard row.required > 0 || row.scheduled > 0 else { continue }
                let fill: String, opacity: Double
                if row.under > 0 { (fill, opacity) = ("url(#hatch-under)", 0.35 + 0.65 * Double(row.under) / Double(worstUnder)) } else if row.over > 0 {
                    (fill, opacity) = (blue, 0.25 + 0.75 * Double(row.over) / Double(worstOver))
                } else { (fill, opacity) = ("#9e9e9e", 1) }
                let text = "\(date.weekday.abbreviation) \(clock(minute)): required \(row.required), on the phones \(row.scheduled)"
                svg += "<rect x=\"\(fmt(left + Double(minute - window.from) * perMinute))\" y=\"\(fmt(y + 2))\" width=\"\(fmt(Double(problem.horizon.intervalMinutes) * perMinute))\" height=\"\(fmt(cellHeight - 4))\" fill=\"\(fill)\" fill-opacity=\"\(String(format: "%.2f", opacity))\"><title>\(text)</title></rect>"
            }
        }
        for hour in stride(from: window.from / 60, through: window.to / 60, by: 2) {
            svg += "<text x=\"\(fmt(left + Double(hour * 60 - window.from) * perMinute))\" y=\"\(fmt(height - 6))\" text-anchor=\"middle\">\(String(format: "%02d", hour))</text>"
        }
        page.raw(svg + "</svg>\n</figure>\n</section>\n")
    }
}
