import ArchiveService
import Backends
import Foundation
import StorageTools
import Testing

/// `gallery-archive doctor` against SeaweedFS, one configuration per mistake of the seed (and per broken setting):
/// each is flagged by a failed line that names it, and a good configuration passes every line. The doctor works on
/// a bucket of its own (created here), so its CORS rules do not meet the other suites'; the cases run one by one.
@Suite(.serialized, .enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct DoctorTests {
    static let bucket = "gallery-doctor-test"
    static let origin = "http://localhost:2283"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var environment: [String: String] = [:]
        var rules: [CORSRule] = [CORSRule.recommended(origins: [DoctorTests.origin, "https://gallery.example.com"])]
        var origins: [String] = [DoctorTests.origin]
        /// A fault proxy in front of SeaweedFS, started with these arguments, becomes the endpoint.
        var proxy: [String]? = nil
        /// Text of the failed line the mistake must produce; nil: every line passes.
        let flagged: String?
        var testDescription: String { name }
    }

    static func rule(_ change: (inout CORSRule) -> Void) -> [CORSRule] {
        var rule = CORSRule.recommended(origins: [origin])
        change(&rule)
        return [rule]
    }

    static let cases: [Case] = [
        Case(name: "a good configuration", flagged: nil),
        Case(name: "an origin with a trailing slash", origins: [origin + "/"], flagged: "ends with a slash"),
        Case(name: "a path in AllowedOrigins", rules: rule { $0.allowedOrigins = [origin + "/photos"] },
             flagged: "never matches: it has a path"),
        Case(name: "HEAD missing", rules: rule { $0.allowedMethods = ["GET"] }, flagged: "HEAD is missing from AllowedMethods"),
        Case(name: "* in production", rules: rule { $0.allowedOrigins = ["*"] }, flagged: "AllowedOrigins holds *"),
        Case(name: "Gallery opened through another hostname", origins: ["http://photos.localhost:2283"],
             flagged: "no rule allows GET from http://photos.localhost:2283"),
        Case(name: "an internal Docker hostname in redirect mode", environment: ["IMMICH_S3_ENDPOINT": "http://minio:9000"],
             flagged: "host minio is a single-label name"),
        Case(name: "a private address in redirect mode", environment: ["IMMICH_S3_ENDPOINT": "http://10.255.255.1:9000"],
             flagged: "host 10.255.255.1 is a private address"),
        Case(name: "an http endpoint for an https Gallery", origins: ["https://gallery.example.com"],
             flagged: "mixed content"),
        Case(name: "a CDN that drops Origin", proxy: ["--drop-request-header", "origin"],
             flagged: "drops the Origin header"),
        Case(name: "a wrong secret", environment: ["IMMICH_S3_SECRET_ACCESS_KEY": "not-the-secret"], flagged: "are rejected"),
        Case(name: "a bucket that does not exist", environment: ["IMMICH_S3_BUCKET": "gallery-doctor-missing"],
             flagged: "bucket gallery-doctor-missing does not exist"),
        Case(name: "a media location that does not exist", environment: ["IMMICH_MEDIA_LOCATION": "/nonexistent/upload"],
             flagged: "/nonexistent/upload"),
        Case(name: "a serve mode that does not parse", environment: ["IMMICH_S3_SERVE_MODE": "sideways"],
             flagged: "IMMICH_S3_SERVE_MODE"),
    ]

    @Test(arguments: cases) func doctorFlagsTheMistake(_ mistake: Case) async throws {
        let media = NSTemporaryDirectory() + "doctor-media-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: media) }
        var environment = S3Settings.environment().merging(["IMMICH_S3_BUCKET": Self.bucket, "IMMICH_MEDIA_LOCATION": media]) { $1 }
        try await Self.prepareBucket(environment: environment, rules: mistake.rules)
        var proxy: FaultProxy?
        if let arguments = mistake.proxy {
            proxy = try await FaultProxy(arguments)
            environment["IMMICH_S3_ENDPOINT"] = proxy?.endpoint
        }
        environment.merge(mistake.environment) { $1 }
        let checks = await Doctor(environment: environment, origins: mistake.origins).run()
        let failed = checks.filter { !$0.passed }
        if let flagged = mistake.flagged {
            #expect(failed.contains { $0.summary.contains(flagged) }, "\(checks.map(\.description).joined(separator: "\n"))")
            #expect(failed.allSatisfy { $0.fix?.isEmpty == false })
        } else {
            #expect(failed.isEmpty, "\(checks.map(\.description).joined(separator: "\n"))")
            #expect(checks.contains { $0.summary.contains("a presigned GET of an object works") })
            #expect(checks.contains { $0.summary.contains("IMMICH_S3_ACCESS_KEY_ID") })  // the credential source
        }
        withExtendedLifetime(proxy) {}
    }

    /// Creates the doctor's bucket (once; SeaweedFS answers 409 BucketAlreadyExists after), puts one object in it
    /// and the case's CORS rules on it.
    static func prepareBucket(environment: [String: String], rules: [CORSRule]) async throws {
        let endpoint = environment["IMMICH_S3_ENDPOINT"] ?? ""
        let user = "\(environment["IMMICH_S3_ACCESS_KEY_ID"] ?? ""):\(environment["IMMICH_S3_SECRET_ACCESS_KEY"] ?? "")"
        _ = try await ZipCheck.run("/usr/bin/curl", ["-s", "-X", "PUT", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", user,
                                                    "\(endpoint)/\(bucket)"])
        guard let config = try StorageConfig(environment: environment).s3 else { throw CancellationError() }
        let s3 = try S3StorageBackend.configured(config, environment: environment).backend
        try await s3.put("doctor/photo.jpg", from: .bytes(Array(repeating: 1, count: 1000)))
        try await s3.putBucketCORS(rules)
    }
}
