import Foundation
import TestSupport

/// Runs Fixtures/fakes/aws_credential_endpoints.py (IMDSv2, ECS agent, STS stand-ins) on 127.0.0.1 for one test.
final class FakeCredentialEndpoints: @unchecked Sendable {
    let port: Int
    private let server: PythonServer
    private let client = URLSessionHTTPClient()

    /// `expected` holds the values the fake checks: container_token, web_identity_token, role_arn, session_name.
    init(expected: [String: String] = [:]) async throws {
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: expected), as: UTF8.self)
        server = try await PythonServer.start(script: Fixtures.url("fakes/aws_credential_endpoints.py").path,
                                              arguments: [arguments])
        guard let port = Int(server.firstLine) else {
            throw ProcessRunner.Failure(description: "the fake credential endpoints did not start")
        }
        self.port = port
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Request counts by endpoint (imds_token, imds_roles, imds_credentials, ecs_credentials, ecs_refused, sts).
    func stats() async throws -> [String: Int] {
        let response = try await client.send(.init(method: "GET", url: "\(base)/_stats"), timeout: .seconds(5))
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Int] ?? [:]
    }

    /// Changes the fake's behaviour (see the script's docstring).
    func configure(_ settings: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: settings)
        _ = try await client.send(.init(method: "POST", url: "\(base)/_config", body: Array(body)), timeout: .seconds(5))
    }
}
