@testable import Backends
import Foundation

/// tests/fault-proxy/fault_proxy.py started in front of the SeaweedFS server with the given faults, stopped on
/// deinit. It counts the S3 connections our client opens. Starting it and asking it for stats block on child
/// processes, so both run through BlockingIO, off the cooperative pool every other test needs.
final class FaultProxy: @unchecked Sendable {
    struct Stats: Decodable {
        var requests: Int
        var current: Int
        var accepted: Int
        var max_connections: Int
    }

    let endpoint: String
    private let process: Process
    /// Held open for the proxy's lifetime: it exits when this closes, even if the test process dies.
    private let lifeline = Pipe()

    static func start(_ faults: [String] = []) async throws -> FaultProxy {
        try await BlockingIO.run { try FaultProxy(faults) }
    }

    private init(_ faults: [String]) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/fault-proxy/fault_proxy.py")
        let upstream = S3TestEnvironment.endpoint!.replacingOccurrences(of: "http://", with: "")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--upstream", upstream] + faults
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
        let port = String(decoding: line, as: UTF8.self).split(separator: " ")[1].trimmingCharacters(in: .whitespacesAndNewlines)
        endpoint = "http://127.0.0.1:\(port)"
    }

    deinit {
        process.terminate()  // it also exits when `lifeline` closes
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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data, String(decoding: message, as: UTF8.self))
}
