@testable import Backends
import Foundation
import TestSupport

/// tests/fault-proxy/fault_proxy.py started in front of the SeaweedFS server with the given faults, stopped on
/// deinit (`PythonServer`). It counts the S3 connections our client opens. Starting it and asking it for stats wait
/// on child processes, so both wait off the cooperative pool every other test needs.
final class FaultProxy: @unchecked Sendable {
    struct Stats: Decodable {
        var requests: Int
        var current: Int
        var accepted: Int
        var max_connections: Int
    }

    private let process: PythonServer
    var endpoint: String { process.faultProxyEndpoint }

    static func start(_ faults: [String] = []) async throws -> FaultProxy {
        let upstream = S3TestEnvironment.endpoint!.replacingOccurrences(of: "http://", with: "")
        return FaultProxy(process: try await PythonServer.start(script: PythonServer.faultProxyScript,
                                                                arguments: ["--upstream", upstream] + faults))
    }

    private init(process: PythonServer) {
        self.process = process
    }

    func stats() async throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: try await curl(["-s", endpoint + "/__proxy/stats"]).output)
    }

    func resetStats() async throws {
        _ = try await curl(["-s", "-X", "POST", endpoint + "/__proxy/reset"])
    }
}

/// Runs the curl command line (the outside client the presigned-URL checks use), off the cooperative pool.
func curl(_ arguments: [String]) async throws -> (status: Int32, output: Data, errors: String) {
    try await BlockingIO.run { try runCurl(arguments) }
}

private func runCurl(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
    try ProcessRunner.run("/usr/bin/curl", arguments)
}
