@testable import Backends
import Foundation
import TestSupport
import Testing

/// Faults injected by the proxy in front of SeaweedFS: transient ones are retried and the bytes stay identical;
/// permanent ones surface at once, naming the key; an object replaced mid-read fails instead of being spliced.
@Suite(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
struct S3FaultTests {
    let objects = DirectObjects("faults")

    @Test(arguments: [503, 500, 429])
    func serverErrorsAreRetried(status: Int) async throws {
        let (key, bytes) = try await objects.stored("5xx-\(status).bin", size: 2 << 20, seed: 31)
        let proxy = try await FaultProxy.start(["--fail-first", "3", "--fail-status", String(status)])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        #expect(try await StorageBehaviour.readAll(backend.get(key)) == bytes)
        try await proxy.resetStats()
        try await backend.put(key + ".copy", from: .bytes(bytes))  // the first requests failed before: no more faults
        #expect(try await backend.head(key + ".copy").size == Int64(bytes.count))
    }

    @Test func putIsRetriedAfterServerErrors() async throws {
        let proxy = try await FaultProxy.start(["--fail-first", "2", "--fail-status", "503"])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        let key = objects.prefix + "/put-retried.bin"
        let bytes = testBytes(count: 1 << 20, seed: 32)
        try await backend.put(key, from: .bytes(bytes))
        #expect(try await StorageBehaviour.readAll(objects.backend.get(key)) == bytes)
        #expect(try await proxy.stats().requests == 3)
    }

    @Test func resetsMidBodyResumeWithIdenticalBytes() async throws {
        let (key, bytes) = try await objects.stored("reset.bin", size: 8 << 20, seed: 33)
        let proxy = try await FaultProxy.start(["--reset-first", "3", "--reset-after-bytes", String(1_500_000)])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        #expect(try await StorageBehaviour.readAll(backend.get(key)) == bytes)
        #expect(try await proxy.stats().requests == 4)  // the first GET and three resumes
        let ranged = try await StorageBehaviour.readAll(backend.get(key, range: ByteRange(offset: 100, length: 3 << 20)))
        #expect(ranged == Array(bytes[100..<(100 + (3 << 20))]))
    }

    @Test func slowFirstByteIsRetried() async throws {
        let (key, bytes) = try await objects.stored("slow.bin", size: 1 << 20, seed: 34)
        let proxy = try await FaultProxy.start(["--slow-first-byte-first", "1", "--slow-first-byte-ms", "3000"])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint, stallTimeout: .seconds(1)).backend
        #expect(try await StorageBehaviour.readAll(backend.get(key)) == bytes)
        #expect(try await proxy.stats().requests == 2)
    }

    @Test func notFoundSurfacesAtOnceNamingTheKey() async throws {
        let proxy = try await FaultProxy.start()
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        let key = objects.prefix + "/absent.jpg"
        await #expect(throws: StorageError.notFound(key: key)) { _ = try await backend.get(key) }
        await #expect(throws: StorageError.notFound(key: key)) { _ = try await backend.head(key) }
        #expect(try await proxy.stats().requests == 2)  // no retries
    }

    @Test func forbiddenSurfacesAtOnceNamingTheKey() async throws {
        let (key, _) = try await objects.stored("forbidden.bin", size: 10, seed: 35)
        let proxy = try await FaultProxy.start(["--fail-first", "100", "--fail-status", "403"])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        await #expect(throws: StorageError.accessDenied(key: key)) { _ = try await backend.get(key) }
        #expect(try await proxy.stats().requests == 1)
    }

    @Test func objectChangedMidReadFails() async throws {
        let (key, bytes) = try await objects.stored("changing.bin", size: 8 << 20, seed: 36)
        let proxy = try await FaultProxy.start(["--reset-first", "1", "--reset-after-bytes", String(3 << 20)])
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint).backend
        var iterator = try await backend.get(key).makeAsyncIterator()
        var read: [UInt8] = Array(try #require(try await iterator.next()).readableBytesView)
        try await objects.backend.put(key, from: .bytes(testBytes(count: 8 << 20, seed: 37)))
        await #expect(throws: StorageError.objectChanged(key: key)) {
            while let chunk = try await iterator.next() { read += chunk.readableBytesView }
        }
        #expect(read.count < bytes.count)
        #expect(read == Array(bytes[..<read.count]))  // every byte handed out was the old version's
        #expect(try await proxy.stats().requests == 2)  // the cut GET and the refused resume
    }
}

extension S3FaultTests {
    /// A consumer that stops reading for longer than the stall limit is backpressure, not a dead peer: curl is
    /// paused, and its low-speed check does not count paused time, so the same connection carries on. The
    /// transport counts the stream as paused from the pause until the reader drains the buffer again.
    @Test func aPausedConsumerIsNotAStall() async throws {
        let (key, bytes) = try await objects.stored("paused.bin", size: 8 << 20, seed: 38)
        let proxy = try await FaultProxy.start()
        let backend = S3TestEnvironment.backend(endpoint: proxy.endpoint, stallTimeout: .seconds(1)).backend
        let paused = backend.client.transport.configuration.pausedStreams
        var iterator = try await backend.get(key).makeAsyncIterator()
        var read: [UInt8] = Array(try #require(try await iterator.next()).readableBytesView)
        #expect(try await eventually(within: .seconds(20)) { paused.value == 1 })
        try await Task.sleep(for: .milliseconds(2500))  // paused for longer than the stall limit
        while let chunk = try await iterator.next() { read += chunk.readableBytesView }
        #expect(read == bytes)
        #expect(paused.value == 0)
        #expect(try await proxy.stats().requests == 1)  // no resume was needed
    }
}
