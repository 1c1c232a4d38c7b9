import Foundation
@testable import RosterFormats
import Rostering
import Testing

@Suite struct ReportTests {
    /// A two-agent day whose names and team carry HTML: the page shows them as text, never as
    /// markup, and fetches nothing (no URL outside the page itself).
    @Test func namesAreEscapedAndNothingIsFetched() throws {
        let zone = SiteTimeZone(identifier: "UTC")!
        let monday = LocalDate(year: 2026, month: 11, day: 23)!
        let horizon = try PlanningHorizon(startDate: monday, days: 1, timeZone: zone, intervalMinutes: 60)
        let template = ShiftTemplate(name: "day", earliestStart: TimeOfDay(text: "09:00")!, latestStart: TimeOfDay(text: "09:00")!, startStepMinutes: 60, lengthsMinutes: [480])
        let agents = [
            Agent(id: "a1", name: "<script>alert(1)</script>", teams: ["\"blue\" & <red>"]),
            Agent(id: "a2", name: "Zoë O'Neil"),
        ]
        let required = (0..<24).map { $0 >= 9 && $0 < 17 ? 1 : 0 }
        let problem = try RosterProblem(name: "t<i>", horizon: horizon, templates: [template], agents: agents, required: required)
        let shift = problem.shifts[0]
        let roster = Roster(assignments: [Roster.Assignment(agentID: "a1", start: shift.start, end: shift.end)], timeZone: zone)
        let html = ReportHTML.render(ReportInput(problem: problem, roster: roster, coverage: problem.coverage(of: roster)))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;blue&quot; &amp; &lt;red&gt;"))
        #expect(html.contains("Zoë O&#39;Neil"))
        #expect(html.contains("<title>Roster report – t&lt;i&gt;</title>"))
        // Self-contained: no external references (http, //, src=, @import, url( other than #ids).
        for marker in ["http://", "https://", " src=", "@import", "<link"] { #expect(!html.contains(marker), "\(marker)") }
        let references = html.components(separatedBy: "url(").dropFirst().map { $0.prefix(1) }
        #expect(references.allSatisfy { $0 == "#" })
        // The one interval short of nobody: 8 hours required, 8 covered; a2 has no shift.
        #expect(html.contains("data-kpi=\"under_staffed_agent_hours\"><th scope=\"row\">Under-staffed agent-hours</th><td data-value=\"0\">"))
        #expect(html.contains("data-agent=\"a2\"") && html.contains("no shift"))
    }
}
