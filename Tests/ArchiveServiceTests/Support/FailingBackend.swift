import Backends
import Foundation
import NIOCore
import Synchronization

/// Fault injection in front of the real disk backend: reads of keys ending in `failingSuffix` deliver part of
/// their first chunk and then fail, as a disk read error or a dropped S3 connection would after the first byte;
/// with `stalls`, they wait a minute first, as an S3 connection that stops sending would; with `stallsHead`, their
/// HEAD waits a minute before it answers, as a storage that stops answering would. `stallsBegun` counts the reads
/// that have started their stall, for tests that wait for one.
struct FailingBackend: StorageBackend {
    let inner: any StorageBackend
    let failingSuffix: String
    var stalls = false
    var stallsHead = false
    var stallsBegun = StallCount()

    func get(_ key: String, range: ByteRange?) async throws -> StorageByteStream {
        let stream = try await inner.get(key, range: range)
        guard key.hasSuffix(failingSuffix) else { return stream }
        return StorageByteStream(FailingChunks(key: key, inner: stream.makeAsyncIterator(),
                                               stalls: stalls ? stallsBegun : nil))
    }

    func put(_ key: String, from source: StorageSource) async throws { try await inner.put(key, from: source) }
    func head(_ key: String) async throws -> ObjectInfo {
        if stallsHead, key.hasSuffix(failingSuffix) { try await Task.sleep(for: .seconds(60)) }
        return try await inner.head(key)
    }
    func delete(_ key: String) async throws { try await inner.delete(key) }
    func deletePrefix(_ prefix: String) async throws { try await inner.deletePrefix(prefix) }
    func serveStrategy(for key: String, options: ServeOptions) async throws -> ServeStrategy {
        try await inner.serveStrategy(for: key, options: options)
    }
    func downloadToTemp(_ key: String) async throws -> TempFile { try await inner.downloadToTemp(key) }
}

/// How many reads have begun to stall.
final class StallCount: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func add() { count.add(1, ordering: .relaxed) }
}

/// Half of the first chunk, then (after a minute's stall, counted in `stalls`, if given) `StorageError.backend`.
final class FailingChunks: ByteChunkSource {
    private let key: String
    private let stalls: StallCount?
    private let state: Mutex<(iterator: StorageByteStream.AsyncIterator?, delivered: Bool)>

    init(key: String, inner: StorageByteStream.AsyncIterator, stalls: StallCount?) {
        self.key = key
        self.stalls = stalls
        state = Mutex((inner, false))
    }

    func next() async throws -> ByteBuffer? {
        let (iterator, delivered) = state.withLock { state in
            defer { state.delivered = true }
            return (state.iterator, state.delivered)
        }
        if delivered, let stalls {
            stalls.add()
            try await Task.sleep(for: .seconds(60))
        }
        guard !delivered, var iterator else { throw StorageError.backend(key: key, detail: "injected read failure") }
        guard var chunk = try await iterator.next() else { return nil }
        return chunk.readSlice(length: max(1, chunk.readableBytes / 2))
    }
}
