import Foundation
import TestSupport

/// tests/fault-proxy/fault_proxy.py in front of the SeaweedFS server, injecting the faults its `arguments` name
/// (latency, errors, resets, `--chaos`) and counting the S3 connections the service holds at once
/// (`max_connections`). Stopped on deinit.
final class FaultProxy: @unchecked Sendable {
    private let process: PythonServer
    var endpoint: String { process.faultProxyEndpoint }

    init(_ arguments: [String]) async throws {
        let upstream = (S3Settings.variables["GA_TEST_S3_ENDPOINT"] ?? "").replacingOccurrences(of: "http://", with: "")
        process = try await PythonServer.start(script: PythonServer.faultProxyScript,
                                               arguments: ["--upstream", upstream] + arguments)
    }

    /// The most S3 connections open at once since the last reset.
    func maxConnections() async throws -> Int {
        try await stats()["max_connections"] as? Int ?? -1
    }

    /// The proxy's counters since the last reset (requests, connections, `chaos` faults by kind).
    func stats() async throws -> [String: Any] {
        let (_, body) = try await ZipCheck.run("/usr/bin/curl", ["-s", endpoint + "/__proxy/stats"])
        return try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
    }

    func reset() async throws {
        _ = try await ZipCheck.run("/usr/bin/curl", ["-s", "-X", "POST", endpoint + "/__proxy/reset"])
    }
}
