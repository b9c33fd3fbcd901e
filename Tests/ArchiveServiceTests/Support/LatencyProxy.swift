import Foundation

/// tests/fault-proxy/fault_proxy.py in front of the SeaweedFS server, adding latency to every S3 request and
/// counting the S3 connections the service holds at once (`max_connections`). Stopped on deinit.
final class LatencyProxy: @unchecked Sendable {
    let endpoint: String
    private let process = Process()
    /// Held open for the proxy's lifetime: it exits when this closes, even if the test process dies.
    private let lifeline = Pipe()

    init(latencyMilliseconds: Int) throws {
        let upstream = (S3Settings.variables["GA_TEST_S3_ENDPOINT"] ?? "").replacingOccurrences(of: "http://", with: "")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestService.repository + "/tests/fault-proxy/fault_proxy.py",
                             "--upstream", upstream, "--latency-ms", String(latencyMilliseconds)]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try process.run()
        // The proxy prints "PORT <n>" once it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { throw CocoaError(.fileReadUnknown) }
            line += byte
        }
        let port = String(decoding: line, as: UTF8.self).split(separator: " ")[1]
        endpoint = "http://127.0.0.1:\(port.trimmingCharacters(in: .whitespacesAndNewlines))"
    }

    deinit { process.terminate() }

    /// The most S3 connections open at once since the last reset.
    func maxConnections() async throws -> Int {
        let (_, body) = try await ZipCheck.run("/usr/bin/curl", ["-s", endpoint + "/__proxy/stats"])
        let stats = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return stats?["max_connections"] as? Int ?? -1
    }

    func reset() async throws {
        _ = try await ZipCheck.run("/usr/bin/curl", ["-s", "-X", "POST", endpoint + "/__proxy/reset"])
    }
}
