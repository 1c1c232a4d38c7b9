import Foundation

/// Checks any roster against the rules of a ``RosterProblem``, written from the rules themselves
/// and sharing no code with the formulation: shift shapes from the templates, eligibility, one
/// shift a day, weekly caps and minimums, working days, rest, and the coverage arithmetic and
/// objective that a solution claims.
///
/// A violation in a roster the optimizer produced is a bug: callers must not write such a roster.
public struct RosterValidator: Sendable {
    public let problem: RosterProblem

    public init(problem: RosterProblem) { self.problem = problem }

    /// One broken rule.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public let rule: String
        public let message: String
        public var description: String { "\(rule): \(message)" }
    }

    /// Every rule the roster breaks; empty when it is valid.
    ///
    /// - Parameters:
    ///   - roster: the roster to check.
    ///   - coverage: coverage rows the caller intends to publish, re-counted here.
    ///   - objective: objective value the caller claims, recomputed here.
    public func violations(of roster: Roster, coverage: [IntervalCoverage]? = nil, objective: Double? = nil) -> [Violation] {
        var found: [Violation] = []
        let zone = problem.horizon.timeZone
        let agentsByID = Dictionary(problem.agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byAgent = Dictionary(grouping: roster.assignments, by: \.agentID)

        for assignment in roster.assignments {
            let startLocal = zone.local(assignment.start)
            let where_ = "\(assignment.agentID) \(zone.isoText(assignment.start))–\(zone.isoText(assignment.end))"
            if agentsByID[assignment.agentID] == nil { found.append(Violation(rule: "agent", message: "\(where_): unknown agent")) }
            if assignment.end <= assignment.start { found.append(Violation(rule: "shift", message: "\(where_): ends before it starts")) }
            let day = startLocal.date.daysSinceEpoch - problem.horizon.startDate.daysSinceEpoch
            if day < 0 || day >= problem.horizon.days {
                found.append(Violation(rule: "horizon", message: "\(where_): starts outside the planning horizon"))
            }
            if !matchesTemplate(assignment) {
                found.append(Violation(rule: "shift", message: "\(where_): no shift template allows this start and length"))
            }
            found += checkBreaks(assignment, where_: where_)
            for window in problem.preferences[assignment.agentID]?.unavailable ?? [] {
                let (start, end) = window.instants(in: zone)
                if start < assignment.end && end > assignment.start {
                    found.append(Violation(rule: "availability", message: "\(where_): \(assignment.agentID) is unavailable \(zone.isoText(start))–\(zone.isoText(end)) (preference file)"))
                }
            }
            if let agent = agentsByID[assignment.agentID] {
                var minute = assignment.start
                while minute < assignment.end {
                    if agent.unavailableDates.contains(zone.local(minute).date) {
                        found.append(Violation(rule: "availability", message: "\(where_): \(agent.id) is unavailable on \(zone.local(minute).date)"))
                        break
                    }
                    minute += 15
                }
            }
        }

        // Every agent, with shifts or without: a weekly minimum binds an agent with none.
        for agent in problem.agents.sorted(by: { $0.id < $1.id }) {
            found += checkAgent(agent, (byAgent[agent.id] ?? []).sorted { $0.start < $1.start })
        }
        // Horizon rules bind agents without shifts too (a minimum total, for one).
        for agent in problem.agents.sorted(by: { $0.id < $1.id }) {
            found += checkHorizonRules(agent, byAgent[agent.id] ?? [])
        }

        found += checkActivities(roster)
        if let coverage { found += checkCoverage(roster, claimed: coverage, objective: objective) }
        return found
    }

    /// The roster's objective, computed from the rules: coverage penalties per interval, wish
    /// penalties and the fairness term.
    public func objective(of roster: Roster) -> Double {
        intervalPenalty(roster).penalty + otherPenalties(roster)
    }

    /// The interval coverage penalty (nothing for a site staffed by day-level requirements only)
    /// with each interval's agents on the phone and, with queues, the places on queues they fill.
    private func intervalPenalty(_ roster: Roster) -> (penalty: Double, scheduled: [Int], filled: [Int]) {
        let horizon = problem.horizon
        let length = horizon.intervalMinutes
        if problem.hasQueues {
            let counted = queuePenalty(roster)
            return (problem.staffsByInterval ? counted.penalty : 0, counted.onPhone, counted.filled)
        }
        var penalty = 0.0
        var scheduled: [Int] = []
        for index in 0..<((horizon.end - horizon.start) / length) {
            let start = horizon.start + index * length
            let count = roster.assignments.filter { Self.isOnThePhone($0, from: start, to: start + length) }.count
            scheduled.append(count)
            let required = problem.required[index]
            penalty += Double(length) / 60 * (Double(max(0, required - count)) * problem.weights.underStaffingPerAgentHour
                + Double(max(0, count - required)) * problem.weights.overStaffingPerAgentHour)
        }
        return (problem.staffsByInterval ? penalty : 0, scheduled, [])
    }

    /// Everything but interval coverage: day-level requirements, wishes and fairness, changes to
    /// a published roster and activities.
    private func otherPenalties(_ roster: Roster) -> Double {
        let wishes = WishEvaluation.penalty(WishEvaluation.outcomes(of: roster, problem: problem), problem: problem)
        return dayLevelPenalty(of: roster) + wishes.wishes + wishes.fairness + problem.changeWeight * Double(changedAgentDays(roster))
            + problem.breakChangeWeight * Double(movedBreakDays(roster)) + activityPenalty(roster)
            + problem.activityChangeWeight * Double(movedSessions(roster))
    }

    /// Agent-days on which the roster differs from the published one (a shift added, removed or
    /// moved); 0 without a published roster.
    public func changedAgentDays(_ roster: Roster) -> Int {
        guard let published = problem.published else { return 0 }
        let zone = problem.horizon.timeZone
        func byAgentDay(_ roster: Roster) -> [String: Roster.Assignment] {
            Dictionary(roster.assignments.map { ("\($0.agentID)|\(zone.local($0.start).date)", $0) }, uniquingKeysWith: { first, _ in first })
        }
        let before = byAgentDay(published), after = byAgentDay(roster)
        return Set(before.keys).union(after.keys).filter { before[$0]?.start != after[$0]?.start || before[$0]?.end != after[$0]?.end }.count
    }

    /// Shifts kept from the published roster (same agent, start and end) whose published breaks
    /// the roster moves: a break starts or ends at another time, or is added or dropped. A shift
    /// published without breaks keeps nothing. 0 without a published roster.
    public func movedBreakDays(_ roster: Roster) -> Int {
        guard let published = problem.published else { return 0 }
        var before: [String: [Roster.Break]] = [:]
        for assignment in published.assignments where !assignment.breaks.isEmpty {
            before["\(assignment.agentID)|\(assignment.start)|\(assignment.end)"] = assignment.breaks
        }
        return roster.assignments.filter { assignment in
            guard let breaks = before["\(assignment.agentID)|\(assignment.start)|\(assignment.end)"] else { return false }
            return Self.breaksMoved(published: breaks, now: assignment.breaks)
        }.count
    }

    /// Whether a kept shift's breaks moved from the `published` ones: one starts or ends at
    /// another time, or one is added or dropped; never for a shift published without breaks.
    public static func breaksMoved(published: [Roster.Break], now: [Roster.Break]) -> Bool {
        !published.isEmpty && published.map { [$0.start, $0.end] } != now.map { [$0.start, $0.end] }
    }

    private func matchesTemplate(_ assignment: Roster.Assignment) -> Bool { templateName(of: assignment) != nil }

    private func checkAgent(_ agent: Agent, _ shifts: [Roster.Assignment]) -> [Violation] {
        var found: [Violation] = []
        let zone = problem.horizon.timeZone
        let horizon = problem.horizon
        // One shift per local start date.
        let byDate = Dictionary(grouping: shifts) { zone.local($0.start).date }
        for (date, list) in byDate.sorted(by: { $0.key < $1.key }) where list.count > 1 {
            found.append(Violation(rule: "one shift per day", message: "\(agent.id) has \(list.count) shifts starting on \(date)"))
        }
        // Rest between consecutive shifts (and no overlap).
        for (previous, next) in zip(shifts, shifts.dropFirst()) {
            let rest = next.start - previous.end
            if rest < agent.minRestMinutes {
                found.append(Violation(
                    rule: "rest",
                    message: "\(agent.id) rests \(Self.hours(rest)) h between \(zone.isoText(previous.end)) and \(zone.isoText(next.start)); needs \(Self.hours(agent.minRestMinutes)) h"))
            }
        }
        // Calendar weeks: the week of the local date a shift starts on.
        let startDay = horizon.startDate.daysSinceEpoch
        let weekStartOffset = (horizon.startDate.weekday.index - horizon.firstDayOfWeek.index + 7) % 7
        let firstWeekStart = startDay - weekStartOffset
        let byWeek = Dictionary(grouping: shifts) { (zone.local($0.start).date.daysSinceEpoch - firstWeekStart) / 7 }
        var week = 0
        while firstWeekStart + week * 7 < startDay + horizon.days {
            let list = byWeek[week] ?? []
            let paid = list.reduce(0) { $0 + $1.paidMinutes }
            let weekStart = LocalDate(daysSinceEpoch: firstWeekStart + week * 7)
            if paid > agent.maxWeeklyMinutes {
                found.append(Violation(rule: "weekly cap", message: "\(agent.id) is paid \(Self.hours(paid)) h in the week of \(weekStart); cap \(Self.hours(agent.maxWeeklyMinutes)) h"))
            }
            let fullWeek = firstWeekStart + week * 7 >= startDay && firstWeekStart + week * 7 + 7 <= startDay + horizon.days
            if fullWeek, paid < agent.minWeeklyMinutes {
                found.append(Violation(rule: "weekly minimum", message: "\(agent.id) is paid \(Self.hours(paid)) h in the week of \(weekStart); contract minimum \(Self.hours(agent.minWeeklyMinutes)) h"))
            }
            let workingDays = Set(list.map { zone.local($0.start).date }).count
            if workingDays > agent.maxDaysPerWeek {
                found.append(Violation(rule: "working days", message: "\(agent.id) works \(workingDays) days in the week of \(weekStart); at most \(agent.maxDaysPerWeek)"))
            }
            week += 1
        }
        return found
    }

    private func checkCoverage(_ roster: Roster, claimed: [IntervalCoverage], objective: Double?) -> [Violation] {
        var found: [Violation] = []
        let horizon = problem.horizon
        let zone = horizon.timeZone
        let length = horizon.intervalMinutes
        let count = (horizon.end - horizon.start) / length
        if claimed.count != count {
            found.append(Violation(rule: "coverage", message: "\(claimed.count) coverage rows for \(count) intervals"))
            return found
        }
        // An interval counts an agent only when the whole interval lies inside the shift and
        // outside its breaks and sessions.
        let recounted = intervalPenalty(roster)
        for (index, row) in claimed.enumerated() {
            let start = horizon.start + index * length
            let scheduled = recounted.scheduled[index]
            let required = problem.required[index]
            let under = problem.hasQueues ? row.byQueue.reduce(0) { $0 + $1.under } : max(0, required - scheduled)
            let over = problem.hasQueues ? row.byQueue.reduce(0) { $0 + $1.over } : max(0, scheduled - required)
            if row.start != start || row.end != start + length || row.required != required || row.scheduled != scheduled
                || row.under != under || row.over != over
            {
                found.append(Violation(
                    rule: "coverage",
                    message: "interval \(zone.isoText(start)): claimed required \(row.required), scheduled \(row.scheduled), under \(row.under), over \(row.over); recounted required \(required), scheduled \(scheduled)"))
            }
        }
        if problem.hasQueues, found.isEmpty { found += checkQueueRows(roster, claimed: claimed, filled: recounted.filled) }
        let penalty = recounted.penalty + otherPenalties(roster)
        if let objective, abs(objective - penalty) > 1e-6 * max(1, abs(penalty)) {
            found.append(Violation(rule: "objective", message: "claimed objective \(objective), recomputed \(penalty)"))
        }
        return found
    }

    /// Whether the agent of `assignment` works the whole of `start..<end` and takes no break and
    /// no activity session in it.
    static func isOnThePhone(_ assignment: Roster.Assignment, from start: Instant, to end: Instant) -> Bool {
        assignment.start <= start && assignment.end >= end && !assignment.breaks.contains { $0.start < end && $0.end > start }
            && !assignment.activities.contains { $0.start < end && $0.end > start }
    }

    /// The shift's breaks against the break rule its real length falls under: the rule's breaks
    /// in the order listed, each of its length and pay, starting on the interval grid inside its
    /// window on its step, inside the shift, with the working stretches the rules ask around it.
    func checkBreaks(_ assignment: Roster.Assignment, where_: String) -> [Violation] {
        let length = assignment.end - assignment.start
        let rule = problem.breakRules.first { $0.minShiftMinutes <= length && length <= $0.maxShiftMinutes }
        let breaks = assignment.breaks
        guard let rule else {
            return breaks.isEmpty ? [] : [Violation(rule: "breaks", message: "\(where_): \(breaks.count) break(s) in a shift no break rule covers")]
        }
        guard breaks.count == rule.breaks.count else {
            return [Violation(rule: "breaks", message: "\(where_): \(breaks.count) break(s); the rule for this length asks \(rule.breaks.count)")]
        }
        var found: [Violation] = []
        let grid = problem.horizon.intervalMinutes
        var workingSince = assignment.start
        var neededAfterPrevious = 0
        for (taken, spec) in zip(breaks, rule.breaks) {
            let what = "\(where_): break '\(taken.name)' \(problem.horizon.timeZone.isoText(taken.start))"
            let anchor = spec.anchor == .start ? assignment.start : assignment.end
            let offset = taken.start - anchor
            if taken.name != spec.name || taken.paid != spec.paid || taken.end - taken.start != spec.minutes {
                found.append(Violation(rule: "breaks", message: "\(what): expected '\(spec.name)' of \(spec.minutes) min, \(spec.paid ? "paid" : "unpaid")"))
            }
            if offset < spec.earliestStartMinutes || offset > spec.latestStartMinutes || (offset - spec.earliestStartMinutes) % max(1, spec.stepMinutes) != 0 {
                found.append(Violation(rule: "breaks", message: "\(what): starts \(offset) min from the shift \(spec.anchor.rawValue), outside its window \(spec.earliestStartMinutes)…\(spec.latestStartMinutes) step \(spec.stepMinutes)"))
            }
            if (taken.start - problem.horizon.start) % grid != 0 || (taken.end - problem.horizon.start) % grid != 0 {
                found.append(Violation(rule: "breaks", message: "\(what): off the \(grid)-minute grid"))
            }
            if taken.start < assignment.start || taken.end > assignment.end {
                found.append(Violation(rule: "breaks", message: "\(what): outside the shift"))
            }
            if taken.start - workingSince < max(spec.minWorkBeforeMinutes, neededAfterPrevious) {
                found.append(Violation(rule: "breaks", message: "\(what): only \(taken.start - workingSince) min of work before it; needs \(max(spec.minWorkBeforeMinutes, neededAfterPrevious))"))
            }
            workingSince = taken.end
            neededAfterPrevious = spec.minWorkAfterMinutes
        }
        if assignment.end - workingSince < neededAfterPrevious {
            found.append(Violation(rule: "breaks", message: "\(where_): only \(assignment.end - workingSince) min of work after the last break; needs \(neededAfterPrevious)"))
        }
        return found
    }

    static func hours(_ minutes: Int) -> String {
        minutes % 60 == 0 ? "\(minutes / 60)" : String(format: "%.2f", Double(minutes) / 60)
    }
}
