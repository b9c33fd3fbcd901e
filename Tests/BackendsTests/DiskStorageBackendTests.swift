import Backends
import Foundation
import Testing

/// DiskStorageBackend: the shared behaviour, plus confinement to the media roots.
@Suite final class DiskStorageBackendTests {
    let root: TemporaryDirectory
    let backend: DiskStorageBackend
    let behaviour: StorageBehaviour

    init() throws {
        root = try TemporaryDirectory()
        backend = DiskStorageBackend(roots: try MediaRoots([root.path]))
        let base = root.path
        behaviour = StorageBehaviour(backend: backend, key: { base + "/" + $0 })
    }

    deinit { root.remove() }

    @Test func putGetHeadExists() async throws { try await behaviour.putGetHeadExists() }
    @Test func putReplacesObject() async throws { try await behaviour.putReplacesObject() }
    @Test func putFromFile() async throws { try await behaviour.putFromFile(size: 5 << 20) }
    @Test func rangedGet() async throws { try await behaviour.rangedGet() }
    @Test func deleteAndMissing() async throws { try await behaviour.deleteAndMissing() }
    @Test func deletePrefixOverManyObjects() async throws { try await behaviour.deletePrefixOverManyObjects() }

    @Test func downloadToTempIsTheOriginalFile() async throws {
        try await behaviour.downloadToTemp()
        #expect(try await backend.downloadToTemp(root.path + "/temp/a.bin").path == root.path + "/temp/a.bin")
    }

    @Test func serveStrategyIsTheFile() async throws {
        try await backend.put(root.path + "/s/a.jpg", from: .bytes([1]))
        guard case .file(let path) = try await backend.serveStrategy(for: root.path + "/s/a.jpg", options: ServeOptions())
        else { Issue.record("expected .file"); return }
        #expect(path == root.path + "/s/a.jpg")
    }

    /// An external library's root is read but never written or deleted from.
    @Test func readOnlyRootsAreReadButNeverWritten() async throws {
        let external = try TemporaryDirectory()
        defer { external.remove() }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: external.path + "/photo.jpg"))
        let disk = DiskStorageBackend(roots: try MediaRoots([root.path], readOnly: [external.path]))
        #expect(try await disk.head(external.path + "/photo.jpg").size == 3)
        for attempt: @Sendable () async throws -> Void in [
            { try await disk.put(external.path + "/new.jpg", from: .bytes([9])) },
            { try await disk.delete(external.path + "/photo.jpg") },
            { try await disk.deletePrefix(external.path + "/sub") },
        ] {
            let error = await #expect(throws: StorageError.self) { try await attempt() }
            guard case .invalidKey(_, let reason) = error else { Issue.record("expected invalidKey, got \(String(describing: error))"); continue }
            #expect(reason == "inside a read-only root")
        }
        #expect(FileManager.default.fileExists(atPath: external.path + "/photo.jpg"))
        #expect(!FileManager.default.fileExists(atPath: external.path + "/new.jpg"))
    }

    @Test func relativeKeysLandInTheWriteRoot() async throws {
        try await backend.put("library/u1/a.jpg", from: .bytes([7]))
        #expect(FileManager.default.fileExists(atPath: root.path + "/library/u1/a.jpg"))
    }

    @Test(arguments: ["/etc/passwd", "../outside", "a/../../etc/passwd", "library/./a", "", "a\0b"])
    func rejectsKeysOutsideTheRoots(_ key: String) async throws {
        await #expect(throws: StorageError.self) { _ = try await backend.get(key) }
        await #expect(throws: StorageError.self) { try await backend.put(key, from: .bytes([1])) }
    }

    @Test func rejectsSymlinkEscapes() async throws {
        let outside = try TemporaryDirectory()
        defer { outside.remove() }
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside.path + "/secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.path + "/link", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/file-link", withDestinationPath: outside.path + "/secret.txt")
        for key in [root.path + "/link/secret.txt", root.path + "/file-link", root.path + "/link/new.txt"] {
            await #expect(throws: StorageError.self) { _ = try await backend.get(key) }
            await #expect(throws: StorageError.self) { try await backend.put(key, from: .bytes([1])) }
        }
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/new.txt"))
    }

    @Test func refusesToDeleteAWholeRoot() async throws {
        await #expect(throws: StorageError.self) { try await backend.deletePrefix(root.path) }
        #expect(FileManager.default.fileExists(atPath: root.path))
    }

    @Test func streamsInBoundedChunks() async throws {
        let key = root.path + "/big.bin"
        try await backend.put(key, from: .bytes(testBytes(count: 3 << 20, seed: 8)))
        var largest = 0
        for try await chunk in try await backend.get(key) { largest = max(largest, chunk.readableBytes) }
        #expect(largest <= 256 * 1024)
    }

    @Test func emptyFilesAndEmptyRangesYieldNoChunks() async throws {
        let empty = root.path + "/empty.bin", some = root.path + "/some.bin"
        try await backend.put(empty, from: .bytes([]))
        try await backend.put(some, from: .bytes(testBytes(count: 10, seed: 3)))
        #expect(try await StorageBehaviour.readAll(backend.get(empty)).isEmpty)
        #expect(try await StorageBehaviour.readAll(backend.get(some, range: ByteRange(offset: 10))).isEmpty)
    }

    /// The reader keeps a chunk read ahead; a file cut short under it must still end in an error, never in a
    /// stream that looks complete.
    @Test func aFileCutShortWhileStreamingIsAnError() async throws {
        let key = root.path + "/shrinks.bin"
        try await backend.put(key, from: .bytes(testBytes(count: 1 << 20, seed: 9)))
        let stream = try await backend.get(key)
        #expect(truncate(key, 300 * 1024) == 0)
        let error = await #expect(throws: StorageError.self) { _ = try await StorageBehaviour.readAll(stream) }
        #expect("\(String(describing: error))".contains("truncated"))
    }
}
