import Foundation

/// Writes a file so readers see either the old or the complete new content: a temporary file in the same
/// directory, fsync, then rename(2) over the target (atomic within one filesystem).
enum AtomicFileWriter {
    static let chunkSize = 256 * 1024
    /// A temporary file is `.<name>.<writer's pid>.<random hex>.tmp`: the pid tells a live writer's file from one a
    /// process killed mid-write left behind (`abandonedTemporaryFiles`).
    static func temporaryPath(for path: String) -> String {
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return "\((path as NSString).deletingLastPathComponent)/.\((path as NSString).lastPathComponent).\(getpid()).\(random).tmp"
    }

    /// The temporary files in `directory` whose writing process no longer exists.
    static func abandonedTemporaryFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
            let parts = name.dropLast(".tmp".count).split(separator: ".")
            guard parts.count >= 3, parts[parts.count - 1].count == 32, let pid = Int32(parts[parts.count - 2]),
                  pid > 0 else { return false }
            return kill(pid, 0) == -1 && errno == ESRCH
        }.map { directory + "/" + $0 }
    }

    static func write(_ source: StorageSource, to path: String, key: String) throws {
        let temporary = temporaryPath(for: path)
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw DiskStorageBackend.error(errno, key: key) }
        do {
            defer { close(output) }
            switch source {
            case .bytes(let bytes): try bytes.withUnsafeBytes { try writeAll($0, to: output, key: key) }
            case .file(let sourcePath): try copy(from: sourcePath, to: output, key: key)
            }
            guard fsync(output) == 0 else { throw DiskStorageBackend.error(errno, key: key) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw DiskStorageBackend.error(code, key: key)
        }
    }

    private static func copy(from sourcePath: String, to output: Int32, key: String) throws {
        let input = open(sourcePath, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw StorageError.backend(key: key, detail: "cannot open source \(sourcePath): \(String(cString: strerror(errno)))")
        }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, chunkSize) }
            guard count >= 0 else { throw DiskStorageBackend.error(errno, key: key) }
            if count == 0 { return }
            try buffer.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[..<count]), to: output, key: key) }
        }
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to output: Int32, key: String) throws {
        var written = 0
        while written < buffer.count {
            let count = Glibc.write(output, buffer.baseAddress! + written, buffer.count - written)
            guard count > 0 else {
                if count < 0, errno == EINTR { continue }
                throw DiskStorageBackend.error(errno, key: key)
            }
            written += count
        }
    }
}
