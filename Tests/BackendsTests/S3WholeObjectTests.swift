@testable import Backends
import Foundation
import Testing

/// `getWhole` against the real SeaweedFS server, through the fault proxy that counts requests: one GET that answers
/// exactly what a HEAD answers (size, ETag, time, the stored CRC-32) and brings a small object's bytes; a larger
/// object is left unread; a missing one fails at once, and a dropped connection is retried whole.
@Suite(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
struct S3WholeObjectTests {
    let objects = DirectObjects("whole")

    @Test func aSmallObjectComesWholeWithWhatHeadAnswersInOneRequest() async throws {
        let (key, bytes) = try await objects.stored("small.jpg", size: 5_000, seed: 51)
        let proxy = try await FaultProxy.start()
        let (backend, limiter) = S3TestEnvironment.backend(endpoint: proxy.endpoint)
        let whole = try await backend.getWhole(key, upTo: bytes.count)
        #expect(try await proxy.stats().requests == 1)
        #expect(limiter.inUse == 0)
        #expect(whole.bytes.map { Array($0.readableBytesView) } == bytes)
        #expect(whole.info == (try await objects.backend.head(key)))
        #expect(whole.info.crc32 == S3Checksum.crc32(bytes))
    }

    /// Larger than asked for (a catalog that has the size wrong), or than one chunk: only the info, the same as
    /// the HEAD's, and the permit back at once.
    @Test func aLargerObjectIsLeftUnreadWithItsInfo() async throws {
        let (backend, limiter) = S3TestEnvironment.backend()
        let (grown, _) = try await objects.stored("grown.jpg", size: 5_000, seed: 52)
        let smaller = try await backend.getWhole(grown, upTo: 1_000)
        #expect(smaller.bytes == nil)
        #expect(smaller.info == (try await objects.backend.head(grown)))

        let limit = backend.wholeObjectLimit
        let (atLimit, atLimitBytes) = try await objects.stored("at-limit.bin", size: limit, seed: 53)
        #expect(try await backend.getWhole(atLimit, upTo: .max).bytes.map { Array($0.readableBytesView) } == atLimitBytes)
        let (overLimit, _) = try await objects.stored("over-limit.bin", size: limit + 1, seed: 54)
        let over = try await backend.getWhole(overLimit, upTo: .max)
        #expect(over.bytes == nil)
        #expect(over.info.size == Int64(limit + 1))
        #expect(limiter.inUse == 0)
    }

    @Test func aMissingObjectIsNotFoundAtOnce() async throws {
        let proxy = try await FaultProxy.start()
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        let key = objects.prefix + "/absent.jpg"
        await #expect(throws: StorageError.notFound(key: key)) { _ = try await backend.getWhole(key, upTo: 4_096) }
        #expect(try await proxy.stats().requests == 1)  // no retries
    }

    @Test func aConnectionDroppedMidBodyIsRetriedWhole() async throws {
        let (key, bytes) = try await objects.stored("reset.bin", size: 100_000, seed: 55)
        let proxy = try await FaultProxy.start(["--reset-first", "1", "--reset-after-bytes", "1000"])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        let whole = try await backend.getWhole(key, upTo: bytes.count)
        #expect(whole.bytes.map { Array($0.readableBytesView) } == bytes)
        #expect(try await proxy.stats().requests == 2)
    }
}
