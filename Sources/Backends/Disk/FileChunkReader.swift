import Foundation
import NIOCore
import Synchronization

/// Reads a byte range of an open file in fixed-size `pread` chunks, one per `next()`: the consumer's pace sets
/// the read pace, so memory stays at one chunk whatever the file size.
final class FileChunkReader: ByteChunkSource {
    static let chunkSize = 256 * 1024

    private struct Cursor {
        var descriptor: Int32
        var offset: Int64
        var remaining: Int64
    }

    private let key: String
    private let cursor: Mutex<Cursor>

    /// Takes ownership of `descriptor`.
    init(key: String, descriptor: Int32, offset: Int64, length: Int64) {
        self.key = key
        self.cursor = Mutex(Cursor(descriptor: descriptor, offset: offset, remaining: length))
    }

    deinit {
        cursor.withLock { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    func next() async throws -> ByteBuffer? {
        try await BlockingIO.run { try self.readChunk() }
    }

    private func readChunk() throws -> ByteBuffer? {
        try cursor.withLock { cursor in
            guard cursor.remaining > 0 else {
                closeLocked(&cursor)
                return nil
            }
            let want = Int(min(Int64(Self.chunkSize), cursor.remaining))
            var chunk = ByteBufferAllocator().buffer(capacity: want)
            var count = 0
            chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { buffer in
                count = pread(cursor.descriptor, buffer.baseAddress, want, off_t(cursor.offset))
                return max(count, 0)
            }
            guard count > 0 else {
                closeLocked(&cursor)
                // The file shrank under us (or the read failed): a short object must not look complete.
                throw StorageError.backend(key: key, detail: count == 0 ? "file truncated while reading" : String(cString: strerror(errno)))
            }
            cursor.offset += Int64(count)
            cursor.remaining -= Int64(count)
            return chunk
        }
    }

    private func closeLocked(_ cursor: inout Cursor) {
        if cursor.descriptor >= 0 { close(cursor.descriptor) }
        cursor.descriptor = -1
    }
}
