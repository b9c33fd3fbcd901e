import Backends
import Foundation
import NIOCore
import Testing

/// The behaviour every `StorageBackend` must show, run by one suite per backend (disk, S3 on SeaweedFS).
struct StorageBehaviour {
    let backend: any StorageBackend
    /// Turns a relative name into a key this backend accepts (a path under the media root, or an S3 key).
    let key: @Sendable (String) -> String

    static func readAll(_ stream: StorageByteStream) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in stream { bytes += chunk.readableBytesView }
        return bytes
    }

    func putGetHeadExists() async throws {
        let key = key("roundtrip/photo.jpg")
        let bytes = testBytes(count: 3 << 20, seed: 1)
        try await backend.put(key, from: .bytes(bytes))
        #expect(try await Self.readAll(backend.get(key)) == bytes)
        let info = try await backend.head(key)
        #expect(info.size == Int64(bytes.count))
        #expect(!info.etag.isEmpty)
        #expect(abs(info.modified.timeIntervalSinceNow) < 300)
        #expect(try await backend.exists(key))
        #expect(try await !backend.exists(self.key("roundtrip/absent.jpg")))
    }

    func putReplacesObject() async throws {
        let key = key("replace/a.bin")
        try await backend.put(key, from: .bytes(testBytes(count: 1000, seed: 2)))
        let first = try await backend.head(key)
        let second = testBytes(count: 2000, seed: 3)
        try await backend.put(key, from: .bytes(second))
        #expect(try await Self.readAll(backend.get(key)) == second)
        #expect(try await backend.head(key).etag != first.etag)
    }

    func putFromFile(size: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let source = directory.path + "/source.bin"
        let bytes = testBytes(count: size, seed: 4)
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let key = key("fromfile/video.mp4")
        try await backend.put(key, from: .file(path: source))
        #expect(try await backend.head(key).size == Int64(size))
        #expect(try await Self.readAll(backend.get(key)) == bytes)
    }

    func rangedGet() async throws {
        let key = key("ranged/a.bin")
        let bytes = testBytes(count: 1 << 20, seed: 5)
        try await backend.put(key, from: .bytes(bytes))
        let middle = try await Self.readAll(backend.get(key, range: ByteRange(offset: 1000, length: 70_000)))
        #expect(middle == Array(bytes[1000..<71_000]))
        let tail = try await Self.readAll(backend.get(key, range: ByteRange(offset: 1_000_000)))
        #expect(tail == Array(bytes[1_000_000...]))
    }

    func deleteAndMissing() async throws {
        let key = key("delete/a.bin")
        try await backend.put(key, from: .bytes([1, 2, 3]))
        try await backend.delete(key)
        #expect(try await !backend.exists(key))
        try await backend.delete(key)  // deleting a missing object succeeds
        await #expect(throws: StorageError.notFound(key: key)) { try await backend.head(key) }
        await #expect(throws: StorageError.notFound(key: key)) { _ = try await backend.get(key) }
    }

    /// More than 1,000 objects: S3 must paginate the listing and split DeleteObjects into batches.
    func deletePrefixOverManyObjects(count: Int = 1005) async throws {
        let prefix = key("users/u1")
        let keep = key("users/u2/keep.jpg")
        try await backend.put(keep, from: .bytes([9]))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= 16 { try await group.next() }
                group.addTask { try await backend.put(prefix + "/d\(index % 7)/f\(index).jpg", from: .bytes([UInt8(index & 0xFF)])) }
            }
            try await group.waitForAll()
        }
        #expect(try await backend.exists(prefix + "/d3/f3.jpg"))
        try await backend.deletePrefix(prefix)
        for index in [0, 999, 1000, count - 1] {
            #expect(try await !backend.exists(prefix + "/d\(index % 7)/f\(index).jpg"))
        }
        #expect(try await backend.exists(keep))
        try await backend.deletePrefix(prefix)  // idempotent: nothing left, still succeeds
        #expect(try await backend.exists(keep))
    }

    func downloadToTemp() async throws {
        let key = key("temp/a.bin")
        let bytes = testBytes(count: 300_000, seed: 6)
        try await backend.put(key, from: .bytes(bytes))
        let temp = try await backend.downloadToTemp(key)
        #expect(try Data(contentsOf: URL(fileURLWithPath: temp.path)) == Data(bytes))
        temp.cleanup()
        #expect(try await backend.exists(key))  // cleanup never touches the stored object
        await #expect(throws: StorageError.notFound(key: self.key("temp/absent"))) {
            _ = try await backend.downloadToTemp(self.key("temp/absent"))
        }
    }
}
