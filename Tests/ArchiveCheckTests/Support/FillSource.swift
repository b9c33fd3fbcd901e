import NIOCore
import ZipStream

/// Entry data made on demand in 1 MiB chunks of one repeated byte, so an entry of gigabytes costs no memory.
struct FillSource: ZipEntrySource {
    /// The byte each entry repeats, by plan index.
    let fills: [UInt8]

    func bytes(of entry: ZipEntry, at index: Int, from offset: UInt64) async throws -> Chunks {
        Chunks(block: ByteBuffer(repeating: fills[index], count: 1 << 20), remaining: entry.size - offset)
    }

    struct Chunks: AsyncSequence, AsyncIteratorProtocol, Sendable {
        let block: ByteBuffer
        var remaining: UInt64

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let length = Int(Swift.min(UInt64(block.readableBytes), remaining))
            remaining -= UInt64(length)
            return block.getSlice(at: block.readerIndex, length: length)
        }

        func makeAsyncIterator() -> Chunks { self }
    }
}
