import Foundation
import Rostering

/// The swap decisions' audit log (`swaps-log.csv`): append-only, each row chained to the one
/// before by a SHA-256, and appended under an exclusive lock.
///
/// Columns: those of swaps.csv, then `inputs_sha256` (the scenario, published roster and requests
/// the decision was made on) and `row_sha256` = SHA-256 of the previous row's `row_sha256` (64
/// zeros for the first row), a newline, and this row's other cells as CSV. Editing, deleting,
/// inserting or reordering any row breaks the chain from that row on, and `roster swap` refuses
/// to add to a broken log. Cutting rows off the end keeps the chain whole: keep the head hash
/// `roster swap` prints (the last `row_sha256`) to detect that.
public final class SwapsLog {
    public let path: String
    /// `row_sha256` of the last row when the log was checked (64 zeros for a new log).
    public private(set) var head: String

    static let columns = SwapsCSV.decisionColumns + ["inputs_sha256", "row_sha256"]
    static let start = String(repeating: "0", count: 64)

    /// Checks the log's chain (under a shared lock), so that a broken log is refused before
    /// anything is decided. A log that does not exist yet is created only by ``append``.
    /// - Throws: ``InputErrors`` naming the first row whose hash does not follow.
    public init(path: String) throws(InputErrors) {
        self.path = path
        head = Self.start
        guard AtomicWriter.kind(path) != nil else { return }
        let descriptor = try Self.open(path, flags: O_RDONLY)
        defer { close(descriptor) }
        while flock(descriptor, LOCK_SH) != 0 && errno == EINTR {}
        let text = try Self.readAll(descriptor, path: path)
        if !text.isEmpty { head = try Self.verify(text, file: path) }
    }

    /// Appends this run's decisions under an exclusive lock (another `roster swap` on the same
    /// log waits): the log is read and its chain checked again, then each row is chained to the
    /// one before and written with `O_APPEND`. Returns the new head.
    @discardableResult
    public func append(_ decisions: [SwapDecision], inputsHash: String, timeZone: SiteTimeZone) throws -> String {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor = try Self.open(path, flags: O_RDWR | O_CREAT | O_APPEND)
        defer { close(descriptor) }  // also releases the lock
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        let existing = try Self.readAll(descriptor, path: path)
        var current = existing.isEmpty ? Self.start : try Self.verify(existing, file: path)
        var text = existing.isEmpty ? CSVWriter(header: Self.columns).text : ""
        for decision in decisions {
            let cells = SwapsCSV.cells(decision, timeZone: timeZone) + [.text(inputsHash)]
            current = Self.rowHash(previous: current, cells: cells)
            text += CSVWriter.line(cells + [.text(current)])
        }
        try AtomicWriter.writeAll(descriptor, Data(text.utf8), path: path)
        guard fsync(descriptor) == 0 else { throw AtomicWriter.Failure(path: path, reason: "cannot flush: \(String(cString: strerror(errno)))") }
        head = current
        return current
    }

    /// Opens the log without following a link; it must be a regular file.
    static func open(_ path: String, flags: Int32) throws(InputErrors) -> Int32 {
        let descriptor = Foundation.open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputErrors([InputError(file: path, message: "cannot open the swaps log: \(String(cString: strerror(errno)))")])
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw InputErrors([InputError(file: path, message: "the swaps log must be a regular file")])
        }
        return descriptor
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
