import Foundation
import Rostering
import Yams

/// Reads agents' preference files (`preferences/<agent>.yaml`, JSON accepted), collecting every
/// problem with its file, line and key. docs/preferences.md documents the format.
public enum PreferencesFile {
    /// What a folder (or one file) of preference files holds.
    public struct Result: Sendable {
        /// Valid files, by agent id.
        public var preferences: [String: AgentPreferences] = [:]
        /// Files with errors, and their errors.
        public var errors: [InputError] = []
        public var warnings: [InputError] = []
        /// Files that had at least one error.
        public var invalidFiles: [String] = []
        /// The folder itself could not be listed: nobody's hard unavailability is known, so no
        /// roster may be made without it.
        public var folderUnreadable = false
    }

    /// What the files are checked against; without a scenario only their own consistency is checked.
    public struct Context: Sendable {
        public var problem: RosterProblem?
        public var policy: PreferencePolicy

        public init(problem: RosterProblem?, policy: PreferencePolicy) {
            self.problem = problem
            self.policy = policy
        }
    }

    static let topKeys: Set<String> = ["agent", "days_off", "days_on", "start_times", "break_times", "shift_lengths", "weekly_hours", "unavailable"]
    static let dayKeys: Set<String> = ["date", "priority", "note"]
    static let startKeys: Set<String> = ["earliest", "latest", "days", "priority", "note"]
    static let breakKeys: Set<String> = ["break", "earliest", "latest", "days", "priority", "note"]
    static let lengthKeys: Set<String> = ["hours", "priority", "note"]
    static let weeklyKeys: Set<String> = ["maximum", "priority", "note"]
    static let unavailableKeys: Set<String> = ["date", "from", "to", "reason"]

