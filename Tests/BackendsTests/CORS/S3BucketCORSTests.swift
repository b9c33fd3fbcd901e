@testable import Backends
import Foundation
import Testing

/// Bucket CORS on SeaweedFS, which stores the rules and answers browsers' CORS requests with them: what
/// `cors apply` puts is what the AWS command line reads back, and `cors verify` sees what a browser would.
/// Serialized: the rules belong to the one test bucket.
@Suite(.serialized, .enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
struct S3BucketCORSTests {
    let backend = S3TestEnvironment.backend().backend
    let origin = "https://gallery.example.com"

    @Test func appliedRulesAreWhatTheAWSCommandLineReads() async throws {
        let rules = [CORSRule.recommended(origins: [origin, "http://localhost:2283"])]
        try await backend.putBucketCORS(rules)
        let read = try await AWSCommandLine.run(["s3api", "get-bucket-cors", "--bucket", backend.bucketName])
        let expected = Data(CORSPolicyFormat.aws.render(rules).utf8)
        #expect(try JSONSerialization.jsonObject(with: read) as? NSDictionary
                == JSONSerialization.jsonObject(with: expected) as? NSDictionary)
        #expect(try await backend.bucketCORS() == rules)
    }

    @Test func rulesPutByTheAWSCommandLineAreReadBack() async throws {
        let policy = #"{"CORSRules":[{"AllowedOrigins":["https://a.example"],"AllowedMethods":["GET"],"MaxAgeSeconds":60}]}"#
        _ = try await AWSCommandLine.run(["s3api", "put-bucket-cors", "--bucket", backend.bucketName, "--cors-configuration", policy])
        #expect(try await backend.bucketCORS()
                == [CORSRule(allowedOrigins: ["https://a.example"], allowedMethods: ["GET"], maxAgeSeconds: 60)])
    }

    @Test func verifyPassesForAnAllowedOriginAndNamesTheReasonForAnother() async throws {
        try await backend.putBucketCORS([CORSRule.recommended(origins: [origin])])
        let key = S3TestEnvironment.uniquePrefix("cors") + "/photo.jpg"
        try await backend.put(key, from: .bytes(Array(repeating: 7, count: 10_000)))
        let probe = CORSProbe(client: CurlTransport())

        let url = try await backend.presignedURL(for: key, options: ServeOptions(), expires: 300)
        let allowed = try await probe.verify(presignedGET: url, origin: origin, rulesAllowOrigin: true)
        #expect(allowed.allSatisfy { $0.passed }, "\(allowed)")
        #expect(allowed.count == 3)

        let other = try await probe.verify(presignedGET: url, origin: "https://evil.example", rulesAllowOrigin: false)
        let failed = other.filter { !$0.passed }
        #expect(failed.contains { $0.summary.contains("without access-control-allow-origin") && $0.fix?.contains("cors apply") == true })
        #expect(failed.contains { $0.summary.contains("preflight") })
    }

    @Test func verifySeesHeadersTheRulesDoNotExpose() async throws {
        var rule = CORSRule.recommended(origins: [origin])
        rule.exposeHeaders = ["ETag"]
        try await backend.putBucketCORS([rule])
        let key = S3TestEnvironment.uniquePrefix("cors") + "/clip.mp4"
        try await backend.put(key, from: .bytes([1, 2, 3]))
        let url = try await backend.presignedURL(for: key, options: ServeOptions(), expires: 300)
        let checks = try await CORSProbe(client: CurlTransport()).verify(presignedGET: url, origin: origin, rulesAllowOrigin: true)
        #expect(checks.contains { !$0.passed && $0.summary.contains("hides Accept-Ranges, Content-Length, Content-Range, Content-Type") })
    }
}
