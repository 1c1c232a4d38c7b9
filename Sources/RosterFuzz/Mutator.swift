import Rostering

/// The deterministic generator the benchmarks use: a seed names a whole run.
typealias SplitMix64 = WeekGenerator.Random

/// Mutates a seed file the way an adversary edits one: flipped and inserted bytes, cut and
/// repeated pieces, swapped lines, and tokens that have broken parsers before (huge and odd
/// numbers, deep nesting, line breaks inside cells, control characters, formula prefixes).
struct Mutator {
    static let tokens: [String] = [
        "1e308", "-1e308", "1e19", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "0", "-0", "-1",
        "NaN", "nan", "inf", "-inf", "0.9999999999999999", "1e-300", "4.9e-324", "2147483647", "2147483648", "00:00", "24:00", "23:59:60",
        "2026-02-30", "0000-01-01", "9999-12-31T23:59", "2026-10-25T02:30", "2026-03-29T02:30", "UTC+3", "Etc/GMT+3", "../../etc/passwd",
        "\"", "\"\"", ",", ";", "|", "=", "'", "\\", "\r\n", "\r", "\n", "\t", "\u{0}", "\u{1B}", "\u{FEFF}", "\u{2028}", "é", "日本語", "👩‍💻",
        "=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-2+3", "&anchor", "*anchor", "!!binary", "? ", "- ", ": ", "{", "}", "[", "]", "#",
        String(repeating: "[", count: 200), String(repeating: "{a: ", count: 100), String(repeating: "  ", count: 150) + "- x",
        String(repeating: "9", count: 400), String(repeating: "a", count: 5_000),
        "BEGIN:VEVENT", "END:VCALENDAR", "SEQUENCE:", "SECTION_HORIZON", "SECTION_COVER",
    ]

    /// The largest mutated input: enough to reach every limit that matters, small enough that a
    /// few thousand cases run in seconds.
    static let largestBytes = 256 * 1024

    var random: SplitMix64

    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...random.below(4) { step(&bytes) }
        if bytes.count > Self.largestBytes { bytes.removeLast(bytes.count - Self.largestBytes) }
        return bytes
    }

    private mutating func step(_ bytes: inout [UInt8]) {
        let at = bytes.isEmpty ? 0 : random.below(bytes.count + 1)
        switch random.below(10) {
        case 8:  // a short token many times over: deep nesting, long runs
            let token = Array(["[", "{", "- ", "  ", "\"", ",", "9", "[[", "a: {"][random.below(9)].utf8)
            for _ in 0..<(1_000 + random.below(9_000)) { bytes.insert(contentsOf: token, at: at) }
        case 0 where !bytes.isEmpty:  // flip a bit
            let index = random.below(bytes.count)
            bytes[index] ^= UInt8(1 << random.below(8))
        case 1:  // insert a token
            bytes.insert(contentsOf: Array(Self.tokens[random.below(Self.tokens.count)].utf8), at: at)
        case 2 where !bytes.isEmpty:  // replace a field-sized piece by a token
            let end = min(bytes.count, at + 1 + random.below(12))
            bytes.replaceSubrange(min(at, end)..<end, with: Array(Self.tokens[random.below(Self.tokens.count)].utf8))
        case 3 where !bytes.isEmpty:  // cut a piece
            let end = min(bytes.count, at + 1 + random.below(64))
            bytes.removeSubrange(min(at, end)..<end)
        case 4 where !bytes.isEmpty:  // repeat a piece many times
            let end = min(bytes.count, at + 1 + random.below(32))
            let piece = Array(bytes[min(at, end)..<end])
            for _ in 0..<(1 + random.below(50)) { bytes.insert(contentsOf: piece, at: at) }
        case 5:  // truncate
            bytes.removeLast(bytes.count - (bytes.isEmpty ? 0 : random.below(bytes.count)))
        case 6:  // swap two lines
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.count > 2 {
                lines.swapAt(random.below(lines.count), random.below(lines.count))
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            }
        case 7:  // a random byte
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
        default:  // duplicate a line
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if let line = lines.randomElement(using: &random) { bytes.insert(contentsOf: Array(line) + [UInt8(ascii: "\n")], at: at) }
        }
    }
}

