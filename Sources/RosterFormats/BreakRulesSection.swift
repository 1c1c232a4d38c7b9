import Foundation
import Rostering

/// The scenario's `breaks:` section: rules by range of shift lengths, each a list of breaks.
enum BreakRulesSection {
    /// Most rules, and most breaks in one rule (WFM suites allow up to eight per shift).
    static let mostRules = 20
    static let mostBreaks = 8
    /// Every minute figure of a break lies within a day either way.
    static let minutes = -1440...1440

    /// The rules the section gives, or nil after recording every problem with its key and line.
    /// Checks the numbers here; the grid, the ranges and whether each shift length can hold its
    /// breaks are checked against the problem (``check(_:problem:document:)``).
    static func read(_ entries: [ScenarioFile.BreakRuleEntry]?, document: YAMLDocument, errors: inout [InputError]) -> [BreakRule] {
        guard let entries else { return [] }
        func fail(_ path: [YAMLDocument.PathComponent], _ field: String, _ message: String) {
            errors.append(InputError(file: document.file, line: document.line(of: [.key("breaks")] + path), field: "breaks\(field)", message: message))
        }
        if entries.count > mostRules { fail([], "", "\(entries.count) rules; at most \(mostRules) are allowed") }
        var rules: [BreakRule] = []
        for (index, entry) in entries.prefix(mostRules).enumerated() {
            let base: [YAMLDocument.PathComponent] = [.index(index)]
            let field = "[\(index)]"
            let hours = entry.shiftHours
            let lengths = hours.map { ($0 * 60).rounded() }
            guard hours.count == 2, zip(hours, lengths).allSatisfy({ $0.0 > 0 && $0.0 <= 24 && abs($0.1 - $0.0 * 60) < 1e-9 }), hours[0] <= hours[1] else {
                fail(base + [.key("shift_hours")], "\(field).shift_hours", "must be [shortest, longest]: two lengths in hours above 0 and at most 24, in whole minutes, shortest first")
                continue
            }
            if entry.breaks.isEmpty || entry.breaks.count > mostBreaks {
                fail(base + [.key("breaks")], "\(field).breaks", "must list from 1 to \(mostBreaks) breaks, not \(entry.breaks.count)")
                continue
            }
            var specs: [BreakSpec] = []
            for (position, given) in entry.breaks.enumerated() {
                let path = base + [.key("breaks"), .index(position)]
                let name = "\(field).breaks[\(position)]"
                if let spec = spec(given, fail: { key, message in fail(path + [.key(key)], "\(name).\(key)", message) }) { specs.append(spec) }
            }
            guard specs.count == entry.breaks.count else { continue }
            rules.append(BreakRule(minShiftMinutes: Int(lengths[0]), maxShiftMinutes: Int(lengths[1]), breaks: specs))
        }
        return rules
    }

    /// One break's figures, or nil after `fail(key, message)` for each bad one.
    static func spec(_ given: ScenarioFile.BreakEntry, fail: (String, String) -> Void) -> BreakSpec? {
        var valid = true
        let name = given.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 40 || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail("name", "must be 1 to 40 characters without control characters")
            valid = false
        }
        var anchor = BreakSpec.Anchor.start
        if let from = given.from {
            if let parsed = BreakSpec.Anchor(rawValue: from) { anchor = parsed } else {
                fail("from", "'\(from)' is neither start nor end")
                valid = false
            }
        }
        let figures: [(String, Int?, ClosedRange<Int>)] = [
            ("minutes", given.minutes, 1...720), ("earliest_start_minutes", given.earliestStartMinutes, minutes),
            ("latest_start_minutes", given.latestStartMinutes, minutes), ("step_minutes", given.stepMinutes, 1...1440),
            ("min_work_before_minutes", given.minWorkBeforeMinutes, 0...1440), ("min_work_after_minutes", given.minWorkAfterMinutes, 0...1440),
        ]
        for (key, value, range) in figures {
            if let value, !range.contains(value) {
                fail(key, "must be a whole number of minutes from \(range.lowerBound) to \(range.upperBound), not \(value)")
                valid = false
            }
        }
        guard valid else { return nil }
        return BreakSpec(
            name: name, minutes: given.minutes, paid: given.paid, anchor: anchor, earliestStartMinutes: given.earliestStartMinutes,
            latestStartMinutes: given.latestStartMinutes, stepMinutes: given.stepMinutes ?? 0, minWorkBeforeMinutes: given.minWorkBeforeMinutes ?? 0,
            minWorkAfterMinutes: given.minWorkAfterMinutes ?? 0)
    }

    /// The problem with the rules, or every rule's problem with the interval grid, the other
    /// rules or the shift lengths, each naming the rule's key and line.
    static func apply(_ rules: [BreakRule], to problem: RosterProblem, document: YAMLDocument) throws(InputErrors) -> RosterProblem {
        guard !rules.isEmpty else { return problem }
        // A step left out is the interval length.
        let rules = rules.map { rule in
            var rule = rule
            rule.breaks = rule.breaks.map { spec in
                var spec = spec
                if spec.stepMinutes == 0 { spec.stepMinutes = problem.horizon.intervalMinutes }
                return spec
            }
            return rule
        }
        var errors: [InputError] = []
        for index in rules.indices {
            if let message = problem.breakRuleProblem(rules, index: index) {
                errors.append(InputError(file: document.file, line: document.line(of: [.key("breaks"), .index(index)]), field: "breaks[\(index)]", message: message))
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        do { return try problem.with(breakRules: rules) } catch {
            throw InputErrors([InputError(file: document.file, line: document.line(of: [.key("breaks")]), field: "breaks", message: error.description)])
        }
    }
}
