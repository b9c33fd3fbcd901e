import ArchiveService
import Backends
import Catalog
import Foundation
import GRDB
import StorageTools
import Testing

/// A library of its own for the migration tests: files of random bytes under a unique folder of a fresh media root,
/// a SQLite catalog pointing at them, and the real `gallery-archive` command run as a child process over them.
struct MigrationLibrary {
    let data: String
    let root: String
    let folder: String
    /// Each asset's id and bytes.
    let files: [String: [UInt8]]
    let catalog: SQLiteCatalog
    let router: StorageRouter

    static func make(files count: Int) async throws -> MigrationLibrary {
        let data = NSTemporaryDirectory() + "migration-" + UUID().uuidString
        let root = data + "/media"
        let folder = "library/\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        var files: [String: [UInt8]] = [:]
        for _ in 0..<count {
            files[UUID().uuidString.lowercased()] = (0..<Int.random(in: 1_000...300_000, using: &generator))
                .map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        let owner = UUID().uuidString.lowercased()
        for (id, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(folder)/\(id).jpg")) }
        let catalog = try SQLiteCatalog(directory: data)
        let rows = files
        try await catalog.write { writer in
            try writer.user(id: owner, email: "\(owner)@example.com", name: "Owner")
            for (id, bytes) in rows {
                try writer.asset(NewAsset(id: id, ownerID: owner, originalPath: "\(root)/\(folder)/\(id).jpg",
                                          originalFileName: "\(id).jpg", fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000),
                                          fileSizeInByte: Int64(bytes.count)))
            }
        }
        let environment = S3Settings.environment().merging(["IMMICH_MEDIA_LOCATION": root]) { $1 }
        let router = try StorageSetup(environment: environment).router
        return MigrationLibrary(data: data, root: root, folder: folder, files: files, catalog: catalog, router: router)
    }

    /// Runs `storage migrate --to TARGET --delete-source --grace 0`; with `killingAfter`, SIGKILLs it once the log holds that
    /// many steps (or lets it end if it finishes first).
    func migrate(to target: MigrationTarget, killingAfter steps: Int?) async throws {
        let process = Process()
        process.executableURL = Self.command
        process.arguments = ["storage", "migrate", "--to", target.rawValue, "--delete-source", "--grace", "0", "--data", data]
        process.environment = ProcessInfo.processInfo.environment.merging(S3Settings.environment()) { $1 }
            .merging(["IMMICH_MEDIA_LOCATION": root]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        // The log's steps so far (earlier trials): the kill point counts this run's own.
        let database = try DatabaseQueue(path: data + "/catalog.sqlite")
        let logged = { try await database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM gallery_archive_migration_log") ?? 0 } }
        let before = try await logged()
        try process.run()
        if let steps {
            let deadline = ContinuousClock.now + .seconds(60)
            while process.isRunning, ContinuousClock.now < deadline, try await logged() < before + steps {
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(process.processIdentifier, SIGKILL)
        }
        await Self.wait(for: process)
        if steps == nil { #expect(process.terminationStatus == 0, "migrate --to \(target) exited \(process.terminationStatus)") }
    }

    /// Every path on `target`'s side, reading exactly the asset's bytes, and nothing left on the other side.
    func expectAllOn(_ target: MigrationTarget, trial: Int) async throws {
        let stored = try await catalog.storedFiles()
        #expect(stored.count == files.count)
        for file in stored {
            #expect(file.path.hasPrefix("/") == (target == .disk), "trial \(trial): \(file.path)")
            let (backend, key) = try router.locate(file.path)
            var bytes: [UInt8] = []
            for try await chunk in try await backend.get(key, range: nil) { bytes += chunk.readableBytesView }
            #expect(bytes == files[file.assetID], "trial \(trial): \(file.path) reads other bytes")
        }
        let onDisk = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
        let inBucket = try await AWSOracle.keys(under: folder + "/")
        #expect((target == .s3 ? onDisk : inBucket).isEmpty, "trial \(trial): left on the other side")
        #expect((target == .s3 ? inBucket.count : onDisk.count) == files.count, "trial \(trial)")
        // Every batch the command started is a time-ordered UUID (version 7), as the fork's batchId column needs.
        let database = try DatabaseQueue(path: data + "/catalog.sqlite")
        let batches = try await database.read { try String.fetchAll($0, sql: "SELECT DISTINCT batch FROM gallery_archive_migration_log") }
        #expect(!batches.isEmpty && batches.allSatisfy(Self.isVersion7), "trial \(trial): \(batches)")
    }

    /// A UUID of version 7 whose 48-bit Unix-millisecond time lies within the last hour (RFC 9562 §5.7).
    static func isVersion7(_ text: String) -> Bool {
        let hex = text.replacingOccurrences(of: "-", with: "")
        guard UUID(uuidString: text) != nil, text == text.lowercased(), hex.count == 32,
              Array(hex)[12] == "7", "89ab".contains(Array(hex)[16]),
              let milliseconds = UInt64(hex.prefix(12), radix: 16) else { return false }
        let age = Date().timeIntervalSince1970 - Double(milliseconds) / 1000
        return (0..<3600).contains(age)
    }

    func remove() async {
        try? FileManager.default.removeItem(atPath: data)
        try? await router.s3?.deletePrefix(folder)
    }

    /// The `gallery-archive` executable built beside the test bundle.
    static var command: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gallery-archive")
    }

    private static func wait(for process: Process) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}
