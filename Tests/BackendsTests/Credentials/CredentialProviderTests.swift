@testable import Backends
import Foundation
import Testing

/// Each network credential source against the local fake of its AWS endpoint.
@Suite struct CredentialProviderTests {
    let client = URLSessionHTTPClient()

    @Test func instanceMetadataUsesTheIMDSv2TokenFlow() async throws {
        let fake = try await FakeCredentialEndpoints()
        let credentials = try await InstanceMetadataCredentialProvider(client: client, endpoint: fake.base).credentials()
        #expect(credentials.accessKeyId == "ASIAFAKE0001")
        #expect(credentials.secretAccessKey == "secret/1+key=")
        #expect(credentials.sessionToken == "token&<1>")
        let expiration = try #require(credentials.expiration)
        #expect(abs(expiration.timeIntervalSinceNow - 3600) < 120)
        // The fake answers the role list and the document only with a token it issued on a PUT with a TTL header.
        #expect(try await fake.stats() == ["imds_token": 1, "imds_roles": 1, "imds_credentials": 1])
    }

    @Test func instanceMetadataRetriesOnce() async throws {
        let fake = try await FakeCredentialEndpoints()
        try await fake.configure(["fail_token_puts": 1])
        let credentials = try await InstanceMetadataCredentialProvider(client: client, endpoint: fake.base).credentials()
        #expect(credentials.accessKeyId == "ASIAFAKE0001")
        #expect(try await fake.stats()["imds_token"] == 2)

        try await fake.configure(["fail_token_puts": 2])
        let error = await #expect(throws: CredentialError.self) {
            try await InstanceMetadataCredentialProvider(client: client, endpoint: fake.base).credentials()
        }
        #expect(error?.description.contains("IMDSv2") == true)
        #expect(error?.description.contains("HTTP 500") == true)
        #expect(try await fake.stats()["imds_token"] == 4)
    }

    @Test func instanceMetadataGivesUpQuicklyWhenNothingAnswers() async throws {
        let fake = try await FakeCredentialEndpoints()
        try await fake.configure(["hang_seconds": 5])
        let started = Date()
        // The service's own client (curl's timeouts run on its thread): URLSession's timers ride Dispatch's shared
        // threads, which the other suites' child-process waits can hold for seconds on a loaded 2-core machine.
        let counting = CountingHTTPClient(wrapping: CurlTransport())
        let provider = InstanceMetadataCredentialProvider(client: counting, endpoint: fake.base, timeout: .milliseconds(500))
        await #expect(throws: CredentialError.self) { try await provider.credentials() }
        // Two attempts of 0.5 s each plus the pause between them, far below the fake's 5 s.
        #expect(Date().timeIntervalSince(started) < 4)
        // Counted on the client's side: on a loaded machine the fake may not accept an attempt before it times out.
        #expect(counting.count == 2)
    }

    @Test func containerCredentialsFromARelativeURI() async throws {
        let fake = try await FakeCredentialEndpoints()
        let provider = ContainerCredentialProvider(client: client, relativeURI: "/ecs/v2/credentials/abc", base: fake.base)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyId == "ASIAFAKE0001")
        #expect(credentials.sessionToken == "token&<1>")
        #expect(try await fake.stats()["ecs_credentials"] == 1)
    }

    @Test func containerCredentialsFromAFullURIWithATokenFile() async throws {
        let fake = try await FakeCredentialEndpoints(expected: ["container_token": "Bearer pod-identity-token"])
        let tokenFile = try temporaryFile(contents: "Bearer pod-identity-token\n")
        let provider = try ContainerCredentialProvider(client: client, fullURI: "\(fake.base)/ecs/full",
                                                       authorization: .file(tokenFile))
        #expect(try await provider.credentials().accessKeyId == "ASIAFAKE0001")

        // The file is read at each fetch: a rotated (here: wrong) token is sent, and refused.
        try "Bearer stale".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.description.contains("HTTP 403") == true)
        #expect(try await fake.stats()["ecs_refused"] == 1)
    }

    @Test(arguments: ["http://10.0.0.7/creds", "http://169.254.169.254/creds", "ftp://127.0.0.1/x", "http://127.evil.com/x", "http://127.0.0.1.nip.io/x"])
    func containerFullURIMustBeLocalOrHTTPS(uri: String) {
        #expect(throws: CredentialError.self) {
            try ContainerCredentialProvider(client: client, fullURI: uri, authorization: .value("t"))
        }
    }

    @Test(arguments: ["https://creds.example.com/x", "http://127.0.0.1:9/x", "http://localhost/x",
                      "http://169.254.170.2/v2", "http://169.254.170.23/v1", "http://[::1]:80/x", "http://[fd00:ec2::23]/x"])
    func containerFullURIAllowedHosts(uri: String) throws {
        _ = try ContainerCredentialProvider(client: client, fullURI: uri, authorization: .none)
    }

    @Test func webIdentityAssumesTheRoleThroughSTS() async throws {
        let expected = ["web_identity_token": "eyJhbGciOi.payload+/=.sig", "role_arn": "arn:aws:iam::123456789012:role/gallery",
                        "session_name": "archive-1"]
        let fake = try await FakeCredentialEndpoints(expected: expected)
        let tokenFile = try temporaryFile(contents: expected["web_identity_token"]! + "\n")
        let provider = WebIdentityCredentialProvider(client: client, tokenFile: tokenFile, roleARN: expected["role_arn"]!,
                                                     sessionName: "archive-1", stsEndpoint: "\(fake.base)/sts")
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyId == "ASIAFAKE0001")
        #expect(credentials.secretAccessKey == "secret/1+key=")
        #expect(credentials.sessionToken == "token&<1>")
        #expect(credentials.expiration != nil)

        try "rotated-but-wrong".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.description.contains("InvalidIdentityToken: Token & signature rejected") == true,
                "\(String(describing: error))")
    }

    @Test func webIdentityNamesAMissingTokenFile() async {
        let provider = WebIdentityCredentialProvider(client: client, tokenFile: "/nonexistent/token", roleARN: "arn:r",
                                                     sessionName: "s", stsEndpoint: "http://127.0.0.1:9/sts")
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.description.contains("AWS_WEB_IDENTITY_TOKEN_FILE /nonexistent/token") == true)
    }

    @Test func stsXMLEntitiesAreDecoded() {
        #expect(XMLText.element("A", in: "<x><A>a&amp;b&lt;&#x41;&#66;&unknown;&</A></x>") == "a&b<AB&unknown;&")
        #expect(XMLText.element("A", in: "<A>no &amp semicolon &lt;</A>") == "no &amp semicolon <")
        #expect(XMLText.element("Missing", in: "<x/>") == nil)
    }
}

/// A file in a fresh temporary directory, for token files.
func temporaryFile(contents: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("token").path
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
