import Foundation
import RosterFormats
import Testing

@Suite struct NurseRosteringInstanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("benchmarks/nurse-rostering")

    /// Sizes from the table in benchmarks/nurse-rostering/FORMAT.md (which agrees
    /// with ORProjects/NRP's published table): days, employees, shift types, fixed days off,
    /// shift-on requests, shift-off requests, cover rows, sum of cover requirements.
    static let published: [[Int]] = [
        [14, 8, 1, 8, 21, 5, 14, 71], [14, 14, 2, 14, 50, 12, 28, 108], [14, 20, 3, 20, 39, 25, 42, 154],
        [28, 10, 2, 20, 52, 19, 56, 182], [28, 16, 2, 32, 79, 27, 56, 288], [28, 18, 3, 36, 87, 48, 84, 299],
        [28, 20, 3, 40, 104, 64, 84, 315], [28, 30, 4, 60, 139, 86, 112, 482], [28, 36, 4, 72, 144, 88, 112, 410],
        [28, 40, 5, 80, 210, 74, 140, 693], [28, 50, 6, 100, 197, 139, 168, 811], [28, 60, 10, 120, 294, 128, 280, 1007],
    ]

    @Test func instancesOneToTwelveReadWithTheirPublishedSizes() throws {
        for (number, sizes) in Self.published.enumerated() {
            let path = Self.folder.appendingPathComponent("Instance\(number + 1).txt")
            let instance = try NurseRosteringInstance.parse(text: String(contentsOf: path, encoding: .utf8), file: path.lastPathComponent)
            let read = [
                instance.days, instance.employees.count, instance.shiftTypes.count, instance.employees.reduce(0) { $0 + $1.daysOff.count },
                instance.onRequests.count, instance.offRequests.count, instance.cover.count, instance.cover.reduce(0) { $0 + $1.requirement },
            ]
            #expect(read == sizes, "Instance\(number + 1)")
            // Every employee lists every shift type's maximum.
            #expect(instance.employees.allSatisfy { Set($0.maxShifts.keys) == Set(instance.shiftTypes.map(\.id)) })
        }
    }

    /// Two employees, one week, shifts E and L (L may not be followed by E).
    static let tiny = """
        # tiny\r
        SECTION_HORIZON\r
        7\r
        \r
        SECTION_SHIFTS\r
        E,480,\r
        L,600,E\r
        \r
        SECTION_STAFF\r
        A,E=5|L=1,2400,960,3,2,2,1\r
        B,E=0|L=7,4000,0,7,1,1,0\r
        \r
        SECTION_DAYS_OFF\r
        A,6\r
        B\r
        \r
        SECTION_SHIFT_ON_REQUESTS\r
        A,0,E,3\r
        \r
        SECTION_SHIFT_OFF_REQUESTS\r
        B,2,L,2\r
        \r
        SECTION_COVER\r
        0,E,1,100,1\r
        2,L,2,100,1\r
        """

    @Test func objectiveAndHardRulesAsTheBenchmarkDefinesThem() throws {
        let instance = try NurseRosteringInstance.parse(text: Self.tiny, file: "tiny.txt")
        // A works E on Monday to Wednesday (the requested Monday E), B works L on Wednesday (off
        // request: 2). Cover: Monday E 1 of 1; Wednesday L 1 of 2 (100 under); days without a
        // cover row cost nothing.
        let good: NurseRosteringInstance.Assignment = [
            ["E", "E", "E", nil, nil, nil, nil],
            [nil, nil, "L", nil, nil, nil, nil],
        ]
        #expect(instance.violations(of: good).isEmpty)
        #expect(instance.objective(of: good) == 2 + 100)

        // A: 4 days in a row (max 3), E after L (forbidden), two L shifts (max 1), the day off 6,
        // 3,120 minutes (max 2,400), a single day off inside the week (min 2). B: an E (max 0).
        let bad: NurseRosteringInstance.Assignment = [
            ["L", "E", "E", "E", nil, "L", "E"],
            ["E", nil, nil, nil, nil, nil, nil],
        ]
        let violations = instance.violations(of: bad)
        #expect(violations.contains("A works 4 days in a row from day 0; at most 3"))
        #expect(violations.contains("A: E on day 1 may not follow L"))
        #expect(violations.contains("A works 2 L shifts; at most 1"))
        #expect(violations.contains("A works on day off 6"))
        #expect(violations.contains("B works 1 E shifts; at most 0"))
        #expect(violations.contains("A works 3120 min; at most 2400"))
        #expect(violations.contains("A has 1 days off in a row from day 4; at least 2"))
        // Monday E: A's request not met (3); cover Monday E has B (ok), Wednesday L none (2 × 100).
        #expect(instance.objective(of: bad) == 3 + 200)
        // A one-day run at the start is exempt from the minimum run length; inside it is not.
        let border: NurseRosteringInstance.Assignment = [["E", nil, nil, "E", "E", nil, nil], [nil, nil, nil, nil, nil, nil, nil]]
        #expect(instance.violations(of: border).isEmpty)
        let inside: NurseRosteringInstance.Assignment = [["E", nil, nil, "E", nil, "E", nil], [nil, nil, nil, nil, nil, nil, nil]]
        #expect(instance.violations(of: inside) == [
            "A works 1 days in a row from day 3; at least 2", "A has 1 days off in a row from day 4; at least 2",
            "A works 1 days in a row from day 5; at least 2",  // Saturday alone: day 6 is off, so not at the border
        ])
    }

    @Test func malformedInstancesNameTheLine() {
        let unknown = Self.tiny.replacingOccurrences(of: "B,2,L,2", with: "Z,2,L,2")
        #expect(throws: InputErrors.self) { try NurseRosteringInstance.parse(text: unknown, file: "x.txt") }
        do {
            _ = try NurseRosteringInstance.parse(text: unknown, file: "x.txt")
        } catch {
            #expect(error.description == "x.txt:21: employee: unknown employee Z")
        }
        let shuffled = Self.tiny.replacingOccurrences(of: "SECTION_HORIZON", with: "SECTION_X")
        do {
            _ = try NurseRosteringInstance.parse(text: shuffled, file: "y.txt")
            Issue.record("a file without SECTION_HORIZON must not parse")
        } catch {
            #expect(error.description.contains("y.txt:2: unknown section SECTION_X"))
        }
    }
}

extension NurseRosteringInstanceTests {
    /// A horizon of 2^63 days made import-nrp allocate until it died; every number is bounded now.
    @Test func hugeNumbersAreErrorsNamingTheirLine() throws {
        let huge = Self.tiny.replacingOccurrences(of: "SECTION_HORIZON\r\n7\r\n", with: "SECTION_HORIZON\r\n9223372036854775807\r\n")
        #expect(huge != Self.tiny)
        do {
            _ = try NurseRosteringInstance.parse(text: huge, file: "x.txt")
            Issue.record("accepted")
        } catch {
            #expect(error.errors.contains { $0.field == "days" && $0.line == 3 && $0.message.contains("from 1 to 364") }, "\(error.errors)")
        }
        let weight = Self.tiny.replacingOccurrences(of: "A,0,E,3\r", with: "A,0,E,99999999999\r")
        #expect(throws: InputErrors.self) { try NurseRosteringInstance.parse(text: weight, file: "x.txt") }
    }
}
