/// One break that every shift of a ``BreakRule``'s lengths takes: its length, whether it is
/// paid, the window its start may fall in and the working stretches it needs around it.
public struct BreakSpec: Sendable, Hashable {
    /// What a window's offsets are measured from.
    public enum Anchor: String, Sendable, Hashable, CaseIterable {
        /// Minutes after the shift starts (offsets ≥ 0).
        case start
        /// Minutes before the shift ends, written as negative offsets (−90: 90 minutes before the end).
        case end
    }

    /// Shown in breaks.csv and calendars (`lunch`, `break`).
    public var name: String
    public var minutes: Int
    /// An unpaid break makes the shift's paid time shorter than its clock time.
    public var paid: Bool
    public var anchor: Anchor
    /// Earliest and latest start of the break, in minutes from the anchor.
    public var earliestStartMinutes: Int
    public var latestStartMinutes: Int
    /// Minutes between the start times the window allows (from the earliest).
    public var stepMinutes: Int
    /// Working minutes the break needs just before it (since the shift start or the previous
    /// break) and just after it (until the next break or the shift end).
    public var minWorkBeforeMinutes: Int
    public var minWorkAfterMinutes: Int

    public init(
        name: String, minutes: Int, paid: Bool, anchor: Anchor = .start, earliestStartMinutes: Int, latestStartMinutes: Int,
        stepMinutes: Int, minWorkBeforeMinutes: Int = 0, minWorkAfterMinutes: Int = 0
    ) {
        self.name = name
        self.minutes = minutes
        self.paid = paid
        self.anchor = anchor
        self.earliestStartMinutes = earliestStartMinutes
        self.latestStartMinutes = latestStartMinutes
        self.stepMinutes = stepMinutes
        self.minWorkBeforeMinutes = minWorkBeforeMinutes
        self.minWorkAfterMinutes = minWorkAfterMinutes
    }

    /// Start offsets (minutes after the shift start) this break may take in a shift of
    /// `length` minutes, ascending, ignoring the other breaks.
    func startOffsets(length: Int) -> [Int] {
        guard stepMinutes > 0, earliestStartMinutes <= latestStartMinutes else { return [] }
        let base = anchor == .start ? 0 : length
        return stride(from: earliestStartMinutes, through: latestStartMinutes, by: stepMinutes)
            .map { base + $0 }
            .filter { $0 >= 0 && $0 + minutes <= length }
    }
}

/// The breaks of every shift whose real length lies in `minShiftMinutes...maxShiftMinutes`,
/// taken in the order listed.
public struct BreakRule: Sendable, Hashable {
    public var minShiftMinutes: Int
    public var maxShiftMinutes: Int
    public var breaks: [BreakSpec]

    public init(minShiftMinutes: Int, maxShiftMinutes: Int, breaks: [BreakSpec]) {
        self.minShiftMinutes = minShiftMinutes
        self.maxShiftMinutes = maxShiftMinutes
        self.breaks = breaks
    }

    /// Whether the rule applies to a shift of `length` real minutes.
    public func applies(toLength length: Int) -> Bool { (minShiftMinutes...maxShiftMinutes).contains(length) }

    /// Unpaid minutes of a shift under this rule (every placement has the same).
    public var unpaidMinutes: Int { breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes } }

    /// Most placements a rule may give one shift length: the exact model has an integer per
    /// shift and placement, and the searches price every placement of every shift.
    public static let mostPlacements = 5_000

    /// Every placement of the rule's breaks in a shift of `length` minutes, in lexicographic order
    /// of the break starts: each break starts in its window on its step, the breaks follow one
    /// another in the order listed without overlapping, and every working stretch before and
    /// after a break is at least what the break asks. Stops after `limit` placements.
    /// Complexity: O(placements × breaks) with pruning of infeasible prefixes.
    public func placements(length: Int, limit: Int = BreakRule.mostPlacements + 1) -> [BreakPlan] {
        let offsets = breaks.map { $0.startOffsets(length: length) }
        var found: [BreakPlan] = []
        var chosen: [PlacedBreak] = []
        func place(_ index: Int, earliest: Int) {
            guard found.count < limit else { return }
            if index == breaks.count {
                let lastEnd = chosen.last.map { $0.offsetMinutes + $0.minutes } ?? 0
                let after = breaks.last?.minWorkAfterMinutes ?? 0
                if length - lastEnd >= after { found.append(BreakPlan(breaks: chosen)) }
                return
            }
            let spec = breaks[index]
            let previousEnd = chosen.last.map { $0.offsetMinutes + $0.minutes } ?? 0
            let previousAfter = index > 0 ? breaks[index - 1].minWorkAfterMinutes : 0
            let from = max(earliest, previousEnd + max(spec.minWorkBeforeMinutes, previousAfter))
            for offset in offsets[index] where offset >= from {
                chosen.append(PlacedBreak(name: spec.name, offsetMinutes: offset, minutes: spec.minutes, paid: spec.paid))
                place(index + 1, earliest: offset + spec.minutes)
                chosen.removeLast()
            }
        }
        place(0, earliest: 0)
        return found
    }
}

