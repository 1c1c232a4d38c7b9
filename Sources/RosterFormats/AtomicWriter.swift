import Foundation

/// Writes a set of files into a folder so that the whole set appears at once or not at all.
///
/// 1. Every file is written into a fresh staging folder inside the target folder, made by
///    `mkdtemp` (a name nobody can predict, mode 0700); each file is created there with
///    `O_CREAT | O_EXCL | O_NOFOLLOW`, so nothing planted in the target folder is ever opened or
///    followed.
/// 2. Before anything in the target folder changes, every destination is checked: no folder on
///    its way may be a file or a symbolic link, and no destination may be a folder.
/// 3. Each destination's earlier file (if any) is moved aside into the staging folder and the new
///    one renamed into place; if any step fails, every step already taken is undone in reverse.
/// 4. With a `set` name, the folder keeps a manifest (`.roster-outputs-SET`) of the files that
///    set wrote: files an earlier run of the same set wrote and this one does not (the calendar
///    of an agent who left) are removed in the same transaction. Files the tool did not write are
///    never touched.
///
/// A process killed halfway leaves only a `.roster-staging-*` folder, which the next write into
/// the same folder removes.
public enum AtomicWriter {
    /// A write that could not be done; nothing in the target folder was changed.
    public struct Failure: LocalizedError, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
        public var errorDescription: String? { description }
    }

    static let stagingPrefix = ".roster-staging-"
    static let manifestPrefix = ".roster-outputs-"

    /// Writes `files` (names relative to `directory`, subfolders allowed) into `directory`,
    /// creating it if needed. With `set`, replaces what the same set wrote there before.
    /// O(total size of the files).
    public static func write(_ files: [(name: String, contents: String)], into directory: String, set: String? = nil) throws {
        for file in files { try checkName(file.name) }
        let root = try prepare(directory)
        let staging = try makeStaging(in: root)
        defer { removeTree(staging) }
        var entries = files.map { (name: $0.name, data: Data($0.contents.utf8)) }
        var removals: [String] = []
        if let set {
            let manifest = manifestPrefix + set
            let names = Set(files.map(\.name))
            removals = earlierNames(root: root, manifest: manifest).filter { !names.contains($0) }.sorted()
            entries.append((manifest, Data((files.map(\.name).sorted().joined(separator: "\n") + "\n").utf8)))
        }
        for (index, entry) in entries.enumerated() {
            try create(staging + "/new/\(index)", data: entry.data)
        }
        for entry in entries { try checkDestination(root: root, name: entry.name) }
        try commit(entries.map(\.name), removals: removals, root: root, staging: staging)
    }

    /// Fails early (before a long solve) when `directory` cannot take an output set. Leaves no
    /// trace: folders it had to create for the check are removed again.
    public static func checkWritable(_ directory: String) throws {
        var missing: String?
        var path = (directory.isEmpty ? "." : directory as NSString).standardizingPath
        while kind(path) == nil, path != "/", !path.isEmpty {
            missing = path
            path = (path as NSString).deletingLastPathComponent
        }
        defer { if let missing { removeTree(missing) } }
        let root = try prepare(directory)
        removeTree(try makeStaging(in: root))
    }

    /// A new folder under the system's temporary folder with a name nobody can predict (mode
    /// 0700, made by `mkdtemp`), for scratch work.
    public static func makeTemporaryFolder(prefix: String) throws -> String {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent(prefix + "XXXXXX")
        var template = Array(base.utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(path: base, reason: "cannot create a temporary folder: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    // MARK: - Steps

    static func checkName(_ name: String) throws {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw Failure(path: name, reason: "not a plain relative file name")
        }
        if let long = parts.first(where: { $0.utf8.count > 255 }) {
            throw Failure(path: name, reason: "the name '\(long.prefix(40))…' is \(long.utf8.count) bytes; file names may have at most 255")
        }
    }

    /// Creates the folder when missing, removes stale staging folders, returns its path.
    static func prepare(_ directory: String) throws -> String {
        let root = directory.isEmpty ? "." : directory
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: root, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        if let names = try? FileManager.default.contentsOfDirectory(atPath: root) {
            for name in names where name.hasPrefix(stagingPrefix) && kind(root + "/" + name) == S_IFDIR { removeTree(root + "/" + name) }
        }
        return root
    }

    static func makeStaging(in root: String) throws -> String {
        var template = Array((root + "/" + stagingPrefix + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(path: root, reason: "cannot write here: \(String(cString: strerror(errno)))")
        }
        let staging = String(cString: made)
        guard mkdir(staging + "/new", 0o700) == 0, mkdir(staging + "/old", 0o700) == 0 else {
            let reason = String(cString: strerror(errno))
            removeTree(staging)
            throw Failure(path: root, reason: "cannot write here: \(reason)")
        }
        return staging
    }

    /// Creates a new file exclusively (never through an existing file or link) and writes it whole.
    static func create(_ path: String, data: Data) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try writeAll(descriptor, data, path: path)
    }

    /// Writes all of `data` to an open file, going on after short writes and interruptions.
    static func writeAll(_ descriptor: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    /// No folder on the way may be a file or a link; the destination may not be a folder.
    static func checkDestination(root: String, name: String) throws {
        let parts = name.split(separator: "/").map(String.init)
        var path = root
        for part in parts.dropLast() {
            path += "/" + part
            switch kind(path) {
            case nil, S_IFDIR?: continue
            default: throw Failure(path: path, reason: "is in the way of \(name): not a folder (or a symbolic link)")
            }
        }
        if kind(root + "/" + name) == S_IFDIR { throw Failure(path: root + "/" + name, reason: "is a folder; the output file cannot replace it") }
    }

    /// Renames the new files into place, moving earlier ones aside; undoes every step on failure.
    static func commit(_ names: [String], removals: [String], root: String, staging: String) throws {
        var done: [(from: String, to: String)] = []
        func move(_ from: String, _ to: String) throws {
            guard rename(from, to) == 0 else { throw Failure(path: to, reason: String(cString: strerror(errno))) }
            done.append((from, to))
        }
        do {
            for (index, name) in names.enumerated() {
                let target = root + "/" + name
                try makeParents(of: name, root: root)
                if kind(target) != nil { try move(target, staging + "/old/\(index)") }
                try move(staging + "/new/\(index)", target)
            }
            for (index, name) in removals.enumerated() where kind(root + "/" + name) == S_IFREG && (try? checkDestination(root: root, name: name)) != nil {
                try move(root + "/" + name, staging + "/old/removed-\(index)")
            }
        } catch {
            for step in done.reversed() { _ = rename(step.to, step.from) }
            throw error
        }
    }

    static func makeParents(of name: String, root: String) throws {
        var path = root
        for part in name.split(separator: "/").dropLast() {
            path += "/" + part
            if kind(path) == nil, mkdir(path, 0o755) != 0, errno != EEXIST {
                throw Failure(path: path, reason: "cannot create the folder: \(String(cString: strerror(errno)))")
            }
            guard kind(path) == S_IFDIR else { throw Failure(path: path, reason: "is not a folder") }
        }
    }

    /// Names an earlier run of the set wrote, from its manifest (only plain relative names).
    static func earlierNames(root: String, manifest: String) -> [String] {
        guard kind(root + "/" + manifest) == S_IFREG, let data = FileManager.default.contents(atPath: root + "/" + manifest) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { (try? checkName($0)) != nil }
    }

    /// The file type of `path` without following a final link (`S_IFREG`, `S_IFDIR`, `S_IFLNK`, …).
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
