@testable import Backends
import Foundation
import Testing

/// AWS's published SigV4 test suite: every case, header signing and presigned (query) signing, each step compared.
@Suite struct AWSTestSuiteTests {
    static let names = (try? AWSTestSuiteVector.names()) ?? []

    @Test func suiteIsPresent() {
        #expect(Self.names.count == 38)
    }

    @Test(arguments: names)
    func headerSigning(name: String) throws {
        let vector = try AWSTestSuiteVector(name: name)
        let (headers, steps) = vector.signer.signHeaders(
            method: vector.method, url: vector.url, headers: vector.otherHeaders,
            payloadHash: Digests.sha256Hex(vector.body), credentials: vector.credentials)
        #expect(steps.canonicalRequest == (try vector.expected("header-canonical-request.txt")))
        #expect(steps.stringToSign == (try vector.expected("header-string-to-sign.txt")))
        #expect(steps.signature == (try vector.expected("header-signature.txt")))
        let expectedRequest = try AWSTestSuiteVector.parse(try vector.expected("header-signed-request.txt"))
        let expectedAuthorization = expectedRequest.headers.first { $0.name == "Authorization" }?.value
        #expect(headers.first { $0.name == "Authorization" }?.value == expectedAuthorization)
        let expectedAdded = Set(expectedRequest.headers.map { "\($0.name.lowercased()):\($0.value)" })
        for header in headers {
            #expect(expectedAdded.contains("\(header.name.lowercased()):\(header.value)"), "\(header.name)")
        }
    }

    @Test(arguments: names)
    func querySigning(name: String) throws {
        let vector = try AWSTestSuiteVector(name: name)
        let (url, steps) = vector.signer.presign(
            method: vector.method, url: vector.url, headers: vector.otherHeaders,
            expires: vector.context.expiration_in_seconds, payloadHash: Digests.sha256Hex(vector.body),
            credentials: vector.credentials)
        #expect(steps.canonicalRequest == (try vector.expected("query-canonical-request.txt")))
        #expect(steps.stringToSign == (try vector.expected("query-string-to-sign.txt")))
        #expect(steps.signature == (try vector.expected("query-signature.txt")))
        let expectedTarget = try AWSTestSuiteVector.parse(try vector.expected("query-signed-request.txt")).target
        #expect(queryParameters(url) == queryParameters(expectedTarget))
        #expect(url.hasPrefix(vector.url.split(separator: "?", maxSplits: 1)[0] + "?"))
    }

    /// The URL's query parameters, sorted: the suite orders the auth parameters differently from botocore.
    private func queryParameters(_ url: String) -> [String] {
        guard let question = url.firstIndex(of: "?") else { return [] }
        return url[url.index(after: question)...].split(separator: "&").map(String.init).sorted()
    }
}
