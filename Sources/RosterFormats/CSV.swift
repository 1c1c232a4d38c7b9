import Foundation

/// A CSV file read per RFC 4180, with the line each record starts on (for error messages).
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        /// 1-based line on which the record starts.
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let records: [Record]

    /// Parses CSV text. Accepts LF or CRLF line ends and a UTF-8 byte-order mark; skips blank lines.
    /// Throws for an unterminated quoted field or a quote inside an unquoted field.
    public init(text: String, file: String) throws(InputError) {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var atFieldStart = true
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0

        func endRecord() {
            fields.append(field)
            let blank = fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            fieldWasQuoted = false
            atFieldStart = true
        }

        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.unicodeScalars.append(character)
                }
            } else {
                switch character {
                case "\"":
                    guard atFieldStart else {
                        throw InputError(file: file, line: line, message: "a quote (\") inside an unquoted field; quote the whole field and double inner quotes")
                    }
                    inQuotes = true
                    fieldWasQuoted = true
                    atFieldStart = false
                case ",":
                    fields.append(field)
                    field = ""
                    fieldWasQuoted = false
                    atFieldStart = true
                case "\r":
                    if index + 1 < characters.count, characters[index + 1] == "\n" { break }
                    endRecord()
                    line += 1
                    recordLine = line
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    if fieldWasQuoted {
                        throw InputError(file: file, line: line, message: "text after a closing quote; quote the whole field")
                    }
                    field.unicodeScalars.append(character)
                    atFieldStart = false
                }
            }
            index += 1
        }
        if inQuotes { throw InputError(file: file, line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }

        guard let first = records.first else { throw InputError(file: file, line: 1, message: "the file is empty; it needs a header row") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.records = records.dropFirst().map { Record(line: $0.line, fields: $0.fields.map(Self.rearmed)) }
    }

    /// A cell as written before ``CSVWriter`` disarmed it: the apostrophe it put before a leading
    /// `=`, `+`, `-`, `@`, tab or carriage return is taken off again, so that what the tool
    /// writes (an agent id `-a1`, say) reads back as itself.
    static func rearmed(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, ["=", "+", "-", "@", "\t", "\r"].contains(second) else { return field }
        return String(String.UnicodeScalarView(scalars.dropFirst()))
    }
}

extension CSVTable {
    /// An error when `record` does not have one field per header column.
    public func widthError(_ record: Record, file: String) -> InputError? {
        guard record.fields.count != header.count else { return nil }
        return InputError(file: file, line: record.line, field: "row", message: "has \(record.fields.count) fields; the header has \(header.count)")
    }

    /// Parses CSV text whose header must be exactly `columns`.
    public init(text: String, file: String, columns: [String]) throws(InputErrors) {
        do { try self.init(text: text, file: file) } catch { throw InputErrors([error]) }
        guard header == columns else {
            throw InputErrors([InputError(file: file, line: 1, message: "the header must be \(columns.joined(separator: ","))")])
        }
    }
}

/// Writes CSV per RFC 4180 (CRLF-free: LF line ends, as spreadsheets and Unix tools both read).
///
/// Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
/// carriage return) get a leading apostrophe.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init(header: [String]) { appendRow(header.map { .text($0) }) }

    /// One cell of a row.
    public enum Cell: Sendable {
        case text(String)
        case number(String)
        case integer(Int)
    }

    public mutating func appendRow(_ cells: [Cell]) {
        text += Self.line(cells)
    }

    /// One rendered row with its line end.
    public static func line(_ cells: [Cell]) -> String {
        cells.map(render).joined(separator: ",") + "\n"
    }

    static func render(_ cell: Cell) -> String {
        switch cell {
        case .integer(let value): return String(value)
        case .number(let value): return value
        case .text(var value):
            // Control characters other than tab and line breaks (NUL among them) never reach a
            // file: they become U+FFFD.
            if value.unicodeScalars.contains(where: { ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0x7F }) {
                value = String(String.UnicodeScalarView(value.unicodeScalars.map {
                    ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0x7F ? "\u{FFFD}" : $0
                }))
            }
            if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
                value = "'" + value
            }
            // Scalars, not Characters: Swift reads "\r\n" as one Character equal to neither.
            if value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }
    }
}

extension CSVWriter {
    /// The same CSV as spreadsheets on Windows read it best: a UTF-8 byte order mark first (so
    /// accented names are not read as another code page) and CRLF after every record. Line ends
    /// inside quoted cells are kept as they are. O(n).
    public static func spreadsheetFriendly(_ csv: String) -> String {
        var result = "\u{FEFF}"
        result.unicodeScalars.reserveCapacity(csv.unicodeScalars.count + csv.utf8.count / 20)
        var quoted = false
        var previous: Unicode.Scalar?
        for scalar in csv.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if scalar == "\n", !quoted, previous != "\r" { result.unicodeScalars.append("\r") }
            result.unicodeScalars.append(scalar)
            previous = scalar
        }
        return result
    }
}
