import Foundation

/// The validator's reading of the horizon and day-level rules, from the assignments alone: each
/// assignment's day is the local date it starts on and its template the first template (in the
/// problem's order) that allows its start and length.
extension RosterValidator {
    /// Day index and template name of every assignment of one agent, in day order.
    func dayTemplates(_ shifts: [Roster.Assignment]) -> [(day: Int, template: String?, minutes: Int)] {
        let zone = problem.horizon.timeZone
        return shifts.map { assignment in
            let day = zone.local(assignment.start).date.daysSinceEpoch - problem.horizon.startDate.daysSinceEpoch
            return (day, templateName(of: assignment), assignment.paidMinutes)
        }.sorted { $0.day < $1.day }
    }

    /// Breaches of one agent's horizon rules and of the forbidden successions.
    func checkHorizonRules(_ agent: Agent, _ shifts: [Roster.Assignment]) -> [Violation] {
        var found: [Violation] = []
        let worked = dayTemplates(shifts)
        let rules = agent.rules
        let days = problem.horizon.days
        for (template, most) in rules.maxShiftsPerTemplate.sorted(by: { $0.key < $1.key }) {
            let count = worked.filter { $0.template == template }.count
            if count > most {
                found.append(Violation(rule: "shifts per template", message: "\(agent.id) works \(count) '\(template)' shifts; at most \(most)"))
            }
        }
        let minutes = worked.reduce(0) { $0 + $1.minutes }
        if let most = rules.maxTotalMinutes, minutes > most {
            found.append(Violation(rule: "total hours", message: "\(agent.id) is paid \(Self.hours(minutes)) h over the horizon; at most \(Self.hours(most)) h"))
        }
        if let least = rules.minTotalMinutes, minutes < least {
            found.append(Violation(rule: "total hours", message: "\(agent.id) is paid \(Self.hours(minutes)) h over the horizon; at least \(Self.hours(least)) h"))
        }
        // Streaks: maximal runs of working days and of days off.
        let working = Set(worked.map(\.day))
        var start = 0
        while start < days {
            let isWork = working.contains(start)
            var end = start
            while end + 1 < days, working.contains(end + 1) == isWork { end += 1 }
            let length = end - start + 1
            let inside = start > 0 && end < days - 1
            let dates = "\(problem.horizon.startDate.adding(days: start))–\(problem.horizon.startDate.adding(days: end))"
            if isWork, let most = rules.maxConsecutiveWorkingDays, length > most {
                found.append(Violation(rule: "working streak", message: "\(agent.id) works \(length) days in a row (\(dates)); at most \(most)"))
            }
            if isWork, inside, let least = rules.minConsecutiveWorkingDays, length < least {
                found.append(Violation(rule: "working streak", message: "\(agent.id) works only \(length) day(s) in a row (\(dates)); at least \(least)"))
            }
            if !isWork, inside, let least = rules.minConsecutiveDaysOff, length < least {
                found.append(Violation(rule: "days off", message: "\(agent.id) has only \(length) day(s) off in a row (\(dates)); at least \(least)"))
            }
            start = end + 1
        }
        if let most = rules.maxWorkingWeekends {
            let dates = problem.horizon.dates
            var weekends = Set<Int>()
            for day in working where dates[day].weekday == .saturday || dates[day].weekday == .sunday {
                // A weekend is named by its Saturday (a Sunday's weekend began the day before).
                weekends.insert(dates[day].weekday == .saturday ? day : day - 1)
            }
            if weekends.count > most {
                found.append(Violation(rule: "weekends", message: "\(agent.id) works \(weekends.count) weekends; at most \(most)"))
            }
        }
        let byDay = Dictionary(worked.map { ($0.day, $0.template) }, uniquingKeysWith: { first, _ in first })
        for succession in problem.dayLevel.successions {
            for (day, template) in byDay where template == succession.first && byDay[day + 1] == succession.next {
                found.append(Violation(
                    rule: "succession",
                    message: "\(agent.id) works '\(succession.next)' on \(problem.horizon.startDate.adding(days: day + 1)) right after '\(succession.first)'"))
            }
        }
        return found
    }

    /// Penalties of the day-level requirements and of the weighted shift requests.
    func dayLevelPenalty(of roster: Roster) -> Double {
        let zone = problem.horizon.timeZone
        var worked: [String: String] = [:]
        for assignment in roster.assignments {
            let day = zone.local(assignment.start).date.daysSinceEpoch - problem.horizon.startDate.daysSinceEpoch
            guard let template = templateName(of: assignment) else { continue }
            worked["\(assignment.agentID)|\(day)"] = template
        }
        var penalty = 0.0
        for staffing in shiftDemandStaffing(of: roster) {
            penalty += staffing.demand.underWeight * Double(staffing.under) + staffing.demand.overWeight * Double(staffing.over)
        }
        for request in problem.dayLevel.requests {
            let matches = worked["\(request.agentID)|\(request.day)"] == request.template
            if (request.kind == .on) != matches { penalty += request.weight }
        }
        return penalty
    }

    /// How many agents a roster puts on each day-level requirement (shifts of its template
    /// starting on its day), in the problem's order of requirements. O(assignments · templates
    /// + requirements).
    public func shiftDemandStaffing(of roster: Roster) -> [ShiftDemandStaffing] {
        let zone = problem.horizon.timeZone
        var count: [String: Int] = [:]
        for assignment in roster.assignments {
            let day = zone.local(assignment.start).date.daysSinceEpoch - problem.horizon.startDate.daysSinceEpoch
            guard let template = templateName(of: assignment) else { continue }
            count["\(day)|\(template)", default: 0] += 1
        }
        return problem.dayLevel.demands.map { ShiftDemandStaffing(demand: $0, scheduled: count["\($0.day)|\($0.template)"] ?? 0) }
    }

    /// The first template, in the problem's order, that allows this start and length.
    func templateName(of assignment: Roster.Assignment) -> String? {
        let zone = problem.horizon.timeZone
        let start = zone.local(assignment.start)
        let wallLength = zone.local(assignment.end).wallMinutes - start.wallMinutes
        return problem.templates.first { template in
            template.weekdays.contains(start.date.weekday)
                && start.minuteOfDay >= template.earliestStart.minutes
                && start.minuteOfDay <= template.latestStart.minutes
                && template.startStepMinutes > 0
                && (start.minuteOfDay - template.earliestStart.minutes) % template.startStepMinutes == 0
                && template.lengthsMinutes.contains(wallLength)
        }?.name
    }
}

/// A day-level requirement and the agents a roster puts on it.
public struct ShiftDemandStaffing: Sendable, Equatable {
    public let demand: ShiftDemand
    public let scheduled: Int

    public init(demand: ShiftDemand, scheduled: Int) {
        self.demand = demand
        self.scheduled = scheduled
    }

    public var under: Int { max(0, demand.required - scheduled) }
    public var over: Int { max(0, scheduled - demand.required) }
}
