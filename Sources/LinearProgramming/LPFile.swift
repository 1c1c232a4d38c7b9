import Foundation

/// Writes a ``MIPModel`` in CPLEX LP format, streaming, so that a model too large for a solver's
/// own copy can still be handed to CBC, HiGHS or GLPK (`glpsol --lp`).
///
/// Conventions (those of GLPK's `glp_write_lp`, which reads it back, in its order: a row's terms
/// by descending variable, so that a reader numbers the columns as it did from GLPK's files and
/// peers take the same paths; CBC took twice as long on M with ascending rows): names made safe and unique
/// by ``LPNames``; binaries and integers listed under `Generals`, with their bounds; a ranged row
/// `l ≤ e ≤ u` written as two rows, `name#lo: e >= l` and `name#hi: e <= u`; the objective's
/// constant, which the format has no place for, in a comment; a variable in no row and not in the
/// objective named in it with a 0; at most about 200 characters a line. Readers number variables
/// in the order they first meet them, not in the model's order.
/// The file appears whole or not at all (written beside it, then renamed).
///
/// - Complexity: O(non-zeros + variables) time; memory O(variables) for the names' hashes
///   besides a 1 MB buffer.
public enum LPFile {
    public static func write(_ model: MIPModel, to path: String) throws {
        try model.validate()
        // The format has no way to write a row or an objective without a variable to name.
        guard !model.variables.isEmpty else { throw ModelError.unsupported("model \(model.name) has no variables: the CPLEX LP format cannot hold it") }
        guard !path.isEmpty, !path.contains("\0") else { throw SolverError("invalid LP file path '\(path)'") }
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw SolverError("cannot create the LP file \(path)")
        }
        var writer = Writer(handle: handle)
        do {
            try writer.model(model)
            try writer.flush()
            try handle.close()
            guard rename(temporary, path) == 0 else { throw SolverError("cannot move the LP file into place at \(path)") }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error as? SolverError ?? SolverError("cannot write the LP file \(path): \(error)")
        }
    }

    /// Appends text to a buffer flushed to the file every megabyte.
    private struct Writer {
        let handle: FileHandle
        var buffer: [UInt8] = []
        var lineLength = 0

        init(handle: FileHandle) {
            self.handle = handle
            buffer.reserveCapacity(1 << 20)
        }

        mutating func text(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            if let newline = text.utf8.lastIndex(of: 10) {
                lineLength = text.utf8.distance(from: newline, to: text.utf8.endIndex) - 1
            } else {
                lineLength += text.utf8.count
            }
            if buffer.count >= 1 << 20 { try flush() }
        }

        mutating func flush() throws {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func model(_ model: MIPModel) throws {
            var names = LPNames()
            let columns = model.variables.enumerated().map { names.unique($1.name, fallback: "x\($0 + 1)") }
            try text("\\* Problem: \(LPNames.safe(model.name, fallback: "model")) *\\\n\n")
            try text(model.sense == .minimize ? "Minimize\n" : "Maximize\n")
            // A variable in no row and not in the objective is named there with a 0, as GLPK
            // does, so that a reader still sees it.
            var objective = model.objective.normalized()
            var appears = [Bool](repeating: false, count: model.variables.count)
            for term in objective.terms { appears[term.variable.index] = true }
            for constraint in model.constraints {
                for term in constraint.expression.terms { appears[term.variable.index] = true }
            }
            for index in appears.indices where !appears[index] { objective.terms.append(LinearTerm(Variable(index: index), 0)) }
            try text(" objective:")
            try terms(objective.terms, columns, always: !model.variables.isEmpty)
            try text("\n")
            if objective.constant != 0 { try text("\\* constant term = \(Self.number(objective.constant)) *\\\n") }
            try text("\nSubject To\n")
            var rowNames = LPNames()
            for (offset, constraint) in model.constraints.enumerated() {
                let name = rowNames.unique(constraint.name, fallback: "r\(offset + 1)")
                let constant = constraint.expression.constant
                let (lower, upper) = constraint.bound.limits
                let sides: [(String, String, Double)] = switch (lower, upper) {
                case let (low?, high?) where low == high: [(name, "=", low - constant)]
                case let (low?, high?): [(rowNames.unique(name + "#lo", fallback: ""), ">=", low - constant), (rowNames.unique(name + "#hi", fallback: ""), "<=", high - constant)]
                case let (low?, nil): [(name, ">=", low - constant)]
                case let (nil, high?): [(name, "<=", high - constant)]
                case (nil, nil): []
                }
                for (rowName, sense, value) in sides {
                    try text(" \(rowName):")
                    try terms(Array(constraint.expression.terms.reversed()), columns, always: !model.variables.isEmpty)
                    try text(" \(sense) \(Self.number(value))\n")
                }
            }
            try bounds(model, columns)
            try text("\nEnd\n")
        }

        /// ` + 3 x - 2 y …`, wrapped; an empty sum is written `0 <first column>`.
        mutating func terms(_ terms: [LinearTerm], _ columns: [String], always: Bool) throws {
            if terms.isEmpty, always {
                try text(" 0 \(columns[0])")
                return
            }
            for term in terms {
                if lineLength > 200 { try text("\n") }
                let coefficient = term.coefficient
                let sign = coefficient < 0 ? "-" : "+"
                let magnitude = abs(coefficient)
                try text(magnitude == 1 ? " \(sign) \(columns[term.variable.index])" : " \(sign) \(Self.number(magnitude)) \(columns[term.variable.index])")
            }
        }

        mutating func bounds(_ model: MIPModel, _ columns: [String]) throws {
            try text("\nBounds\n")
            for (index, variable) in model.variables.enumerated() {
                let name = columns[index]
                switch (variable.lowerBound, variable.upperBound) {
                case (0?, nil): continue
                case (nil, nil): try text(" \(name) free\n")
                case let (low?, high?) where low == high: try text(" \(name) = \(Self.number(low))\n")
                case let (low?, high?): try text(" \(Self.number(low)) <= \(name) <= \(Self.number(high))\n")
                case let (low?, nil): try text(" \(name) >= \(Self.number(low))\n")
                case let (nil, high?): try text(" -Inf <= \(name) <= \(Self.number(high))\n")
                }
            }
            let integers = model.variables.indices.filter { model.variables[$0].kind != .continuous }
            guard !integers.isEmpty else { return }
            try text("\nGenerals\n")
            for index in integers { try text(" \(columns[index])\n") }
        }

        /// A number as GLPK writes it (`%.15g`): 15 significant digits, so that the files are
        /// GLPK's token for token (CBC took twice as long on one M week when only the last digit
        /// of some coefficients differed).
        static func number(_ value: Double) -> String {
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(format: "%.15g", value)
        }
    }
}

