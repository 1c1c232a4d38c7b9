@testable import RosterFormats
import Testing

@Suite struct CSVTests {
    @Test func readsQuotedFieldsCRLFAndReportsRecordLines() throws {
        let text = "\u{FEFF}id,name\r\na1,\"Keller, Ana\"\r\n\r\na2,\"Line one\nline two\"\na3,\"Say \"\"hi\"\"\"\n"
        let table = try CSVTable(text: text, file: "x.csv")
        #expect(table.header == ["id", "name"])
        #expect(table.records.map(\.line) == [2, 4, 6])
        #expect(table.records.map { $0.fields[1] } == ["Keller, Ana", "Line one\nline two", "Say \"hi\""])
    }

    @Test func malformedQuotingIsAnErrorWithItsLine() {
        #expect(throws: InputError(file: "x.csv", line: 3, message: "a quoted field is never closed")) {
            try CSVTable(text: "a,b\n1,2\n3,\"4\n", file: "x.csv")
        }
        #expect(throws: InputError(file: "x.csv", line: 2, message: "a quote (\") inside an unquoted field; quote the whole field and double inner quotes")) {
            try CSVTable(text: "a,b\n1,2\"x\n", file: "x.csv")
        }
        #expect(throws: InputError.self) { try CSVTable(text: "", file: "x.csv") }
    }

    @Test func writerQuotesAndDisarmsFormulas() {
        var writer = CSVWriter(header: ["a", "b"])
        writer.appendRow([.text("=SUM(A1:A9)"), .text("Keller, \"Ana\"")])
        writer.appendRow([.text("-1+1"), .integer(-5)])
        #expect(writer.text == "a,b\n'=SUM(A1:A9),\"Keller, \"\"Ana\"\"\"\n'-1+1,-5\n")
    }

    /// Swift reads "\r\n" as one Character equal to neither "\r" nor "\n": a cell holding it
    /// must still be quoted, so that it cannot start a new row.
    @Test func aCellWithCRLFIsQuoted() throws {
        var writer = CSVWriter(header: ["id", "note"])
        writer.appendRow([.text("r1"), .text("fine\r\n=HYPERLINK(\"x\"),evil")])
        #expect(writer.text == "id,note\nr1,\"fine\r\n=HYPERLINK(\"\"x\"\"),evil\"\n")
        let table = try CSVTable(text: writer.text, file: "x.csv")
        #expect(table.records.count == 1 && table.records[0].fields.count == 2)
    }

    @Test func spreadsheetFriendlyAddsABOMAndCRLFOutsideQuotes() throws {
        var writer = CSVWriter(header: ["id", "name"])
        writer.appendRow([.text("a1"), .text("Zoë Müller")])
        writer.appendRow([.text("a2"), .text("two\nlines")])
        let excel = CSVWriter.spreadsheetFriendly(writer.text)
        #expect(excel == "\u{FEFF}id,name\r\na1,Zoë Müller\r\na2,\"two\nlines\"\r\n")
        // Read back: the same table.
        let table = try CSVTable(text: excel, file: "x.csv")
        #expect(table.header == ["id", "name"] && table.records.map { $0.fields[1] } == ["Zoë Müller", "two\nlines"])
    }
}

extension CSVTests {
    /// NUL and other control characters went raw into CSV files; the disarming apostrophe made ids
    /// like "-a1" unreadable by --published and swap.
    @Test func controlCharactersAreReplacedAndDisarmedCellsReadBack() throws {
        var writer = CSVWriter(header: ["agent_id", "name"])
        writer.appendRow([.text("-a1"), .text("Ana\u{0}\u{1B}[31m")])
        writer.appendRow([.text("=cmd"), .text("tab\there")])
        #expect(!writer.text.unicodeScalars.contains { $0.value == 0 || $0.value == 0x1B })
        let table = try CSVTable(text: writer.text, file: "x.csv")
        #expect(table.records.map { $0.fields[0] } == ["-a1", "=cmd"])
        #expect(table.records[0].fields[1] == "Ana\u{FFFD}\u{FFFD}[31m" && table.records[1].fields[1] == "tab\there")
    }
}
