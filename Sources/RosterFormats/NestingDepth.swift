/// How deeply a YAML or JSON text nests, measured before a parser sees it: the parsers recurse
/// once per level, and a few thousand levels overflow the stack (a crash, not an error).
///
/// The measure is conservative and cheap: flow brackets (`[`, `{`) open outside quotes and
/// comments, plus the block levels of a line (its place on the stack of indentations seen so far,
/// and the compact `- ` entries it starts with). Real scenarios and preference files nest fewer
/// than ten levels. O(n) in the text's length.
enum NestingDepth {
    /// The limit every YAML and JSON input is held to (documented in docs/file-formats.md).
    static let limit = 64

    /// The first line whose nesting passes `limit`, with the depth reached there; nil when the
    /// whole text stays within it.
    static func firstTooDeep(_ text: String, limit: Int = Self.limit) -> (line: Int, depth: Int)? {
        var flow = 0
        var indentations: [Int] = []
        var quote: Unicode.Scalar?
        var lineNumber = 0
        // Every YAML line break ends a line (and a comment): a lone carriage return too, and NEL,
        // LS and PS. A comment that ran past a lone \r hid 8,700 brackets from the measure that
        // libyaml then nested (a crash, found by the fuzzer).
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let scalars = Array(line.unicodeScalars)
            var index = 0
            var block = 0
            if quote == nil && flow == 0 {
                var indent = 0
                while indent < scalars.count, scalars[indent] == " " { indent += 1 }
                let blank = indent == scalars.count || scalars[indent] == "#" || scalars[indent] == "\r"
                if !blank {
                    while let last = indentations.last, last > indent { indentations.removeLast() }
                    if indentations.last != indent { indentations.append(indent) }
                    block = indentations.count
                    index = indent
                    // Compact sequences: "- - - x" opens a level per dash.
                    while index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == " " {
                        block += 1
                        index += 2
                        while index < scalars.count, scalars[index] == " " { index += 1 }
                    }
                }
            }
            var previous: Unicode.Scalar = " "
            while index < scalars.count {
                let scalar = scalars[index]
                if let open = quote {
                    if scalar == open {
                        // '' inside a single-quoted scalar is an escaped quote.
                        if open == "'", index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2; continue }
                        quote = nil
                    } else if scalar == "\\", open == "\"" {
                        index += 1
                    }
                } else if scalar == "#" && (previous == " " || previous == "\t") {
                    break
                } else if (scalar == "\"" || scalar == "'") && " \t[{,:-".unicodeScalars.contains(previous) {
                    quote = scalar
                } else if scalar == "[" || scalar == "{" {
                    flow += 1
                    if flow + block > limit { return (lineNumber, flow + block) }
                } else if scalar == "]" || scalar == "}" {
                    flow = max(0, flow - 1)
                }
                previous = scalar
                index += 1
            }
            if flow + block > limit { return (lineNumber, flow + block) }
        }
        return nil
    }
}
