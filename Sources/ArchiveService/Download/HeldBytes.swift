import Backends
import NIOConcurrencyHelpers
import NIOCore

/// Bytes already in memory, as the source of a `StorageByteStream`: one chunk, then the end. The chunk is let go as
/// it is handed out, so the bytes live no longer than the writer needs them.
final class HeldBytes: ByteChunkSource {
    private let bytes: NIOLockedValueBox<ByteBuffer?>

    init(_ bytes: ByteBuffer) {
        self.bytes = NIOLockedValueBox(bytes)
    }

    func next() async throws -> ByteBuffer? {
        bytes.withLockedValue { bytes in
            defer { bytes = nil }
            return bytes
        }
    }
}
