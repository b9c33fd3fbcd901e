@testable import Backends
import Foundation
import Synchronization
import Testing

/// Disk reads stay beneath their media root even when the library changes under them: no symbolic link below a
/// root is followed, and a link swapped in after any check cannot be read through.
@Suite final class ConfinementTests {
    let root: TemporaryDirectory
    let outside: TemporaryDirectory

    init() throws {
        root = try TemporaryDirectory()
        outside = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root.path + "/album", withIntermediateDirectories: true)
        try Data("inside".utf8).write(to: URL(fileURLWithPath: root.path + "/album/photo.jpg"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside.path + "/photo.jpg"))
    }

    deinit {
        root.remove()
        outside.remove()
    }

    @Test(arguments: ConfinedOpen.Method.allCases)
    func aPlainFileBeneathTheRootOpens(method: ConfinedOpen.Method) throws {
        let descriptor = try ConfinedOpen.open(["album", "photo.jpg"], beneath: root.path, method: method)
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 16)
        #expect(read(descriptor, &bytes, bytes.count) == 6)
        #expect(String(decoding: bytes.prefix(6), as: UTF8.self) == "inside")
    }

    @Test(arguments: ConfinedOpen.Method.allCases)
    func aSymlinkToAFileOutsideIsRefused(method: ConfinedOpen.Method) throws {
        try link(root.path + "/album/link.jpg", to: outside.path + "/photo.jpg")
        #expect(throws: ConfinedOpen.Failure(code: ELOOP)) {
            try ConfinedOpen.open(["album", "link.jpg"], beneath: root.path, method: method)
        }
    }

    @Test(arguments: ConfinedOpen.Method.allCases)
    func aDirectoryComponentThatIsASymlinkIsRefused(method: ConfinedOpen.Method) throws {
        try link(root.path + "/elsewhere", to: outside.path)
        #expect(throws: ConfinedOpen.Failure(code: ELOOP)) {
            try ConfinedOpen.open(["elsewhere", "photo.jpg"], beneath: root.path, method: method)
        }
    }

    /// The documented choice: a link below the root is refused even when it points back inside the root.
    @Test(arguments: ConfinedOpen.Method.allCases)
    func aSymlinkPointingInsideTheRootIsRefusedToo(method: ConfinedOpen.Method) throws {
        try link(root.path + "/same.jpg", to: "album/photo.jpg")
        try link(root.path + "/same-album", to: root.path + "/album")
        for components: [Substring] in [["same.jpg"], ["same-album", "photo.jpg"]] {
            #expect(throws: ConfinedOpen.Failure(code: ELOOP)) {
                try ConfinedOpen.open(components, beneath: root.path, method: method)
            }
        }
    }

    @Test func theBackendRefusesSymlinksAsInvalidKeys() async throws {
        try link(root.path + "/album/link.jpg", to: outside.path + "/photo.jpg")
        try link(root.path + "/elsewhere", to: outside.path)
        let backend = DiskStorageBackend(roots: try MediaRoots([root.path]))
        for key in [root.path + "/album/link.jpg", root.path + "/elsewhere/photo.jpg"] {
            for attempt: @Sendable () async throws -> Void in [
                { _ = try await backend.get(key) }, { _ = try await backend.head(key) },
            ] {
                let error = await #expect(throws: StorageError.self) { try await attempt() }
                guard case .invalidKey = error else { Issue.record("expected invalidKey, got \(String(describing: error))"); continue }
            }
        }
    }

    /// The race of the finding: one thread swaps the album directory for a symlink to the outside and back while
    /// reads run. Each read sees the album's file or fails; none returns the outside file's bytes.
    @Test func aDirectorySwappedForASymlinkDuringReadsIsNeverReadThrough() async throws {
        let backend = DiskStorageBackend(roots: try MediaRoots([root.path]))
        try link(root.path + "/evil", to: outside.path)
        let swapper = DirectorySwapper(root: root.path)
        swapper.start()
        defer { swapper.stop() }
        var inside = 0, refused = 0, escaped = 0
        for _ in 0..<3000 {
            do {
                let bytes = try await StorageBehaviour.readAll(backend.get(root.path + "/album/photo.jpg"))
                if bytes == Array("secret".utf8) { escaped += 1 } else if bytes == Array("inside".utf8) { inside += 1 }
            } catch is StorageError {
                refused += 1
            }
        }
        #expect(escaped == 0, "\(escaped) reads went through the swapped-in symlink (\(inside) inside, \(refused) refused)")
        #expect(swapper.swaps > 0)
    }

    private func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }
}

/// Swaps `root/album` (a directory) and `root/evil` (a symlink to outside) by renames, as fast as it can, on its
/// own thread until stopped.
private final class DirectorySwapper: Sendable {
    private let root: String
    private let running = Atomic<Bool>(true)
    private let done = Mutex<Bool>(false)
    private let count = Atomic<Int>(0)

    init(root: String) { self.root = root }

    var swaps: Int { count.load(ordering: .relaxed) }

    func start() {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                rename(root + "/album", root + "/album.real")
                rename(root + "/evil", root + "/album")
                rename(root + "/album", root + "/evil")
                rename(root + "/album.real", root + "/album")
                count.add(1, ordering: .relaxed)
            }
            done.withLock { $0 = true }
        }
        thread.start()
    }

    /// Stops the thread and waits (with a deadline) for it to leave the directory as it found it.
    func stop() {
        running.store(false, ordering: .relaxed)
        let deadline = ContinuousClock.now + .seconds(5)
        while !done.withLock({ $0 }), ContinuousClock.now < deadline { usleep(1000) }
    }
}
