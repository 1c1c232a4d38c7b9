import Foundation
import Rostering

/// What report.html shows: the problem, the roster with its coverage, and the texts of the other
/// outputs of the run (summary.json, preferences.csv, swaps.csv, changes.csv) where the run wrote
/// them, so that `roster report` can rebuild the page from an output folder.
public struct ReportInput: Sendable {
    public var problem: RosterProblem
    public var roster: Roster
    public var coverage: [IntervalCoverage]
    public var summaryJSON: String?
    public var forecast: StaffingForecast?
    public var preferencesCSV: String?
    public var swapsCSV: String?
    public var changesCSV: String?

    public init(
        problem: RosterProblem, roster: Roster, coverage: [IntervalCoverage], summaryJSON: String? = nil, forecast: StaffingForecast? = nil,
        preferencesCSV: String? = nil, swapsCSV: String? = nil, changesCSV: String? = nil
    ) {
        self.problem = problem
        self.roster = roster
        self.coverage = coverage
        self.summaryJSON = summaryJSON
        self.forecast = forecast
        self.preferencesCSV = preferencesCSV
        self.swapsCSV = swapsCSV
        self.changesCSV = changesCSV
    }
}

/// `report.html`: one self-contained page (inline CSS and SVG, a few lines of inline script for
/// sorting and filtering, nothing fetched) with the run's figures, coverage per day and as a
/// heatmap, the week as a Gantt chart, the agents' hours, and wishes, swaps and changes where the
/// run has them. Every chart has a text alternative and a table; the palette (Okabe–Ito blue,
/// orange and vermillion, under-staffing hatched) stays readable in grayscale and for colour-blind
/// readers. Numbers carry their exact value in `data-value` for machine checks.
public enum ReportHTML {
    /// The page. O(intervals + shifts + rows of the other outputs).
    public static func render(_ input: ReportInput) -> String {
        var page = HTMLText()
        let problem = input.problem
        let summary = input.summaryJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        let first = problem.horizon.startDate, last = first.adding(days: problem.horizon.days - 1)
        page.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.element("title", "Roster report – \(problem.name)")
        page.raw("<style>\(ReportStyle.css)</style>\n</head>\n<body>\n")
        page.raw(ReportCharts.patternDefinitions)
        page.raw("<header>")
        page.element("h1", "Roster report: \(problem.name)")
        page.element("p", "\(first.weekday.abbreviation) \(first) to \(last.weekday.abbreviation) \(last), \(problem.horizon.timeZone.identifier), \(problem.horizon.intervalMinutes)-minute intervals; \(problem.agents.count) agents, \(input.roster.assignments.count) shifts.")
        page.raw("<nav>Sections: <a href=\"#kpis\">figures</a> · <a href=\"#coverage\">coverage</a> · <a href=\"#heatmap\">heatmap</a> · <a href=\"#gantt-section\">the week</a> · <a href=\"#agents\">agents</a>\(problem.hasQueues ? " · <a href=\"#queues\">queues</a>" : "")\(input.preferencesCSV == nil ? "" : " · <a href=\"#wishes\">wishes</a>")\(input.swapsCSV == nil ? "" : " · <a href=\"#swaps\">swaps</a>")\(input.changesCSV == nil ? "" : " · <a href=\"#changes\">changes</a>")</nav>")
        page.raw("</header>\n<main>\n")
        ReportFigures.kpis(input, summary: summary, into: &page)
        ReportCharts.coverageByDay(input, into: &page)
        ReportCharts.heatmap(input, into: &page)
        ReportCharts.gantt(input, into: &page)
        ReportFigures.agents(input, into: &page)
        ReportFigures.activities(summary, into: &page)
        ReportFigures.queues(summary, into: &page)
        ReportFigures.wishes(input, summary: summary, into: &page)
        if let swaps = input.swapsCSV { ReportFigures.csvSection(id: "swaps", title: "Swap decisions", text: swaps, into: &page) }
        if let changes = input.changesCSV { ReportFigures.csvSection(id: "changes", title: "Changes against the published roster", text: changes, into: &page) }
        page.raw("</main>\n<footer>Written by roster \(RosteringVersion.current). This file needs no network: open it from anywhere, print it as it is.</footer>\n")
        page.raw("<script>\(ReportStyle.script)</script>\n</body>\n</html>\n")
        return page.text
    }
}

/// An HTML document being written, with escaping.
struct HTMLText {
    private(set) var text = ""

    mutating func raw(_ html: String) { text += html }

    /// `<name attributes>escaped text</name>`.
    mutating func element(_ name: String, _ content: String, attributes: String = "") {
        text += "<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(Self.escape(content))</\(name)>\n"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Number formats of the report.
enum ReportNumber {
    /// Whole numbers without decimals, others with up to two.
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        if value == value.rounded(), abs(value) < 1e15 { return groupThousands(Int(value)) }
        return String(format: "%.2f", value)
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

    static func groupThousands(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "−" : "") + out
    }

    /// A value as `data-value` keeps it for machine checks.
    static func exact(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value) }
}
