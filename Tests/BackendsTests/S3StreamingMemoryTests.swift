@testable import Backends
import Foundation
import NIOCore
import Testing

/// A 1 GiB object streamed through a consumer slower than the network: backpressure must keep the process's
/// memory flat (the transport pauses curl instead of buffering what the consumer has not taken).
@Suite(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
struct S3StreamingMemoryTests {
    static let objectSize = 1 << 30
    static let block = 1 << 20
    /// Generous next to the 1 MiB stream buffer, tiny next to the 1 GiB object.
    static let allowedGrowth = 64 << 20

    @Test func oneGibibyteThroughASlowConsumerKeepsMemoryBounded() async throws {
        let (backend, limiter) = S3TestEnvironment.backend()
        let key = S3TestEnvironment.uniquePrefix("memory") + "/big.bin"
        let source = try await BlockingIO.run(Self.writeSource)  // off the cooperative pool the other tests share
        try await backend.put(key, from: .file(path: source))
        try FileManager.default.removeItem(atPath: source)

        let baseline = try residentBytes()
        var peak = baseline
        var received = 0
        var blocksOK = true
        var chunks = 0
        for try await chunk in try await backend.get(key) {
            blocksOK = blocksOK && Self.matchesSource(chunk, at: received)
            received += chunk.readableBytes
            chunks += 1
            if chunks % 16 == 0 {
                peak = max(peak, try residentBytes())
                try await Task.sleep(for: .milliseconds(20))  // slower than the server by far
            }
        }
        #expect(received == Self.objectSize)
        #expect(blocksOK)
        #expect(peak - baseline < Self.allowedGrowth, "RSS grew \((peak - baseline) >> 20) MiB (baseline \(baseline >> 20) MiB)")
        #expect(limiter.inUse == 0)
        try await backend.delete(key)
        print("S3 1 GiB stream: baseline RSS \(baseline >> 20) MiB, peak \(peak >> 20) MiB, \(chunks) chunks")
    }

    /// The source: 1 MiB blocks, each starting with its block number, so a spliced or shifted byte shows.
    private static func writeSource() throws -> String {
        let path = NSTemporaryDirectory() + "memory-\(UUID().uuidString).bin"
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var block = testBytes(count: Self.block, seed: 99)
        for index in 0..<(Self.objectSize / Self.block) {
            withUnsafeBytes(of: UInt64(index).littleEndian) { block.replaceSubrange(0..<8, with: $0) }
            try handle.write(contentsOf: Data(block))
        }
        return path
    }

    /// Checks the block numbers that fall inside `chunk` (received from byte `offset` on).
    private static func matchesSource(_ chunk: ByteBuffer, at offset: Int) -> Bool {
        var blockStart = (offset + Self.block - 1) / Self.block * Self.block
        while blockStart + 8 <= offset + chunk.readableBytes {
            let stamp = chunk.getInteger(at: chunk.readerIndex + blockStart - offset, endianness: .little, as: UInt64.self)
            if stamp != UInt64(blockStart / Self.block) { return false }
            blockStart += Self.block
        }
        return true
    }
}
