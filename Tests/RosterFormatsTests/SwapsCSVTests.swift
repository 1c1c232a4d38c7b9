import Foundation
@testable import RosterFormats
import Rostering
import Testing

@Suite struct SwapsCSVTests {
    let zone = SiteTimeZone(identifier: "Europe/Berlin")!
    let header = "request_id,submitted_at,type,requester,shift_start,counterpart,counterpart_shift_start,note\n"

    @Test func readsTradesGivesAndOffers() throws {
        let text = header + """
            r1,2026-11-20T09:05,trade,a01,2026-11-26T07:00,a03,2026-11-26T09:00,"Dentist, sorry"
            r2,2026-11-20T09:40,give,a05,2026-11-23T09:00,a09,,
            r3,2026-11-20T10:00,offer,a07,2026-11-24T10:30,,,
            """
        let requests = try SwapsCSV.read(text: text, file: "swaps.csv", timeZone: zone)
        #expect(requests.map(\.kind) == [.trade, .give, .offer])
        #expect(requests[0].note == "Dentist, sorry")
        #expect(requests[0].counterpartShiftStart == (try zone.parse("2026-11-26T09:00")))
        #expect(requests.map(\.line) == [2, 3, 4])
    }

    @Test func malformedRowsNameFileLineAndField() throws {
        let cases: [(String, String)] = [
            ("r1,yesterday,trade,a01,2026-11-26T07:00,a03,2026-11-26T09:00,", "submitted_at"),
            ("r1,2026-11-20T09:05,swap,a01,2026-11-26T07:00,a03,2026-11-26T09:00,", "type"),
            ("r1,2026-11-20T09:05,trade,a01,2026-11-26T07:00,a03,,", "counterpart_shift_start"),
            ("r1,2026-11-20T09:05,give,a01,2026-11-26T07:00,,,", "counterpart"),
            ("r1,2026-11-20T09:05,offer,a01,2026-11-26T07:00,a02,,", "counterpart"),
            (",2026-11-20T09:05,offer,a01,2026-11-26T07:00,,,", "request_id"),
            ("r1,2026-11-20T09:05,offer,a01", "row"),
        ]
        for (row, field) in cases {
            do {
                _ = try SwapsCSV.read(text: header + row + "\n", file: "swaps.csv", timeZone: zone)
                Issue.record("\(row) was accepted")
            } catch {
                #expect(error.errors.contains { $0.line == 2 && $0.field == field && $0.file == "swaps.csv" }, "\(row): \(error.errors)")
            }
        }
        do {
            _ = try SwapsCSV.read(text: header + "r1,2026-11-20T09:05,offer,a01,2026-11-26T07:00,,,\nr1,2026-11-20T09:06,offer,a01,2026-11-26T07:00,,,\n", file: "swaps.csv", timeZone: zone)
            Issue.record("duplicate ids accepted")
        } catch {
            #expect(error.errors.first?.line == 3)
        }
    }

    @Test func theInputsHashCountsBoundaries() {
        let one = SwapsCSV.inputsHash([Data("a".utf8), Data("bc".utf8)])
        let two = SwapsCSV.inputsHash([Data("ab".utf8), Data("c".utf8)])
        #expect(one.count == 64 && one != two)
        // SHA-256 of the empty input list is the hash of nothing.
        #expect(SwapsCSV.inputsHash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// FIPS 180-2 test vectors: "abc" in one piece, and the 56-byte message fed in two pieces.
    @Test func sha256MatchesThePublishedTestVectors() {
        var abc = SHA256Digest()
        abc.update(Data("abc".utf8))
        #expect(abc.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var twoBlocks = SHA256Digest()
        twoBlocks.update(Data("abcdbcdecdefdefgefghfghighij".utf8))
        twoBlocks.update(Data("hijkijkljklmklmnlmnomnopnopq".utf8))
        #expect(twoBlocks.hexDigest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
