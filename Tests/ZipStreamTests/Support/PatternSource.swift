import NIOCore
import Synchronization
import TestSupport
import ZipStream

/// What an entry's bytes are, for tests: made on demand and never held whole, so a 4.5 GiB entry costs no memory.
enum TestContent: Sendable, Hashable {
    /// `size` pseudo-random bytes from `seed` (a 65,521-byte block repeated: a prime, so no chunk boundary
    /// lines up with it).
    case pattern(seed: UInt64)
    /// All zeros.
    case zeros
    /// The planned bytes but one less, or one more (a source that lies about its size).
    indirect case misreported(TestContent, by: Int)
}

/// An entry source over `TestContent`, pull-based like the real ones: it makes a chunk only when asked.
struct PatternSource: ZipEntrySource {
    static let chunkSize = 1 << 20
    let contents: [TestContent]

    func bytes(of entry: ZipEntry, at index: Int, from offset: UInt64) async throws -> ChunkSequence {
        ChunkSequence(content: contents[index], size: entry.size, offset: offset)
    }

    /// CRC-32 and size of an entry's bytes as the source gives them, computed without the writer.
    static func checksum(_ content: TestContent, size: UInt64) async throws -> (crc: UInt32, size: UInt64) {
        var crc = CRC32()
        var count: UInt64 = 0
        for try await chunk in ChunkSequence(content: content, size: size, offset: 0) {
            crc.update(chunk)
            count += UInt64(chunk.readableBytes)
        }
        return (crc.value, count)
    }
}

struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let content: TestContent
    let size: UInt64
    let offset: UInt64

    struct AsyncIterator: AsyncIteratorProtocol {
        let block: ByteBuffer
        var position: UInt64
        let end: UInt64

        mutating func next() async throws -> ByteBuffer? {
            guard position < end else { return nil }
            let period = block.readableBytes / 2
            let length = Int(Swift.min(UInt64(PatternSource.chunkSize), end - position, UInt64(period)))
            let start = Int(position % UInt64(period))
            position += UInt64(length)
            return block.getSlice(at: start, length: length)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        var (base, delta) = (content, 0)
        if case .misreported(let inner, let by) = content { (base, delta) = (inner, by) }
        return AsyncIterator(block: Self.block(base), position: offset, end: UInt64(Int64(size) + Int64(delta)))
    }

    /// The repeating block, stored twice in a row so that any window of up to one period is one slice.
    static func block(_ content: TestContent) -> ByteBuffer {
        switch content {
        case .zeros:
            return ByteBuffer(repeating: 0, count: 2 * PatternSource.chunkSize)
        case .pattern(let seed):
            return patternBlocks.withLock { blocks in
                if let block = blocks[seed] { return block }
                var generator = SplitMix64(seed: seed)
                let period = generator.bytes(count: 65_521)
                blocks[seed] = ByteBuffer(bytes: period + period)
                return blocks[seed]!
            }
        case .misreported:
            preconditionFailure("unwrapped by the caller")
        }
    }
}

/// Pattern blocks by seed: made once, since an archive of 70,000 entries would otherwise make 70,000.
private let patternBlocks = Mutex<[UInt64: ByteBuffer]>([:])
