import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Reads a byte range of a file in fixed-size `pread` chunks on a blocking-I/O thread, one chunk ahead of its
/// consumer: while the consumer handles chunk k, chunk k+1 is being read. Memory stays at two chunks whatever the
/// file size, and the thread hop of each read overlaps the consumer's work instead of adding to it (an archive of
/// small files otherwise waits for one hop per file).
final class FileChunkReader: ByteChunkSource {
    static let chunkSize = 256 * 1024

    private struct Cursor {
        var descriptor: Int32
        var offset: Int64
        var remaining: Int64
    }

    /// The chunk `next()` returns next: already read, or being read.
    private enum Ahead {
        case ready(ByteBuffer)
        case reading(Task<ByteBuffer?, any Error>)
    }

    private let key: String
    private let cursor: NIOLockedValueBox<Cursor>
    /// Nil once the range is read.
    private let ahead: NIOLockedValueBox<Ahead?>

    /// Opens the file (`opening` returns its descriptor, which the reader then owns), checks that `range` lies in
    /// the regular file it is and reads the range's first chunk, all in one trip to a blocking-I/O thread (an
    /// archive opens its next files ahead, so that trip overlaps the entry before).
    static func open(key: String, range: ByteRange?, opening: @escaping @Sendable () throws -> Int32) async throws
        -> FileChunkReader
    {
        let (reader, first) = try await BlockingIO.run {
            let reader = try FileChunkReader(descriptor: try opening(), key: key, range: range)
            return (reader, try reader.readChunk())
        }
        reader.ahead.withLockedValue { $0 = first.map(Ahead.ready) }
        return reader
    }

    private init(descriptor: Int32, key: String, range: ByteRange?) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw StorageError.invalidKey(key: key, reason: "not a regular file")
        }
        let size = Int64(status.st_size)
        let offset = range?.offset ?? 0
        guard offset >= 0, offset <= size, (range?.length ?? 0) >= 0 else {
            close(descriptor)
            throw StorageError.invalidKey(key: key, reason: "range \(offset)+\(range?.length ?? 0) outside 0..<\(size)")
        }
        let length = min(range?.length ?? (size - offset), size - offset)
        self.key = key
        cursor = NIOLockedValueBox(Cursor(descriptor: descriptor, offset: offset, remaining: length))
        ahead = NIOLockedValueBox(nil)
    }

    deinit {
        cursor.withLockedValue { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    func next() async throws -> ByteBuffer? {
        let chunk: ByteBuffer?
        switch ahead.withLockedValue({ $0.take() }) {
        case nil:
            return nil
        case .ready(let ready):
            chunk = ready
        case .reading(let read):
            chunk = try await withTaskCancellationHandler { try await read.value } onCancel: { read.cancel() }
        }
        if chunk != nil, cursor.withLockedValue({ $0.remaining > 0 }) {
            let read = Task { try await BlockingIO.run { try self.readChunk() } }
            ahead.withLockedValue { $0 = .reading(read) }
        }
        return chunk
    }

    /// The next chunk, or nil (closing the file) once the range is read.
    private func readChunk() throws -> ByteBuffer? {
        try cursor.withLockedValue { cursor in
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
            if cursor.remaining == 0 { closeLocked(&cursor) }
            return chunk
        }
    }

    private func closeLocked(_ cursor: inout Cursor) {
        if cursor.descriptor >= 0 { close(cursor.descriptor) }
        cursor.descriptor = -1
    }
}
