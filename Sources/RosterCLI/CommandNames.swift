import ArgumentParser

/// Catches a mistyped subcommand before the argument parser does, which would otherwise report
/// the next option as unknown (`roster solv x --out y` → "Unknown option '--out'") or, after
/// `help`, print the top-level help with exit 0.
enum CommandNames {
    /// An error message for the first word that is not a subcommand where one is expected, with
    /// a suggestion when a subcommand is close; nil when the words name commands correctly.
    ///
    /// Only commands with subcommands and no positional arguments expect a subcommand (the root,
    /// `export`, `preferences`); `help` takes the command path to describe.
    /// Complexity: O(k · n · m²) for k words and n subcommands of at most m letters.
    static func problem(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var words = arguments
        if words.first == "help" { words.removeFirst() }
        var command = root
        var path = [root._commandName]
        for word in words {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                let names = subcommands.map { $0._commandName }
                var message = "unknown command '\(word)' for '\(path.joined(separator: " "))'"
                if let suggestion = closest(to: word, among: names) { message += ". Did you mean '\(suggestion)'?" }
                return message + "\nCommands: \(names.joined(separator: ", ")). See '\(path.joined(separator: " ")) --help'."
            }
            command = next
            path.append(word)
        }
        return nil
    }

    /// The name nearest to `word` by edit distance, if it is near enough to be a typo: at most a
    /// third of the longer word's letters differ, or `word` is a prefix of exactly one name.
    static func closest(to word: String, among names: [String]) -> String? {
        let prefixed = names.filter { $0.hasPrefix(word.lowercased()) }
        if !word.isEmpty, prefixed.count == 1 { return prefixed[0] }
        let scored = names.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { ($0.distance, $0.name) < ($1.distance, $1.name) }) else { return nil }
        return best.distance <= max(1, max(word.count, best.name.count) / 3) ? best.name : nil
    }

    /// Edit distance between two words counting a letter inserted, deleted, replaced, or two
    /// neighbours swapped as one edit each (optimal string alignment). O(|a| · |b|).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
