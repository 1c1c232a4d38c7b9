import Foundation
import Rostering

/// `swaps.csv`: shift swap requests against a published roster (docs/file-formats.md).
///
/// `request_id,submitted_at,type,requester,shift_start,counterpart,counterpart_shift_start,note`
public enum SwapsCSV {
    public static let columns = ["request_id", "submitted_at", "type", "requester", "shift_start", "counterpart", "counterpart_shift_start", "note"]

    /// Parses requests, collecting every problem with its line and field. Unknown agents and
    /// shifts are not errors here: they are decisions (rejected, with the reason).
    public static func read(text: String, file: String, timeZone: SiteTimeZone) throws(InputErrors) -> [SwapRequest] {
        let table = try CSVTable(text: text, file: file, columns: columns)
        var requests: [SwapRequest] = []
        var errors: [InputError] = []
        var ids: [String: Int] = [:]
        for record in table.records {
            func fail(_ field: String, _ message: String) {
                errors.append(InputError(file: file, line: record.line, field: field, message: message))
            }
            if let error = table.widthError(record, file: file) {
                errors.append(error)
                continue
            }
            let cell = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if cell[0].isEmpty { fail("request_id", "a request id is required") }
            if let previous = ids[cell[0]], !cell[0].isEmpty { fail("request_id", "duplicate request id '\(cell[0])' (first on line \(previous))") }
            ids[cell[0]] = ids[cell[0]] ?? record.line
            func instant(_ index: Int, required: Bool) -> Instant? {
                if cell[index].isEmpty {
                    if required { fail(columns[index], "required") }
                    return nil
                }
                do { return try timeZone.parse(cell[index]) } catch {
                    fail(columns[index], error.description)
                    return nil
                }
            }
            let submitted = instant(1, required: true)
            let kind = SwapKind(rawValue: cell[2].lowercased())
            if kind == nil { fail("type", "'\(cell[2])' is not trade, give or offer") }
            if cell[3].isEmpty { fail("requester", "required") }
            let shift = instant(4, required: true)
            let counterpart = cell[5].isEmpty ? nil : cell[5]
            let counterpartShift = instant(6, required: kind == .trade)
            if kind == .trade || kind == .give, counterpart == nil { fail("counterpart", "a \(cell[2]) needs a counterpart") }
            if kind == .offer, counterpart != nil { fail("counterpart", "an offer goes to anyone: leave counterpart empty") }
            if kind != .trade, counterpartShift != nil { fail("counterpart_shift_start", "only a trade names the counterpart's shift") }
            guard let submitted, let kind, let shift, !cell[0].isEmpty, !cell[3].isEmpty else { continue }
            requests.append(SwapRequest(
                id: cell[0], submittedAt: submitted, kind: kind, requester: cell[3], shiftStart: shift,
                counterpart: counterpart, counterpartShiftStart: counterpartShift, note: cell[7], line: record.line))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return requests
    }

    static let decisionColumns = ["request_id", "submitted_at", "type", "requester", "shift_start", "counterpart", "counterpart_shift_start",
                                  "decision", "taker", "reasons", "coverage_change", "alternatives"]

    /// `swaps.csv` in the output: the decision on each request, in processing order.
    public static func decisionsCSV(_ decisions: [SwapDecision], timeZone: SiteTimeZone) -> String {
        var writer = CSVWriter(header: decisionColumns)
        for decision in decisions { writer.appendRow(cells(decision, timeZone: timeZone)) }
        return writer.text
    }

    static func cells(_ decision: SwapDecision, timeZone: SiteTimeZone) -> [CSVWriter.Cell] {
        let request = decision.request
        return [
            .text(request.id), .text(timeZone.isoText(request.submittedAt)), .text(request.kind.rawValue), .text(request.requester),
            .text(timeZone.isoText(request.shiftStart)), .text(request.counterpart ?? ""),
            .text(request.counterpartShiftStart.map { timeZone.isoText($0) } ?? ""),
            .text(decision.approved ? "approved" : "rejected"), .text(decision.taker ?? ""),
            .text(decision.reasons.joined(separator: " | ")), .text(decision.coverageChange),
            .text(decision.alternatives.joined(separator: " | ")),
        ]
    }

    /// SHA-256 (hex) over the inputs, each prefixed with its length so that boundaries count.
    public static func inputsHash(_ inputs: [Data]) -> String {
        var hasher = SHA256Digest()
        for input in inputs {
            withUnsafeBytes(of: UInt64(input.count).bigEndian) { hasher.update($0) }
            hasher.update(input)
        }
        return hasher.hexDigest()
    }
}
