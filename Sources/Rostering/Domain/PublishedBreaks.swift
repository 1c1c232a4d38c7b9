/// A published shift: agent, start and end.
struct PublishedShiftKey: Hashable, Sendable {
    let agentID: String
    let start: Instant
    let end: Instant
}

extension RosterProblem {
    /// Re-rostering with breaks: the placement of `shift`'s breaks that `agent` (an index into
    /// ``agents``) was published with, when keeping this shift keeps published break times.
    ///
    /// - An index into ``breakPlans(of:)``: the agent was published on exactly this shift (same
    ///   start and end) with breaks at that placement; any other placement moves them and costs
    ///   ``breakChangeWeight``.
    /// - `-1`: published on this shift with breaks that no placement of today's rules gives
    ///   (other times or lengths, or no break rule for the shift any more), so working it moves
    ///   them whatever the placement.
    /// - `nil`: nothing to keep (not published on this shift, published without breaks, or no
    ///   break weight).
    ///
    /// A placement matches when every break starts and ends as published. The rule is defined
    /// once here and used by the full model and the pattern search; the validator counts moved
    /// breaks on its own. O(placements × breaks) (a dictionary look-up and a scan).
    public func publishedBreakPlan(agent: Int, shift: Shift) -> Int? {
        guard breakChangeWeight > 0,
            let published = publishedShifts[PublishedShiftKey(agentID: agents[agent].id, start: shift.start, end: shift.end)],
            !published.breaks.isEmpty
        else { return nil }
        let wanted = published.breaks.map { [$0.start - shift.start, $0.end - $0.start] }
        return breakPlans(of: shift).firstIndex { $0.breaks.map { [$0.offsetMinutes, $0.minutes] } == wanted } ?? -1
    }
}
