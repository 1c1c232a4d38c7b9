import Foundation
import Rostering

/// The swap decisions' audit log (`swaps-log.csv`): append-only, each row chained to the one
/// before by a SHA-256, and written under an exclusive lock.
///
/// Columns: those of swaps.csv, then `inputs_sha256` (the scenario, published roster and requests
/// the decision was made on) and `row_sha256` = SHA-256 of the previous row's `row_sha256` (64
/// zeros for the first row), a newline, and this row's other cells as CSV. Editing, deleting,
/// inserting or reordering any row breaks the chain from that row on, and `roster swap` refuses
/// to add to a broken log. Cutting rows off the end keeps the chain whole: keep the head hash
/// `roster swap` prints (the last `row_sha256`) to detect that.
public final class SwapsLog {
    public let path: String
    private let descriptor: Int32
    /// `row_sha256` of the last row (64 zeros for an empty log).
    public private(set) var head: String
    private var empty: Bool

    static let columns = SwapsCSV.decisionColumns + ["inputs_sha256", "row_sha256"]
    static let start = String(repeating: "0", count: 64)

    /// Opens (or creates) the log, takes an exclusive lock on it (waiting for another `roster
    /// swap` on the same log to finish) and verifies the chain of every row.
    /// - Throws: ``InputErrors`` naming the first row whose hash does not follow.
    public init(path: String) throws(InputErrors) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) == nil {
            throw InputErrors([InputError(file: path, message: "cannot create the swaps log's folder")])
        }
        created = AtomicWriter.kind(path) == nil
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputErrors([InputError(file: path, message: "cannot open the swaps log: \(String(cString: strerror(errno)))")])
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw InputErrors([InputError(file: path, message: "the swaps log must be a regular file")])
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        self.descriptor = descriptor
        head = Self.start
        empty = true
        do {
            let text = try Self.readAll(descriptor, path: path)
            empty = text.isEmpty
            if !text.isEmpty { head = try Self.verify(text, file: path) }
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Whether this run created the file (it is removed again if nothing is appended).
    private let created: Bool

    deinit {
        // A log this run created and never wrote to is not left behind as an empty file.
        if created && empty { unlink(path) }
        close(descriptor)  // also releases the lock
    }

    /// Appends this run's decisions, each chained to the one before; returns the new head.
    @discardableResult
    public func append(_ decisions: [SwapDecision], inputsHash: String, timeZone: SiteTimeZone) throws -> String {
        var text = empty ? CSVWriter(header: Self.columns).text : ""
        for decision in decisions {
            let cells = SwapsCSV.cells(decision, timeZone: timeZone) + [.text(inputsHash)]
            head = Self.rowHash(previous: head, cells: cells)
            text += CSVWriter.line(cells + [.text(head)])
        }
        try AtomicWriter.writeAll(descriptor, Data(text.utf8), path: path)
        guard fsync(descriptor) == 0 else { throw AtomicWriter.Failure(path: path, reason: "cannot flush: \(String(cString: strerror(errno)))") }
        empty = false
        return head
    }

    static func rowHash(previous: String, cells: [CSVWriter.Cell]) -> String {
        var digest = SHA256Digest()
        digest.update(Data((previous + "\n" + cells.map(CSVWriter.render).joined(separator: ",")).utf8))
        return digest.hexDigest()
    }

    /// The chain's head after checking every row.
    static func verify(_ text: String, file: String) throws(InputErrors) -> String {
        let table: CSVTable
        do { table = try CSVTable(text: text, file: file) } catch { throw InputErrors([error]) }
        guard table.header == columns else {
            throw InputErrors([InputError(file: file, line: 1, message: "not a swaps log with a hash chain (the header must be \(columns.joined(separator: ","))); start a new log with --log")])
        }
        var head = start
        for record in table.records {
            if let error = table.widthError(record, file: file) { throw InputErrors([error]) }
            let cells = record.fields.dropLast().map { CSVWriter.Cell.text($0) }
            let expected = rowHash(previous: head, cells: Array(cells))
            guard record.fields.last == expected else {
                throw InputErrors([InputError(file: file, line: record.line, field: "row_sha256",
                                              message: "the hash chain breaks here: this row, or one before it, was edited, removed or inserted; nothing was decided")])
            }
            head = expected
        }
        return head
    }

    static func readAll(_ descriptor: Int32, path: String) throws(InputErrors) -> String {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw InputErrors([InputError(file: path, message: "cannot read the swaps log")]) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 { if errno == EINTR { continue }; throw InputErrors([InputError(file: path, message: "cannot read the swaps log")]) }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count > Int(ScenarioLoader.largestInputBytes) { throw InputErrors([InputError(file: path, message: "the swaps log is over 64 MiB; start a new one with --log")]) }
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputErrors([InputError(file: path, message: "is not UTF-8 text")]) }
        return text
    }
}