    /// Reads every `.yaml`, `.yml` and `.json` file in a folder, or one file.
    public static func read(path: String, context: Context) -> Result {
        var result = Result()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            result.errors.append(InputError(file: path, message: "not found"))
            result.invalidFiles.append(path)
            return result
        }
        var files: [String] = [path]
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                // An unreadable folder would otherwise mean no wishes and no hard unavailability.
                result.errors.append(InputError(file: path, message: "cannot list the folder's files: \(error.localizedDescription)"))
                result.invalidFiles.append(path)
                result.folderUnreadable = true
                return result
            }
            files = names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        for file in files {
            let before = result.errors.count
            do {
                let text = try ScenarioLoader.readText(URL(fileURLWithPath: file), display: file)
                if let preferences = readFile(text: text, file: file, context: context, result: &result),
                    result.errors.count == before
                {
                    if let other = result.preferences[preferences.agentID] {
                        result.errors.append(InputError(file: file, field: "agent", message: "a second file for agent '\(other.agentID)'"))
                    } else {
                        result.preferences[preferences.agentID] = preferences
                    }
                }
            } catch {
                result.errors += error.errors
            }
            if result.errors.count > before { result.invalidFiles.append(file) }
        }
        return result
    }

    /// Parses one file's text; problems go to `result`.
    static func readFile(text: String, file: String, context: Context, result: inout Result) -> AgentPreferences? {
        let document: YAMLDocument
        do { document = try YAMLDocument(text: text, file: file) } catch {
            result.errors.append(error)
            return nil
        }
        var errors = document.duplicateKeys()
        func fail(_ node: Node?, _ field: String, _ message: String) {
            errors.append(InputError(file: file, line: node?.mark?.line, field: field, message: message))
        }
        guard let root = document.root.mapping else {
            fail(document.root, "", "a preference file is a mapping of keys (agent, days_off, …)")
            result.errors += errors
            return nil
        }
        func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>, field: String) {
            for (key, _) in mapping where !allowed.contains(key.string ?? "") {
                fail(key, field.isEmpty ? (key.string ?? "?") : "\(field).\(key.string ?? "?")",
                     "unknown key; expected one of: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        checkKeys(root, allowed: topKeys, field: "")

        // The agent.
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let agentNode = root["agent"]
        guard let agentID = agentNode?.string, !agentID.isEmpty else {
            fail(agentNode ?? document.root, "agent", "the agent's id is required")
            result.errors += errors
            return nil
        }
        if CalendarPublisher.fileStem(forAgent: agentID) != stem {
            fail(agentNode, "agent", "'\(agentID)' does not match the file name (expected \(CalendarPublisher.fileStem(forAgent: agentID)).yaml)")
        }
        let problem = context.problem
        let agent = problem?.agents.first { $0.id == agentID }
        if problem != nil, agent == nil { fail(agentNode, "agent", "'\(agentID)' is not in agents.csv") }

        let interval = problem?.horizon.intervalMinutes ?? 15
        func priority(_ mapping: Node.Mapping, _ field: String) -> Int? {
            guard let node = mapping["priority"] else {
                fail(mapping["priority"] ?? root["agent"], "\(field).priority", "a priority from 1 to 5 is required")
                return nil
            }
            guard let value = node.int, (1...5).contains(value) else {
                fail(node, "\(field).priority", "'\(node.string ?? "?")' is not a priority from 1 to 5")
                return nil
            }
            return value
        }
        func date(_ node: Node?, _ field: String, warnOutside: Bool = true) -> LocalDate? {
            guard let node else {
                fail(nil, field, "a date is required")
                return nil
            }
            guard let text = node.string, let value = LocalDate(iso: text) else {
                fail(node, field, "'\(node.string ?? "?")' is not a date (YYYY-MM-DD)")
                return nil
            }
            if let horizon = problem?.horizon, horizon.dayIndex(of: value) == nil {
                result.warnings.append(InputError(file: file, line: node.mark?.line, field: field, message: "\(value) is outside the planning horizon; the entry is ignored"))
                return nil
            }
            return value
        }
        func time(_ node: Node?, _ field: String) -> TimeOfDay? {
            guard let node else { return nil }
            guard let text = node.string, let value = TimeOfDay(text: text) else {
                fail(node, field, "'\(node.string ?? "?")' is not a time (HH:MM)")
                return nil
            }
            if value.minutes % interval != 0 {
                fail(node, field, "\(value) is off the \(interval)-minute interval grid")
                return nil
            }
            return value
        }
        func note(_ mapping: Node.Mapping) -> String { mapping["note"]?.string ?? "" }
        func entries(_ key: String) -> [(Node.Mapping, Node)] {
            guard let node = root[key] else { return [] }
            guard let sequence = node.sequence else {
                fail(node, key, "expected a list of entries")
                return []
            }
            return sequence.enumerated().compactMap { index, element in
                guard let mapping = element.mapping else {
                    fail(element, "\(key)[\(index)]", "expected an entry with keys")
                    return nil
                }
                return (mapping, element)
            }
        }
        func single(_ key: String) -> Node.Mapping? {
            guard let node = root[key] else { return nil }
            guard let mapping = node.mapping else {
                fail(node, key, "expected an entry with keys")
                return nil
            }
            return mapping
        }

        var wishes: [Wish] = []
        var offDates: [LocalDate: Int] = [:]
        var onDates: [LocalDate: Int] = [:]
        for (index, (entry, node)) in entries("days_off").enumerated() {
            let field = "days_off[\(index)]"
            checkKeys(entry, allowed: dayKeys, field: field)
            let points = priority(entry, field)
            if let day = date(entry["date"] ?? node, "\(field).date"), let points {
                offDates[day] = node.mark?.line ?? 0
                wishes.append(Wish(kind: .dayOff(day), priority: points, source: "\(file):\(node.mark?.line ?? 0)", note: note(entry)))
            }
        }
        for (index, (entry, node)) in entries("days_on").enumerated() {
            let field = "days_on[\(index)]"
            checkKeys(entry, allowed: dayKeys, field: field)
            let points = priority(entry, field)
            if let day = date(entry["date"] ?? node, "\(field).date"), let points {
                if let line = offDates[day] {
                    fail(entry["date"], "\(field).date", "\(day) is also wanted off (line \(line))")
                }
                onDates[day] = node.mark?.line ?? 0
                wishes.append(Wish(kind: .dayOn(day), priority: points, source: "\(file):\(node.mark?.line ?? 0)", note: note(entry)))
            }
        }
        /// An entry's earliest and latest times and weekdays; nil when neither time is given.
        func window(_ entry: Node.Mapping, _ node: Node, _ field: String, what: String) -> (earliest: TimeOfDay?, latest: TimeOfDay?, weekdays: Set<Weekday>)? {
            let earliest = time(entry["earliest"], "\(field).earliest")
            let latest = time(entry["latest"], "\(field).latest")
            if entry["earliest"] == nil && entry["latest"] == nil {
                fail(node, field, "give earliest, latest or both")
            }
            if let earliest, let latest, latest < earliest {
                fail(entry["latest"], "\(field).latest", "latest \(what) \(latest) is before earliest \(what) \(earliest)")
            }
            var weekdays = Set(Weekday.allCases)
            if let days = entry["days"] {
                weekdays = []
                for day in days.sequence ?? [days] {
                    if let text = day.string, let weekday = Weekday(name: text) { weekdays.insert(weekday) } else {
                        fail(day, "\(field).days", "'\(day.string ?? "?")' is not a weekday (mon … sun)")
                    }
                }
            }
            return earliest != nil || latest != nil ? (earliest, latest, weekdays) : nil
        }
        for (index, (entry, node)) in entries("start_times").enumerated() {
            let field = "start_times[\(index)]"
            checkKeys(entry, allowed: startKeys, field: field)
            let points = priority(entry, field)
            if let found = window(entry, node, field, what: "start"), let points {
                wishes.append(Wish(kind: .startWindow(earliest: found.earliest, latest: found.latest, weekdays: found.weekdays), priority: points, source: "\(file):\(node.mark?.line ?? 0)", note: note(entry)))
            }
        }
        let breakTimes = entries("break_times")
        if breakTimes.count > Wish.mostBreakWindows, let node = root["break_times"] {
            fail(node, "break_times", "\(breakTimes.count) entries; at most \(Wish.mostBreakWindows)")
        }
        for (index, (entry, node)) in breakTimes.prefix(Wish.mostBreakWindows).enumerated() {
            let field = "break_times[\(index)]"
            checkKeys(entry, allowed: breakKeys, field: field)
            let points = priority(entry, field)
            let name = entry["break"].map { $0.string ?? "" } ?? "lunch"
            if let problem, !problem.breakRules.contains(where: { $0.breaks.contains { $0.name == name } }) {
                let known = Set(problem.breakRules.flatMap { $0.breaks.map(\.name) }).sorted()
                fail(entry["break"] ?? node, "\(field).break", known.isEmpty
                    ? "the scenario has no breaks (its breaks: section), so no break can be wished for"
                    : "no break rule has a break named '\(name)'; the scenario's breaks are: \(known.joined(separator: ", "))")
            }
            if let found = window(entry, node, field, what: "break start"), let points {
                wishes.append(Wish(kind: .breakWindow(breakName: name, earliest: found.earliest, latest: found.latest, weekdays: found.weekdays), priority: points, source: "\(file):\(node.mark?.line ?? 0)", note: note(entry)))
            }
        }
        if let entry = single("shift_lengths") {
            checkKeys(entry, allowed: lengthKeys, field: "shift_lengths")
            let points = priority(entry, "shift_lengths")
            var lengths = Set<Int>()
            let given = entry["hours"]?.sequence ?? entry["hours"].map({ [$0] }) ?? []
            for hours in given {
                if let value = hours.float, value > 0, value <= 24, Int((value * 60).rounded()) % interval == 0 {
                    lengths.insert(Int((value * 60).rounded()))
                } else {
                    fail(hours, "shift_lengths.hours", "'\(hours.string ?? "?")' is not a shift length in hours on the \(interval)-minute grid")
                }
            }
            if entry["hours"] == nil { fail(root["shift_lengths"], "shift_lengths.hours", "list the preferred lengths in hours") }
            if let points, !lengths.isEmpty {
                wishes.append(Wish(kind: .shiftLengths(lengths), priority: points, source: "\(file):\(root["shift_lengths"]?.mark?.line ?? 0)", note: note(entry)))
            }
        }
        if let entry = single("weekly_hours") {
            checkKeys(entry, allowed: weeklyKeys, field: "weekly_hours")
            let points = priority(entry, "weekly_hours")
            if let node = entry["maximum"] {
                if let value = node.float, value >= 0, value <= 168 {
                    let minutes = Int((value * 60).rounded())
                    if let agent, minutes >= agent.maxWeeklyMinutes {
                        fail(node, "weekly_hours.maximum", "\(value) h is not below the contract's cap of \(Double(agent.maxWeeklyMinutes) / 60) h (the cap is already a hard rule)")
                    } else if let points {
                        wishes.append(Wish(kind: .weeklyMaximum(minutes), priority: points, source: "\(file):\(node.mark?.line ?? 0)", note: note(entry)))
                    }
                } else {
                    fail(node, "weekly_hours.maximum", "'\(node.string ?? "?")' is not a number of hours from 0 to 168")
                }
            } else {
                fail(root["weekly_hours"], "weekly_hours.maximum", "give the weekly maximum in hours")
            }
        }
        var unavailable: [UnavailableWindow] = []
        for (index, (entry, node)) in entries("unavailable").enumerated() {
            let field = "unavailable[\(index)]"
            checkKeys(entry, allowed: unavailableKeys, field: field)
            let from = time(entry["from"], "\(field).from")
            // "24:00" ends the window at midnight.
            let to = entry["to"]?.string == "24:00" ? nil : time(entry["to"], "\(field).to")
            if (entry["from"] == nil) != (entry["to"] == nil) {
                fail(node, field, "give both from and to, or neither for the whole day")
            }
            if let from, let to, to <= from { fail(entry["to"], "\(field).to", "ends at \(to), before it starts at \(from)") }
            if let day = date(entry["date"] ?? node, "\(field).date") {
                if let line = onDates[day], from == nil {
                    fail(entry["date"], "\(field).date", "\(day) is also wanted as a working day (line \(line))")
                }
                unavailable.append(UnavailableWindow(date: day, from: from, to: to))
            }
        }

        let preferences = AgentPreferences(agentID: agentID, wishes: wishes, unavailable: unavailable)
        if preferences.points > context.policy.pointsBudget {
            fail(agentNode, "priority", "the wishes claim \(preferences.points) points; the budget is \(context.policy.pointsBudget)")
        }
        result.errors += errors
        return errors.isEmpty ? preferences : nil
    }
}
