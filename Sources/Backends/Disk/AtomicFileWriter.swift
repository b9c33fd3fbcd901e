import Foundation

/// Writes a file so readers see either the old or the complete new content: a temporary file in the same
/// directory, fsync, then rename(2) over the target (atomic within one filesystem).
enum AtomicFileWriter {
    static let chunkSize = 256 * 1024

    static func write(_ source: StorageSource, to path: String, key: String) throws {
        let temporary = "\((path as NSString).deletingLastPathComponent)/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
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
