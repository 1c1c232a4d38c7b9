import Foundation
import Rostering

extension ReportCharts {
    /// The horizon as a Gantt chart: a table row per agent (sortable by agent, first start or
    /// hours, filterable by team) whose last cell draws their shifts (blue), breaks (gaps) and
    /// activity sessions (hatched orange) across the days; each row's drawing has its shifts in
    /// words as its text alternative.
    static func gantt(_ input: ReportInput, into page: inout HTMLText) {
        let problem = input.problem
        let zone = problem.horizon.timeZone
        let byAgent = Dictionary(grouping: input.roster.assignments, by: \.agentID)
        let teams = Array(Set(problem.agents.flatMap(\.teams))).sorted()
        let dayWidth = max(14.0, 840.0 / Double(problem.horizon.days)), rowHeight = 16.0
        let width = dayWidth * Double(problem.horizon.days)
        // Each day shows the charts' hours only (the whole day when a shift crosses midnight).
        let window = window(input)
        let perMinute = dayWidth / Double(window.to - window.from)
        func offset(_ instant: Instant) -> Double {
            let local = zone.local(instant)
            var day = Double(problem.horizon.dayIndex(of: local.date) ?? (instant < problem.horizon.start ? 0 : problem.horizon.days))
            var minute = local.minuteOfDay
            if minute == 0, window.to == 1440, instant > problem.horizon.start { (day, minute) = (day - 1, 1440) }
            return day * dayWidth + Double(min(max(minute, window.from), window.to) - window.from) * perMinute
        }
        page.raw("<section id=\"gantt-section\">\n")
        page.element("h2", "The week, agent by agent")
        page.raw("<div class=\"controls\" role=\"group\" aria-label=\"Sort and filter\">Sort by: <button type=\"button\" data-sort=\"agent\">agent</button> <button type=\"button\" data-sort=\"start\">first start</button> <button type=\"button\" data-sort=\"hours\">hours</button>")
        if !teams.isEmpty {
            page.raw(" Team: <select id=\"team-filter\"><option value=\"\">all</option>" + teams.map { "<option>\(HTMLText.escape($0))</option>" }.joined() + "</select>")
        }
        let teamCell = !teams.isEmpty
        page.raw("</div>\n<table id=\"gantt\"><thead><tr><th>Agent</th>\(teamCell ? "<th>Team</th>" : "")<th>Days</th><th>Paid hours</th><th>First start</th><th>")
        for day in 0..<problem.horizon.days {
            let date = problem.horizon.startDate.adding(days: day)
            page.raw("<span class=\"day\" style=\"width:\(fmt(dayWidth))px\">\(dayWidth >= 60 ? "\(date.weekday.abbreviation) \(date.description.suffix(5))" : "\(date.day)")</span>")
        }
        page.raw("</th></tr></thead><tbody>\n")
        for agent in problem.agents {
            let shifts = (byAgent[agent.id] ?? []).sorted { $0.start < $1.start }
            let paid = Double(shifts.reduce(0) { $0 + $1.paidMinutes }) / 60
            let firstStart = shifts.first.map { $0.start - problem.horizon.start } ?? Int.max / 2
            var words: [String] = []
            var svg = ""
            for shift in shifts {
                let local = zone.local(shift.start)
                svg += rect(offset(shift.start), 3, max(1, offset(shift.end) - offset(shift.start)), rowHeight - 6, fill: blue)
                for taken in shift.breaks { svg += rect(offset(taken.start), 3, max(0.5, offset(taken.end) - offset(taken.start)), rowHeight - 6, fill: "#ffffff", extra: " fill-opacity=\"0.85\"") }
                for session in shift.activities { svg += rect(offset(session.start), 1, max(1, offset(session.end) - offset(session.start)), rowHeight - 2, fill: "url(#hatch-session)") }
                var text = "\(local.date.weekday.abbreviation) \(clock(local.minuteOfDay))–\(clock(zone.local(shift.end).minuteOfDay))"
                if !shift.breaks.isEmpty { text += " (breaks " + shift.breaks.map { "\(clock(zone.local($0.start).minuteOfDay))–\(clock(zone.local($0.end).minuteOfDay))" }.joined(separator: ", ") + ")" }
                if !shift.activities.isEmpty { text += " (" + shift.activities.map { "\($0.name) \(clock(zone.local($0.start).minuteOfDay))–\(clock(zone.local($0.end).minuteOfDay))" }.joined(separator: ", ") + ")" }
                words.append(text)
            }
            for day in 1..<max(1, problem.horizon.days) { svg += "<line x1=\"\(fmt(Double(day) * dayWidth))\" x2=\"\(fmt(Double(day) * dayWidth))\" y1=\"0\" y2=\"\(fmt(rowHeight))\" class=\"grid\"/>" }
            let label = "\(agent.name): " + (words.isEmpty ? "no shift" : words.joined(separator: "; "))
            let days = Set(shifts.map { zone.local($0.start).date }).count
            page.raw("<tr data-agent=\"\(HTMLText.escape(agent.id))\" data-team=\"\(HTMLText.escape(agent.teams.joined(separator: ";")))\" data-hours=\"\(ReportNumber.exact(paid))\" data-start=\"\(firstStart)\" data-shifts=\"\(shifts.count)\">")
            let first = shifts.first.map { zone.local($0.start) }.map { "\($0.date.weekday.abbreviation) \(clock($0.minuteOfDay))" } ?? "–"
            page.raw("<th scope=\"row\">\(HTMLText.escape(agent.name)) <small>\(HTMLText.escape(agent.id))</small></th>\(teamCell ? "<td>\(HTMLText.escape(agent.teams.joined(separator: ", ")))</td>" : "")<td>\(days)</td><td>\(ReportNumber.text(paid))</td><td class=\"nowrap\">\(first)</td>")
            page.raw("<td><svg shape-rendering=\"crispEdges\" width=\"\(fmt(width))\" height=\"\(fmt(rowHeight))\" viewBox=\"0 0 \(fmt(width)) \(fmt(rowHeight))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\"><title>\(HTMLText.escape(label))</title>\(svg)</svg></td></tr>\n")
        }
        page.raw("</tbody></table>\n<p class=\"legend\"><span class=\"swatch\" style=\"background:\(blue)\"></span> shift <span class=\"swatch gap\"></span> break <span class=\"swatch session\"></span> activity session</p>\n</section>\n")
    }
}
