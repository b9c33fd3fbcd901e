@testable import Backends
import Foundation
import Testing

/// S3StorageBackend against the real SeaweedFS server: the shared behaviour, multipart, listings and presigning.
/// Requests go through a fault proxy with no faults, which refuses any body whose x-amz-content-sha256 is wrong.
@Suite(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
final class S3StorageBackendTests {
    let proxy: FaultProxy
    let backend: S3StorageBackend
    let limiter: ConnectionLimiter
    let prefix = S3TestEnvironment.uniquePrefix("behaviour")
    let behaviour: StorageBehaviour

    init() async throws {
        proxy = try await FaultProxy.start()
        (backend, limiter) = S3TestEnvironment.backend(
            endpoint: proxy.endpoint,
            options: .init(multipartThreshold: 5 << 20, partSize: 5 << 20,
                           retry: S3RetryPolicy(baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))))
        let prefix = prefix
        behaviour = StorageBehaviour(backend: backend, key: { prefix + "/" + $0 })
    }

    @Test func putGetHeadExists() async throws { try await behaviour.putGetHeadExists() }
    @Test func putReplacesObject() async throws { try await behaviour.putReplacesObject() }
    @Test func rangedGet() async throws { try await behaviour.rangedGet() }
    @Test func deleteAndMissing() async throws { try await behaviour.deleteAndMissing() }
    @Test func deletePrefixOverManyObjects() async throws { try await behaviour.deletePrefixOverManyObjects() }
    @Test func downloadToTemp() async throws { try await behaviour.downloadToTemp() }

    /// A read that names the version it planned (`If-Match` from the first byte) gets those bytes, and nothing
    /// once the object was replaced.
    @Test func aReadOfAPlannedVersionRefusesAReplacedObject() async throws {
        let key = prefix + "/version/a.jpg"
        try await backend.put(key, from: .bytes([1, 2, 3, 4]))
        let planned = try await backend.head(key).etag
        let bytes = try await StorageBehaviour.readAll(backend.get(key, range: ByteRange(offset: 0, version: planned)))
        #expect(bytes == [1, 2, 3, 4])
        try await backend.put(key, from: .bytes([9, 9, 9, 9]))
        await #expect(throws: StorageError.objectChanged(key: key)) {
            _ = try await StorageBehaviour.readAll(backend.get(key, range: ByteRange(offset: 1, version: planned)))
        }
    }

    @Test func downloadToTempCleanupRemovesTheCopy() async throws {
        let key = prefix + "/temp/b.heic"
        try await backend.put(key, from: .bytes([1, 2, 3]))
        let temp = try await backend.downloadToTemp(key)
        #expect(temp.path.hasSuffix(".heic"))
        #expect(FileManager.default.fileExists(atPath: temp.path))
        temp.cleanup()
        #expect(!FileManager.default.fileExists(atPath: temp.path))
    }

    /// 12 MiB with 5 MiB parts: three parts (5 + 5 + 2), from a file and from memory.
    @Test func multipartPutFromFileAndBytes() async throws {
        try await behaviour.putFromFile(size: 12 << 20)
        let bytes = testBytes(count: 11 << 20, seed: 11)
        try await backend.put(prefix + "/mp/bytes.bin", from: .bytes(bytes))
        #expect(try await StorageBehaviour.readAll(backend.get(prefix + "/mp/bytes.bin")) == bytes)
        // A multipart ETag is "<md5 of part md5s>-<part count>".
        #expect(try await backend.head(prefix + "/mp/bytes.bin").etag.hasSuffix("-3\""))
    }

    @Test func failedMultipartLeavesNoUploadBehind() async throws {
        // The second part is refused (403 is permanent: no retry), so the upload must be aborted.
        let failing = try await FaultProxy.start(["--fail-first", "100", "--fail-status", "403", "--fail-match", "partNumber=2"])
        let (faulty, _) = S3TestEnvironment.backend(endpoint: failing.endpoint, options: .init(multipartThreshold: 5 << 20, partSize: 5 << 20))
        let key = prefix + "/mp/failed.bin"
        await #expect(throws: StorageError.accessDenied(key: key)) {
            try await faulty.put(key, from: .bytes(testBytes(count: 12 << 20, seed: 12)))
        }
        #expect(try await backend.multipartUploads(prefix: prefix + "/mp/").isEmpty)
        #expect(try await !backend.exists(key))
    }

    /// 1,001 objects: two ListObjectsV2 pages and two DeleteObjects batches; the second run lists once, deletes nothing.
    @Test func deletePrefixPaginatesAndBatches() async throws {
        let folder = prefix + "/many"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<1001 {
                if index >= 16 { try await group.next() }
                group.addTask { [backend] in try await backend.put(folder + "/\(index).jpg", from: .bytes([1])) }
            }
            try await group.waitForAll()
        }
        try await proxy.resetStats()
        try await backend.deletePrefix(folder)
        #expect(try await proxy.stats().requests == 4)
        try await proxy.resetStats()
        try await backend.deletePrefix(folder)
        #expect(try await proxy.stats().requests == 1)
        #expect(try await !backend.exists(folder + "/1000.jpg"))
    }

    @Test func deletePrefixStopsAtTheFolderBoundary() async throws {
        try await backend.put(prefix + "/u1/a.jpg", from: .bytes([1]))
        try await backend.put(prefix + "/u10/a.jpg", from: .bytes([1]))
        try await backend.deletePrefix(prefix + "/u1")
        #expect(try await !backend.exists(prefix + "/u1/a.jpg"))
        #expect(try await backend.exists(prefix + "/u10/a.jpg"))
    }

    @Test func proxyModeStreamsTheObject() async throws {
        let (proxied, _) = S3TestEnvironment.backend(serveMode: .proxy)
        let key = prefix + "/serve/a.jpg"
        let bytes = testBytes(count: 100_000, seed: 13)
        try await proxied.put(key, from: .bytes(bytes))
        guard case .stream(let stream, let info) = try await proxied.serveStrategy(for: key, options: ServeOptions()) else {
            Issue.record("expected .stream"); return
        }
        #expect(info.size == 100_000)
        #expect(try await StorageBehaviour.readAll(stream) == bytes)
    }

    @Test func wrongSecretIsAClearError() async throws {
        let wrong = AWSCredentials(accessKeyId: S3TestEnvironment.credentials.accessKeyId, secretAccessKey: "not-the-secret")
        let (denied, _) = S3TestEnvironment.backend(credentials: wrong)
        let key = prefix + "/secret.bin"
        do {
            try await denied.put(key, from: .bytes([1]))
            Issue.record("a wrong secret was accepted")
        } catch let error as StorageError {
            #expect(error.key == key)
            #expect(error.description.contains("SignatureDoesNotMatch"))
            #expect(error.description.contains("credentials"))
        }
    }

    @Test func connectionsAreReused() async throws {
        let key = prefix + "/reuse.bin"
        try await backend.put(key, from: .bytes([1, 2, 3]))
        try await proxy.resetStats()
        for _ in 0..<20 { _ = try await backend.head(key) }
        let stats = try await proxy.stats()
        #expect(stats.requests == 20)
        #expect(stats.accepted <= 1)
        #expect(limiter.inUse == 0)
    }
}