/// Names as the CPLEX LP format allows them, each given once.
///
/// ``safe(_:fallback:)`` keeps ASCII letters, digits and ``allowedPunctuation``, replaces any
/// other character by `_`, prefixes a leading digit or `.` with `_` and cuts at 240 bytes.
/// ``unique(_:fallback:)`` gives a name already handed out the suffix `#2`, `#3`, …; it keeps a
/// 64-bit FNV-1a hash per name instead of the name (millions of names in a large model), so a
/// name whose hash another name shares is suffixed as well: the names stay distinct, and the
/// same model always gets the same names.
public struct LPNames: Sendable {
    private var hashes: Set<UInt64> = []
    private var repeats: [String: Int] = [:]

    public init() {}

    public static let allowedPunctuation = Set("!\"#$%&()/,.;?@_`'{}|~")

    public static func safe(_ name: String, fallback: String) -> String {
        if !name.isEmpty, name.utf8.count <= 240, name.utf8.allSatisfy(isAllowed), let first = name.utf8.first, !(48...57).contains(first), first != 46 {
            return name
        }
        var result = String(name.unicodeScalars.map { scalar -> Character in
            let character = Character(scalar)
            if scalar.isASCII, character.isLetter || character.isNumber || allowedPunctuation.contains(character) {
                return character
            }
            return "_"
        })
        if result.isEmpty { result = fallback }
        if let first = result.first, first.isNumber || first == "." { result = "_" + result }
        if result.utf8.count > 240 { result = String(result.utf8.prefix(240))! }
        return result
    }

    public mutating func unique(_ name: String, fallback: String) -> String {
        let base = Self.safe(name, fallback: fallback)
        if hashes.insert(Self.hash(base)).inserted { return base }
        var count = repeats[base, default: 1]
        var candidate: String
        repeat {
            count += 1
            candidate = "\(base)#\(count)"
        } while !hashes.insert(Self.hash(candidate)).inserted
        repeats[base] = count
        return candidate
    }

    /// ASCII letters, digits and ``allowedPunctuation``, as bytes.
    private static let allowedBytes: [Bool] = (0..<128).map { byte in
        let character = Character(Unicode.Scalar(UInt8(byte)))
        return character.isLetter || character.isNumber || allowedPunctuation.contains(character)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool { byte < 128 && allowedBytes[Int(byte)] }

    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