/// A break placed in a shift.
public struct PlacedBreak: Sendable, Hashable {
    public let name: String
    /// Minutes from the shift start to the break start.
    public let offsetMinutes: Int
    public let minutes: Int
    public let paid: Bool
}

/// Where a shift's breaks fall: one placement of its rule (empty for a shift without breaks).
public struct BreakPlan: Sendable, Hashable {
    /// In order of their start.
    public let breaks: [PlacedBreak]

    public static let none = BreakPlan(breaks: [])
}

extension RosterProblem {
    /// Why a break rule cannot be used with this horizon and these templates; nil when it can.
    /// Checks the interval grid (break length, window ends and step are whole intervals), the
    /// rule's ranges against the others', and that every generated shift length the rule covers
    /// has at least one placement and at most ``BreakRule/mostPlacements``.
    public func breakRuleProblem(_ rules: [BreakRule], index: Int) -> String? {
        Self.breakRuleProblem(rules, index: index, horizon: horizon, lengths: Set(shifts.map { $0.end - $0.start }))
    }

    static func breakRuleProblem(_ rules: [BreakRule], index: Int, horizon: PlanningHorizon, lengths: Set<Int>) -> String? {
        let rule = rules[index]
        let grid = horizon.intervalMinutes
        guard rule.minShiftMinutes > 0, rule.minShiftMinutes <= rule.maxShiftMinutes else {
            return "the shift lengths \(rule.minShiftMinutes)–\(rule.maxShiftMinutes) min are not a range of positive lengths"
        }
        for other in rules[..<index] where other.minShiftMinutes <= rule.maxShiftMinutes && rule.minShiftMinutes <= other.maxShiftMinutes {
            return "its shift lengths overlap those of an earlier rule (\(other.minShiftMinutes)–\(other.maxShiftMinutes) min); a shift takes the breaks of one rule"
        }
        guard !rule.breaks.isEmpty else { return "it lists no breaks" }
        for spec in rule.breaks {
            let what = "break '\(spec.name)'"
            guard spec.minutes > 0 else { return "\(what) lasts \(spec.minutes) min; it must last at least one interval" }
            for (key, value) in [("minutes", spec.minutes), ("earliest start", spec.earliestStartMinutes), ("latest start", spec.latestStartMinutes), ("step", spec.stepMinutes)]
            where value % grid != 0 {
                return "\(what): its \(key) (\(value) min) is off the \(grid)-minute interval grid: breaks must fill whole intervals, so it needs \(gcd(abs(value), grid))-minute intervals (interval_minutes)"
            }
            guard spec.stepMinutes > 0 else { return "\(what): its step must be positive" }
            guard spec.earliestStartMinutes <= spec.latestStartMinutes else { return "\(what): its earliest start comes after its latest" }
            if spec.anchor == .start, spec.earliestStartMinutes < 0 { return "\(what): offsets from the shift start must not be negative" }
            if spec.anchor == .end, spec.latestStartMinutes > 0 { return "\(what): offsets from the shift end must be negative (minutes before the end)" }
            guard spec.minWorkBeforeMinutes >= 0, spec.minWorkAfterMinutes >= 0 else { return "\(what): working stretches must not be negative" }
        }
        for length in lengths.sorted() where rule.applies(toLength: length) {
            let placements = rule.placements(length: length)
            let hours = length % 60 == 0 ? "\(length / 60) h" : "\(length) min"
            if placements.isEmpty {
                if let spec = rule.breaks.first(where: { $0.startOffsets(length: length).isEmpty }) {
                    return "a \(hours) shift cannot hold break '\(spec.name)': its window leaves no start inside the shift"
                }
                return "a \(hours) shift cannot hold its breaks: the windows force them to overlap or leave too short a working stretch between them"
            }
            if placements.count > BreakRule.mostPlacements {
                return "a \(hours) shift would have more than \(BreakRule.mostPlacements) placements of its breaks; narrow the windows or widen the steps"
            }
        }
        return nil
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The same problem with break rules: every shift whose real length a rule covers takes its
    /// breaks, placed by the optimizer; unpaid breaks shorten the shift's paid time. Throws when a
    /// rule is off the interval grid, overlaps another, or leaves some shift length no placement.
    public func with(breakRules rules: [BreakRule]) throws(Problem) -> RosterProblem {
        var copy = self
        copy.breakRules = rules
        let lengths = Set(shifts.map { $0.end - $0.start })
        for index in rules.indices {
            if let problem = Self.breakRuleProblem(rules, index: index, horizon: horizon, lengths: lengths) {
                throw Problem(description: "break rule \(index + 1): \(problem)")
            }
        }
        var plans: [Int: [BreakPlan]] = [:]
        for length in lengths {
            if let rule = copy.breakRule(forLength: length) { plans[length] = rule.placements(length: length) }
        }
        copy.breakPlansByLength = plans
        copy.shifts = shifts.map { shift in
            let unpaid = copy.breakRule(forLength: shift.end - shift.start)?.unpaidMinutes ?? 0
            return Shift(index: shift.index, day: shift.day, start: shift.start, end: shift.end, templateName: shift.templateName, unpaidMinutes: unpaid)
        }
        return copy
    }

    /// The break rule a shift of `length` real minutes takes, if any.
    public func breakRule(forLength length: Int) -> BreakRule? {
        breakRules.first { $0.applies(toLength: length) }
    }

    /// Whether some shift takes breaks.
    public var hasBreaks: Bool { !breakPlansByLength.isEmpty }

    /// The same shifts with their breaks not placed: unpaid breaks still shorten the paid time
    /// (so every contract counts as in `self`), but an agent counts on the phone for the whole
    /// shift. The first stage of ``RosterOptimizer/solveShiftsFirst(_:options:)``; its rosters
    /// carry no breaks, so they are not rosters of `self` and this stays internal.
    func withBreaksOnThePhone() -> RosterProblem {
        var copy = self
        copy.breakPlansByLength = [:]
        return copy
    }

    /// The placements of `shift`'s breaks (one empty placement for a shift without breaks).
    public func breakPlans(of shift: Shift) -> [BreakPlan] {
        breakPlansByLength[shift.end - shift.start] ?? [.none]
    }

    /// Intervals (inside the horizon) that `shift`'s agent spends on a break under placement
    /// `plan` (an index into ``breakPlans(of:)``): they do not count towards coverage.
    public func breakIntervals(_ shift: Shift, plan: Int) -> [Int] {
        guard let plans = breakPlansByLength[shift.end - shift.start] else { return [] }
        let grid = horizon.intervalMinutes
        let first = (shift.start - horizon.start) / grid
        var intervals: [Int] = []
        for placed in plans[plan].breaks {
            let from = first + placed.offsetMinutes / grid
            for interval in from..<(from + placed.minutes / grid) where interval >= 0 && interval < horizon.intervalCount {
                intervals.append(interval)
            }
        }
        return intervals
    }

    /// The placement index of breaks given as instants in `shift` (nil when none matches).
    public func breakPlanIndex(of shift: Shift, breaks: [Roster.Break]) -> Int? {
        let offsets = breaks.map { $0.start - shift.start }.sorted()
        return breakPlans(of: shift).firstIndex { $0.breaks.map(\.offsetMinutes) == offsets }
    }

    /// `shift`'s breaks under placement `plan`, as instants.
    public func breaks(of shift: Shift, plan: Int) -> [Roster.Break] {
        breakPlans(of: shift)[plan].breaks.map { placed in
            Roster.Break(name: placed.name, start: shift.start + placed.offsetMinutes, end: shift.start + placed.offsetMinutes + placed.minutes, paid: placed.paid)
        }
    }
}
