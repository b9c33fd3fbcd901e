@testable import Backends
import Foundation
import Testing

/// The chain's choice of source, each checked by fetching real credentials from the local fake endpoints.
@Suite struct CredentialChainTests {
    let client = URLSessionHTTPClient()

    func credentials(explicit: AWSCredentials? = nil, _ environment: [String: String],
                     fake: FakeCredentialEndpoints) async throws -> AWSCredentials {
        let endpoints = CredentialChain.Endpoints(instanceMetadata: fake.base, containerRelativeBase: fake.base,
                                                  sts: "\(fake.base)/sts")
        return try await CredentialChain.provider(explicit: explicit, environment: environment, client: client,
                                                  endpoints: endpoints).credentials()
    }

    @Test func explicitKeysComeFirst() async throws {
        let fake = try await FakeCredentialEndpoints()
        let explicit = AWSCredentials(accessKeyId: "IMMICH", secretAccessKey: "s")
        let got = try await credentials(explicit: explicit, ["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "e"],
                                        fake: fake)
        #expect(got == explicit)
        #expect(try await fake.stats().isEmpty)
    }

    @Test func environmentKeysBeforeRoles() async throws {
        let fake = try await FakeCredentialEndpoints()
        let got = try await credentials(["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "e", "AWS_SESSION_TOKEN": "t",
                                         "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/ecs/x"], fake: fake)
        #expect(got == AWSCredentials(accessKeyId: "ENV", secretAccessKey: "e", sessionToken: "t"))
        #expect(try await fake.stats().isEmpty)
    }

    @Test func webIdentityBeforeContainer() async throws {
        let fake = try await FakeCredentialEndpoints(expected: ["web_identity_token": "jwt", "role_arn": "arn:role",
                                                          "session_name": "gallery-archive"])
        let got = try await credentials(["AWS_WEB_IDENTITY_TOKEN_FILE": try temporaryFile(contents: "jwt"),
                                         "AWS_ROLE_ARN": "arn:role",
                                         "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/ecs/x"], fake: fake)
        #expect(got.accessKeyId == "ASIAFAKE0001")
        #expect(try await fake.stats() == ["sts": 1])
    }

    @Test func containerBeforeInstanceMetadata() async throws {
        let fake = try await FakeCredentialEndpoints()
        _ = try await credentials(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/ecs/x"], fake: fake)
        #expect(try await fake.stats() == ["ecs_credentials": 1])
    }

    @Test func containerFullURIWithTokenValue() async throws {
        let fake = try await FakeCredentialEndpoints(expected: ["container_token": "secret-token"])
        _ = try await credentials(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(fake.base)/ecs/full",
                                   "AWS_CONTAINER_AUTHORIZATION_TOKEN": "secret-token"], fake: fake)
        #expect(try await fake.stats() == ["ecs_credentials": 1])
    }

    @Test func instanceMetadataLast() async throws {
        let fake = try await FakeCredentialEndpoints()
        _ = try await credentials([:], fake: fake)
        #expect(try await fake.stats() == ["imds_token": 1, "imds_roles": 1, "imds_credentials": 1])
    }

    @Test(arguments: [
        (["AWS_ACCESS_KEY_ID": "k"], "AWS_SECRET_ACCESS_KEY is not"),
        (["AWS_SECRET_ACCESS_KEY": "s"], "AWS_ACCESS_KEY_ID is not"),
        (["AWS_ROLE_ARN": "arn:role"], "must both be set"),
        (["AWS_EC2_METADATA_DISABLED": "true"], "no credentials configured"),
        (["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://198.51.100.1/creds"], "must be https"),
    ])
    func halfConfiguredSourcesAreErrors(environment: [String: String], message: String) {
        let error = #expect(throws: CredentialError.self) {
            try CredentialChain.provider(explicit: nil, environment: environment, client: client)
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }
}
