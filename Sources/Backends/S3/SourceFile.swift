import Foundation

/// A local file being uploaded, read one part at a time with `pread` (never whole).
struct SourceFile: ~Copyable {
    let size: Int64
    private let descriptor: Int32
    private let key: String

    init(path: String, key: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StorageError.backend(key: key, detail: "cannot open source \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        fstat(descriptor, &status)
        size = Int64(status.st_size)
        self.key = key
    }

    deinit { close(descriptor) }

    /// Exactly `count` bytes from `offset`; a file that shrank meanwhile is an error, not a short part.
    func read(offset: Int64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            guard got > 0 else {
                throw StorageError.backend(key: key, detail: got == 0 ? "source file shrank during upload" : String(cString: strerror(errno)))
            }
            done += got
        }
        return bytes
    }
}
