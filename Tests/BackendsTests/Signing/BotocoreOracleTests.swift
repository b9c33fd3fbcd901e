@testable import Backends
import Foundation
import Testing
import TestSupport

/// Our presigned URLs and signed headers against botocore's for the same credentials, region, endpoint, key,
/// overrides and clock (Fixtures/oracles/botocore_sign.py). The URLs must be identical strings.
@Suite struct BotocoreOracleTests {
    static let timestamp = "2026-03-14T15:09:26Z"
    static let instant = try! Date(timestamp, strategy: .iso8601)
    static let accessKeyId = "AKIAIOSFODNN7EXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE/+token=="

    static let keys = [
        "photo.jpg",
        "library/user 1/2024/IMG 0001.JPG",
        "a+b=c.jpg",
        "caf\u{E9}/\u{E9}t\u{E9}.jpg",
        "cafe\u{301}/decomposed.jpg",
        "semi;colon&and.jpg",
        "tilde~/percent%25%.jpg",
        "unicode/日本語/😀.heic",
        "nested/deep/a/b/c/d/e.png",
        "dots/./../x",
        "double//slash/",
        "quote'\"<>#?[]{}|^`.jpg",
    ]

    struct Endpoint {
        let region: String
        let bucket: String
        /// nil: AWS itself, virtual-host style.
        let endpoint: String?

        func url(for key: String) -> String {
            if let endpoint { return "\(endpoint)/\(bucket)/\(S3URI.encodePath(key))" }
            return "https://\(bucket).s3.\(region).amazonaws.com/\(S3URI.encodePath(key))"
        }

        func oracleFields() -> [String: Any] {
            var fields: [String: Any] = ["region": region, "bucket": bucket,
                                         "addressing": endpoint == nil ? "virtual" : "path"]
            if let endpoint { fields["endpoint"] = endpoint }
            return fields
        }
    }

    static let endpoints = [
        Endpoint(region: "us-east-1", bucket: "bucket", endpoint: "http://127.0.0.1:8333"),
        Endpoint(region: "eu-west-1", bucket: "photos-bucket", endpoint: nil),
    ]

    struct PresignCase {
        let key: String
        let endpoint: Endpoint
        let contentType: String?
        let contentDisposition: String?
        let sessionToken: String?
        let expires: Int
    }

    /// Every key at both endpoints, alternating overrides and session tokens so each combination occurs.
    static func presignCases() -> [PresignCase] {
        var cases: [PresignCase] = []
        for (index, key) in keys.enumerated() {
            for endpoint in endpoints {
                let overrides = index % 2 == 0
                let filename = key.split(separator: "/").last.map(String.init) ?? key
                cases.append(PresignCase(
                    key: key, endpoint: endpoint,
                    contentType: overrides ? "image/jpeg" : nil,
                    contentDisposition: overrides
                        ? "attachment; filename=\"IMG 0001.JPG\"; filename*=UTF-8''\(S3URI.encodeQuery(filename))" : nil,
                    sessionToken: index % 3 == 0 ? sessionToken : nil,
                    expires: [3600, 1, 604_800][index % 3]))
            }
        }
        return cases
    }

    @Test func presignedURLsMatchBotocore() async throws {
        let cases = Self.presignCases()
        let expected = try await Self.oracle(presign: cases.map(Self.oracleRequest), headers: [])["presign"] as! [String]
        #expect(expected.count == cases.count)
        for (testCase, botocoreURL) in zip(cases, expected) {
            let signer = SigV4Signer(region: testCase.endpoint.region, clock: { Self.instant })
            var query: [String] = []
            if let type = testCase.contentType { query.append("response-content-type=\(S3URI.encodeQuery(type))") }
            if let disposition = testCase.contentDisposition {
                query.append("response-content-disposition=\(S3URI.encodeQuery(disposition))")
            }
            let base = testCase.endpoint.url(for: testCase.key)
            let url = query.isEmpty ? base : base + "?" + query.joined(separator: "&")
            let ours = signer.presignedURL(method: "GET", url: url, expires: testCase.expires,
                                           credentials: Self.credentials(token: testCase.sessionToken))
            #expect(ours == botocoreURL, "key \(testCase.key) at \(base)")
        }
    }

    @Test(arguments: [
        ("GET", "library/user 1/IMG é+1.jpg", [("Range", "bytes=0-1023")], "", nil as String?),
        ("GET", "a;b&c~d%e", [], "", sessionToken),
        ("PUT", "upload/日本 語.heic", [("Content-Type", "image/heic"), ("Content-Length", "11")], "hello world", nil),
        ("PUT", "upload/x=y.jpg", [("Content-Type", "image/jpeg"), ("x-amz-meta-owner", "  a   b ")], "bytes", sessionToken),
    ] as [(String, String, [(String, String)], String, String?)])
    func headerSignaturesMatchBotocore(method: String, key: String, headers: [(String, String)], body: String,
                                       token: String?) async throws {
        let url = Self.endpoints[0].url(for: key)
        let request: [String: Any] = [
            "timestamp": Self.timestamp, "region": "us-east-1", "accessKeyId": Self.accessKeyId,
            "secretAccessKey": Self.secretAccessKey, "sessionToken": token as Any, "method": method, "url": url,
            "headers": headers.map { [$0.0, $0.1] }, "body": body,
        ]
        let botocore = (try await Self.oracle(presign: [], headers: [request])["headers"] as! [[String: String]])[0]
        let signer = SigV4Signer(region: "us-east-1", clock: { Self.instant })
        let ours = signer.signedHeaders(method: method, url: url, headers: headers.map { (name: $0.0, value: $0.1) },
                                        payloadHash: Digests.sha256Hex(Array(body.utf8)),
                                        credentials: Self.credentials(token: token))
        let botocoreLower = Dictionary(uniqueKeysWithValues: botocore.map { ($0.key.lowercased(), $0.value) })
        #expect(ours.count == (token == nil ? 3 : 4))
        for header in ours {
            #expect(botocoreLower[header.name.lowercased()] == header.value, "\(header.name)")
        }
    }

    static func credentials(token: String?) -> AWSCredentials {
        AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: token)
    }

    static func oracleRequest(_ testCase: PresignCase) -> [String: Any] {
        var request = testCase.endpoint.oracleFields()
        request["timestamp"] = timestamp
        request["accessKeyId"] = accessKeyId
        request["secretAccessKey"] = secretAccessKey
        request["key"] = testCase.key
        request["expires"] = testCase.expires
        if let token = testCase.sessionToken { request["sessionToken"] = token }
        if let type = testCase.contentType { request["responseContentType"] = type }
        if let disposition = testCase.contentDisposition { request["responseContentDisposition"] = disposition }
        return request
    }

    /// botocore's answers, from a Python child waited on off the cooperative pool.
    static func oracle(presign: [[String: Any]], headers: [[String: Any]]) async throws -> [String: Any] {
        let input = try JSONSerialization.data(withJSONObject: ["presign": presign, "headers": headers])
        let output = try await offCooperativePool {
            try ProcessRunner.python(Fixtures.url("oracles/botocore_sign.py"), input: input)
        }
        return try JSONSerialization.jsonObject(with: output) as! [String: Any]
    }
}
