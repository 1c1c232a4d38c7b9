/// The sizes of the weekly search's large neighbourhoods: whole horizons of some agents, or a
/// window of days of many (``PatternSearch/improved()``).
extension PatternSearch {
    /// `length` days around `day` within a horizon of `days` (all of it when shorter).
    static func window(around day: Int, days: Int, length: Int) -> ClosedRange<Int> {
        let first = min(max(0, day - length / 2), max(0, days - length))
        return first...min(days - 1, first + length - 1)
    }

    /// Days of a window neighbourhood: a week over several weeks, three days within one; nil
    /// for a horizon no longer than that (its windows would be whole horizons).
    static func windowLength(days: Int) -> Int? {
        let length = days > 7 ? 7 : 3
        return days > length ? length : nil
    }

    /// Days of a window that frees the whole team: half the horizon (at least a week), when the
    /// team over it is no more agent-days than ``neighbourhoodSize`` agent-weeks; nil over a
    /// week or less and for larger teams (their windows free ``windowAgents(team:length:)``
    /// agents over ``windowLength(days:)`` days). Everyone is free to trade days there, as in the
    /// horizon search's windows: Curtois & Qu's instances 6 and 8 (18 and 30 nurses, four weeks)
    /// ended 60 s at 1,953 and 1,309 instead of 2,044 and 1,417 with 7-day windows of two thirds
    /// of the team; with everyone over shorter windows, teams of 36–60 did worse.
    static func everyoneWindow(team: Int, days: Int) -> Int? {
        let half = max(7, days / 2)
        return days > 7 && team * half <= neighbourhoodSize * 7 ? half : nil
    }

    /// Agents freed per window: as many agent-days as ``baseNeighbourhoodSize(team:days:)``
    /// frees over a week (60 over 7 days, 140 over 3), at most two thirds of the team (at least
    /// 8, and everyone in a team of 8 or fewer: a window of everyone is still a neighbourhood).
    static func windowAgents(team: Int, length: Int) -> Int {
        min(team, max(8, neighbourhoodSize * 7 / max(1, length)), max(8, 2 * team / 3))
    }

    /// Agents freed per neighbourhood at first: ``neighbourhoodSize`` agent-weeks over the
    /// horizon's weeks of 7 days, at least 8, and at most two thirds of the team (at least 8).
    static func baseNeighbourhoodSize(team: Int, days: Int) -> Int {
        let weeks = max(1, (days + 6) / 7)
        return min(max(8, neighbourhoodSize / weeks), max(8, 2 * team / 3))
    }
}
