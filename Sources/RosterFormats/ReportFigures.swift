import Foundation
import Rostering

/// The report's figures and tables: the run's key figures, the agents' hours, activities,
/// wishes and any CSV output shown as a table.
enum ReportFigures {
    /// Key figures: how the run ended (from summary.json, when the run wrote one), staffing
    /// recounted from the roster's coverage, and on forecast runs the service level and
    /// occupancy expected. Each row carries its summary.json key in `data-kpi`.
    static func kpis(_ input: ReportInput, summary: [String: Any], into page: inout HTMLText) {
        let problem = input.problem, coverage = input.coverage
        let hours = Double(problem.horizon.intervalMinutes) / 60
        var rows: [(key: String, label: String, value: Double?, text: String)] = []
        func number(_ key: String) -> Double? { (summary[key] as? NSNumber)?.doubleValue }
        if let status = summary["status"] as? String {
            rows.append(("status", "Status", nil, status == "optimal" ? "optimal (proven)" : "\(status), not proven optimal"))
            if let reason = summary["stop_reason"] as? String { rows.append(("stop_reason", "What ended the run", nil, reason.replacingOccurrences(of: "_", with: " "))) }
            for (key, label) in [("objective", "Objective"), ("best_bound", "Best bound")] { if let value = number(key) { rows.append((key, label, value, ReportNumber.text(value))) } }
            if let gap = number("gap") { rows.append(("gap", "Gap to the bound", gap, ReportNumber.percent(gap))) }
            if let strategy = summary["strategy"] as? [String: String] { rows.append(("strategy", "Search", nil, "\(strategy["used"] ?? "?"): \(strategy["reason"] ?? "")")) }
            if let seconds = number("solve_seconds") { rows.append(("solve_seconds", "Solve time (s)", seconds, String(format: "%.1f", seconds))) }
        }
        let paid = Double(input.roster.assignments.reduce(0) { $0 + $1.paidMinutes }) / 60
        rows.append(("agents", "Agents", Double(problem.agents.count), ReportNumber.groupThousands(problem.agents.count)))
        rows.append(("shifts", "Shifts", Double(input.roster.assignments.count), ReportNumber.groupThousands(input.roster.assignments.count)))
        rows.append(("paid_hours", "Paid hours", paid, ReportNumber.text(paid)))
        if problem.staffsByInterval {
            let required = Double(coverage.reduce(0) { $0 + $1.required }) * hours
            let under = Double(coverage.reduce(0) { $0 + $1.under }) * hours, over = Double(coverage.reduce(0) { $0 + $1.over }) * hours
            rows.append(("required_agent_hours", "Required agent-hours", required, ReportNumber.text(required)))
            rows.append(("under_staffed_agent_hours", "Under-staffed agent-hours", under, ReportNumber.text(under)))
            rows.append(("under_staffed_intervals", "Under-staffed intervals", Double(coverage.filter { $0.under > 0 }.count), String(coverage.filter { $0.under > 0 }.count)))
            rows.append(("over_staffed_agent_hours", "Over-staffed agent-hours", over, ReportNumber.text(over)))
            rows.append(("over_staffed_intervals", "Over-staffed intervals", Double(coverage.filter { $0.over > 0 }.count), String(coverage.filter { $0.over > 0 }.count)))
            if required > 0 { rows.append(("schedule_efficiency", "Schedule efficiency: (over + under) ÷ required (lower is better)", (over + under) / required, ReportNumber.percent((over + under) / required))) }
        }
        if let demands = summary["shift_demands"] as? [String: Any] {
            for (key, label) in [
                ("required_shifts", "Agent-shifts required by shift template and day"), ("under_staffed_shifts", "Agent-shifts short"),
                ("over_staffed_shifts", "Agent-shifts over"),
            ] {
                if let value = (demands[key] as? NSNumber)?.doubleValue { rows.append(("shift_demands." + key, label, value, ReportNumber.text(value))) }
            }
        }
        if let forecast = input.forecast {
            let scheduled = coverage.map(\.scheduled)
            if let level = forecast.expectedServiceLevels(scheduled: scheduled).overall { rows.append(("expected_service_level", "Expected service level (call-weighted)", level, ReportNumber.percent(level))) }
            if let occupancy = forecast.expectedOccupancy(scheduled: scheduled).overall { rows.append(("occupancy", "Expected occupancy", occupancy, ReportNumber.percent(occupancy))) }
            if let abandonment = forecast.expectedAbandonment(scheduled: scheduled).overall {
                rows.append(("expected_abandonment", "Expected abandonment (Erlang A, call-weighted)", abandonment, ReportNumber.percent(abandonment)))
            }
            let calls = forecast.intervals.reduce(0) { $0 + $1.calls }
            rows.append(("forecast_calls", "Calls forecast", calls, ReportNumber.text(calls)))
        }
        page.raw("<section id=\"kpis\">\n")
        page.element("h2", "Key figures")
        page.raw("<table class=\"kpis\"><tbody>\n")
        for row in rows {
            page.raw("<tr data-kpi=\"\(row.key)\"><th scope=\"row\">\(HTMLText.escape(row.label))</th><td\(row.value.map { " data-value=\"\(ReportNumber.exact($0))\"" } ?? "")>\(HTMLText.escape(row.text))</td></tr>\n")
        }
        page.raw("</tbody></table>\n</section>\n")
    }

    /// Per agent: shifts, days worked, paid hours, their busiest calendar week against the weekly
    /// cap and minimum.
    static func agents(_ input: ReportInput, into page: inout HTMLText) {
        let problem = input.problem, zone = problem.horizon.timeZone
        let byAgent = Dictionary(grouping: input.roster.assignments, by: \.agentID)
        page.raw("<section id=\"agents\">\n")
        page.element("h2", "Hours per agent")
        page.raw("<table class=\"agents\"><thead><tr><th>Agent</th><th>Team</th><th>Shifts</th><th>Days worked</th><th>Paid hours</th><th>Busiest week (h)</th><th>Weekly cap (h)</th><th>Weekly minimum (h)</th></tr></thead><tbody>\n")
        for agent in problem.agents {
            let shifts = byAgent[agent.id] ?? []
            var weeks: [Int: Int] = [:]
            for shift in shifts {
                if let day = problem.horizon.dayIndex(of: zone.local(shift.start).date) { weeks[problem.horizon.weekIndex(ofDay: day), default: 0] += shift.paidMinutes }
            }
            let paid = Double(shifts.reduce(0) { $0 + $1.paidMinutes }) / 60
            let cells = [
                HTMLText.escape(agent.teams.joined(separator: ", ")), String(shifts.count), String(Set(shifts.map { zone.local($0.start).date }).count),
                ReportNumber.text(paid), ReportNumber.text(Double(weeks.values.max() ?? 0) / 60),
                ReportNumber.text(Double(agent.maxWeeklyMinutes) / 60), ReportNumber.text(Double(agent.minWeeklyMinutes) / 60),
            ]
            page.raw("<tr data-agent=\"\(HTMLText.escape(agent.id))\" data-paid-hours=\"\(ReportNumber.exact(paid))\"><th scope=\"row\">\(HTMLText.escape(agent.name)) <small>\(HTMLText.escape(agent.id))</small></th>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n")
        }
        page.raw("</tbody></table>\n</section>\n")
    }

    /// Activities as summary.json gives them: sessions placed and missed, and by whom.
    static func activities(_ summary: [String: Any], into page: inout HTMLText) {
        namedTable(
            summary["activities"], id: "activities", title: "Activities",
            headers: ["Activity", "Attend", "Hard", "Attendees", "Placed", "Missed", "Missed by", "Held at"], into: &page
        ) { entry in
            [
                entry["attend"] as? String ?? "", (entry["hard"] as? Bool ?? true) ? "yes" : "no", "\(entry["attendees"] ?? 0)", "\(entry["placed"] ?? 0)",
                "\(entry["missed"] ?? 0)", (entry["missed_by"] as? [String] ?? []).joined(separator: ", "),
                (entry["held_at"] as? [String] ?? []).map { $0.replacingOccurrences(of: "T", with: " ") }.joined(separator: ", "),
            ]
        }
    }

    /// Queues as summary.json gives them: the agents holding each skill, its requirement, the
    /// agent-hours allocated to it, and the intervals and agent-hours it is short and over.
    static func queues(_ summary: [String: Any], into page: inout HTMLText) {
        func hours(_ key: String, _ entry: [String: Any]) -> String { ReportNumber.text((entry[key] as? NSNumber)?.doubleValue ?? 0) }
        namedTable(
            summary["queues"], id: "queues", title: "Queues",
            headers: [
                "Queue", "Agents with the skill", "Required agent-hours", "Staffed agent-hours", "Short (intervals)", "Short agent-hours", "Over (intervals)",
                "Over agent-hours",
            ], into: &page
        ) { entry in
            [
                "\(entry["agents_with_skill"] ?? 0)", hours("required_agent_hours", entry), hours("staffed_agent_hours", entry),
                "\(entry["under_staffed_intervals"] ?? 0)", hours("under_staffed_agent_hours", entry),
                "\(entry["over_staffed_intervals"] ?? 0)", hours("over_staffed_agent_hours", entry),
            ]
        }
    }

    /// A section with a table of summary.json entries (a list of objects with a `name`): a row
    /// per entry, headed by its name, with `cells` after it. Nothing when the list is absent or empty.
    static func namedTable(
        _ value: Any?, id: String, title: String, headers: [String], into page: inout HTMLText, cells: ([String: Any]) -> [String]
    ) {
        guard let list = value as? [[String: Any]], !list.isEmpty else { return }
        page.raw("<section id=\"\(id)\">\n")
        page.element("h2", title)
        page.raw("<table class=\"\(id)\"><thead><tr>" + headers.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n")
        for entry in list {
            page.raw("<tr><th scope=\"row\">\(HTMLText.escape(entry["name"] as? String ?? ""))</th>" + cells(entry).map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n")
        }
        page.raw("</tbody></table>\n</section>\n")
    }

    /// Wishes granted and refused with their reasons (preferences.csv), and each agent's share of
    /// wish points granted (summary.json).
    static func wishes(_ input: ReportInput, summary: [String: Any], into page: inout HTMLText) {
        guard let text = input.preferencesCSV else { return }
        page.raw("<section id=\"wishes\">\n")
        page.element("h2", "Wishes")
        if let wishes = summary["wishes"] as? [String: Any] {
            page.element("p", "\(wishes["granted"] ?? 0) of \(wishes["total"] ?? 0) wishes granted. Share of each agent's wish points granted: lowest \(ReportNumber.percent((wishes["points_granted_share_min"] as? NSNumber)?.doubleValue ?? 1)), mean \(ReportNumber.percent((wishes["points_granted_share_mean"] as? NSNumber)?.doubleValue ?? 1)).")
            if let perAgent = wishes["per_agent"] as? [[String: Any]] {
                page.raw("<table class=\"fairness\"><thead><tr><th>Agent</th><th>Wishes</th><th>Granted</th><th>Points granted</th></tr></thead><tbody>\n")
                for entry in perAgent {
                    let share = (entry["points_granted_share"] as? NSNumber)?.doubleValue ?? 1
                    page.raw("<tr><th scope=\"row\">\(HTMLText.escape(entry["id"] as? String ?? ""))</th><td>\(entry["wishes"] ?? 0)</td><td>\(entry["granted"] ?? 0)</td><td data-value=\"\(share)\">\(ReportNumber.percent(share))</td></tr>\n")
                }
                page.raw("</tbody></table>\n")
            }
        }
        table(csv: text, keeping: ["agent_id", "wish", "priority", "granted", "reason"], className: "wishes", into: &page)
        page.raw("</section>\n")
    }

    /// A CSV output of the run as a section with its table.
    static func csvSection(id: String, title: String, text: String, into page: inout HTMLText) {
        page.raw("<section id=\"\(id)\">\n")
        page.element("h2", title)
        table(csv: text, keeping: nil, className: id, into: &page)
        page.raw("</section>\n")
    }

    /// A CSV text as a table (only the columns `keeping` names, when given); a text that does not
    /// read as CSV is said so.
    static func table(csv text: String, keeping: [String]?, className: String, into page: inout HTMLText) {
        guard let table = try? CSVTable(text: text, file: className) else {
            page.element("p", "(the file could not be read as CSV)")
            return
        }
        let columns = table.header.indices.filter { keeping?.contains(table.header[$0]) ?? true }
        if table.records.isEmpty { page.element("p", "None.") }
        page.raw("<table class=\"\(className)\"><thead><tr>" + columns.map { "<th>\(HTMLText.escape(table.header[$0].replacingOccurrences(of: "_", with: " ")))</th>" }.joined() + "</tr></thead><tbody>\n")
        for record in table.records {
            page.raw("<tr>" + columns.map { $0 < record.fields.count ? "<td>\(HTMLText.escape(record.fields[$0]))</td>" : "<td></td>" }.joined() + "</tr>\n")
        }
        page.raw("</tbody></table>\n")
    }
}

/// The report's inline style sheet and script.
enum ReportStyle {
    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px;color:#1a1a1a;background:#fff}
        h1{font-size:1.6em;margin:.6em 0 .2em}h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.4em 0;font-size:.9em}th,td{border:1px solid #d0d0d0;padding:2px 6px;text-align:left;vertical-align:top}
        thead th{background:#f0f0f0}td{font-variant-numeric:tabular-nums}
        table.kpis th{font-weight:normal;background:#f7f7f7}table.kpis td{font-weight:600}
        figure.chart{margin:.6em 0 1em}figcaption{margin:.2em 0;font-size:.95em}
        svg text{font-size:11px;fill:#333}svg .grid{stroke:#ddd;stroke-width:1}svg .required{fill:none;stroke:#000;stroke-width:2}
        #gantt td:last-child,#gantt th:last-child{padding:0;white-space:nowrap}#gantt .day{display:inline-block;font-size:.8em;text-align:center;border-left:1px solid #ddd;box-sizing:border-box}
        #gantt tbody th{font-weight:normal;white-space:nowrap}small{color:#666}.nowrap{white-space:nowrap}
        .controls{margin:.4em 0}.controls button{font:inherit;margin-right:4px}
        .legend .swatch{display:inline-block;width:14px;height:10px;border:1px solid #888;margin:0 4px 0 10px;vertical-align:middle}
        .legend .gap{background:#fff}.legend .session{background:repeating-linear-gradient(-45deg,#E69F00 0 3px,#7a4f00 3px 4px)}
        details summary{cursor:pointer;color:#0072B2}footer{margin:2em 0 1em;font-size:.85em;color:#555}
        @media print{nav,.controls,details summary{display:none}details{display:block}section{break-inside:avoid-page}#gantt tr{break-inside:avoid}body{max-width:none}}
        """

    /// Sorting and the team filter of the Gantt table; the page reads fully without it.
    static let script = """
        (function(){var body=document.querySelector('#gantt tbody');if(!body)return;
        document.querySelectorAll('button[data-sort]').forEach(function(button){button.addEventListener('click',function(){
        var key=button.getAttribute('data-sort');var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){if(key==='agent')return a.dataset.agent.localeCompare(b.dataset.agent);
        if(key==='hours')return parseFloat(b.dataset.hours)-parseFloat(a.dataset.hours)||a.dataset.agent.localeCompare(b.dataset.agent);
        return parseFloat(a.dataset.start)-parseFloat(b.dataset.start)||a.dataset.agent.localeCompare(b.dataset.agent);});
        rows.forEach(function(row){body.appendChild(row);});});});
        var filter=document.getElementById('team-filter');if(filter)filter.addEventListener('change',function(){
        Array.prototype.forEach.call(body.rows,function(row){var teams=row.dataset.team.split(';');
        row.hidden=filter.value!==''&&teams.indexOf(filter.value)<0;});});})();
        """
}
