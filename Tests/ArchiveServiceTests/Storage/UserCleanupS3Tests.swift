import Backends
import Catalog
import Foundation
import StorageTools
import Testing

/// `storage delete-user` on SeaweedFS and disk at once: a deleted user with 1,001 objects in one folder (two
/// ListObjectsV2 pages, two DeleteObjects batches) and more in others, plus a disk tree. Afterwards the AWS command
/// line (the outside oracle) lists nothing under the user's folders and every key of the others; a second run is
/// a no-op.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct UserCleanupS3Tests {
    @Test func removesTwoListPagesOfObjectsAndTheDiskTreeAndNothingElse() async throws {
        // A label of this run's own, so the folders meet no other suite's keys in the shared bucket.
        let label = "dana-\(UUID().uuidString.prefix(8).lowercased())"
        let dana = UUID().uuidString.lowercased()
        let frank = UUID().uuidString.lowercased()
        let environment = S3Settings.environment()
        let config = try StorageConfig(environment: environment.merging(["IMMICH_MEDIA_LOCATION": "/"]) { $1 })
        let s3 = try S3StorageBackend.configured(try #require(config.s3), environment: environment).backend
        let danaKeys = (0..<1_001).map { "library/\(label)/2026/\(String(format: "%04d", $0)).jpg" }
            + ["thumbs/\(dana)/ab/t.webp", "encoded-video/\(dana)/ab/v.mp4"]
        let otherKeys = ["library/\(label)x/keep.jpg", "library/\(frank)/keep.jpg", "thumbs/\(frank)/keep.webp",
                         "upload/\(dana)x/keep.jpg"]
        try await Self.upload(danaKeys + otherKeys, to: s3)
        let media = try MediaTree()
        defer { media.remove() }
        try media.write("upload/\(dana)/ab/cd/a.jpg", bytes: 10)
        try media.write("library/\(label)/old.jpg", bytes: 20)
        try media.write("library/frank/keep.jpg", bytes: 30)

        let catalog = try await UserCleanupTests.sqlite { writer in
            try writer.user(id: dana, email: "dana@example.com", name: "Dana", deletedAt: Date(timeIntervalSinceNow: -60),
                            storageLabel: label)
            try writer.user(id: frank, email: "frank@example.com", name: "Frank")
        }
        let cleanup = UserStorageCleanup(users: catalog, locations: [.bucket(s3), try media.location])
        let plan = try await cleanup.plan(userID: dana)
        // 1,003 objects of 5 bytes ("bytes" of `upload`), and the disk's two files.
        #expect(plan.total == PrefixInventory(objects: 1_005, bytes: 1_003 * 5 + 30))
        let outcome = try await cleanup.run(plan)
        #expect(outcome.complete)
        #expect(outcome.deleted == plan.total)

        for folder in plan.folders.all {
            #expect(try await AWSOracle.keys(under: folder + "/").isEmpty, "\(folder) is not empty")
        }
        for key in otherKeys {
            #expect(try await AWSOracle.keys(under: key) == [key], "\(key) is gone")
        }
        #expect(!media.exists("upload/\(dana)") && !media.exists("library/\(label)"))
        #expect(media.exists("library/frank/keep.jpg"))

        let again = try await cleanup.plan(userID: dana)
        #expect(again.total.isEmpty)
        #expect(try await cleanup.run(again).deleted.isEmpty)
        for key in otherKeys { try await s3.delete(key) }
    }

    /// Puts each key (five bytes) with a few requests in flight.
    static func upload(_ keys: [String], to s3: S3StorageBackend) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, key) in keys.enumerated() {
                if index >= 16 { try await group.next() }
                group.addTask { try await s3.put(key, from: .bytes(Array("bytes".utf8))) }
            }
            try await group.waitForAll()
        }
    }
}

/// The AWS command line (from PyPI) as the oracle of what the test bucket holds.
enum AWSOracle {
    /// Every key under `prefix` (the command line follows the continuation tokens itself).
    static func keys(under prefix: String) async throws -> [String] {
        let output = try await s3api(["list-objects-v2", "--prefix", prefix, "--query", "Contents[].Key", "--output", "json"])
        return try JSONDecoder().decode([String]?.self, from: Data(output.utf8)) ?? []
    }

    /// Uploads `bytes` as `key` with no checksum (botocore adds a CRC-32 by default; `when_required` turns it off),
    /// as an older client or another tool would.
    static func putWithoutChecksum(_ key: String, _ bytes: [UInt8]) async throws {
        let file = NSTemporaryDirectory() + "aws-put-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try await s3api(["put-object", "--key", key, "--body", file], extra: ["AWS_REQUEST_CHECKSUM_CALCULATION=when_required"])
    }

    /// `aws s3api COMMAND --bucket BUCKET ARGUMENTS…` against the test server, with its keys and none of the machine's
    /// AWS settings; its standard output.
    private static func s3api(_ arguments: [String], extra: [String] = []) async throws -> String {
        let variables = S3Settings.variables
        let command = [
            "AWS_ACCESS_KEY_ID=\(variables["GA_TEST_S3_ACCESS_KEY"] ?? "")",
            "AWS_SECRET_ACCESS_KEY=\(variables["GA_TEST_S3_SECRET_KEY"] ?? "")",
            "AWS_DEFAULT_REGION=\(variables["GA_TEST_S3_REGION"] ?? "us-east-1")",
            "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
        ] + extra + [
            "aws", "--endpoint-url", variables["GA_TEST_S3_ENDPOINT"] ?? "",
            "s3api", arguments[0], "--bucket", variables["GA_TEST_S3_BUCKET"] ?? "",
        ] + arguments.dropFirst()
        let result = try await ChildProcess.run("/usr/bin/env", command)
        guard result.status == 0 else {
            throw AWSOracleFailure(description: "aws s3api \(arguments[0]) exited \(result.status): \(result.errors)")
        }
        return result.output
    }
}

struct AWSOracleFailure: Error, CustomStringConvertible {
    let description: String
}
