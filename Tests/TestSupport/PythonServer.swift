import Foundation

/// A Python test server (the fault proxy, the fake credential endpoints) run as a child process that announces
/// itself with one line on standard output; stopped on deinit. Starting it waits for that line, off the cooperative
/// pool (`start`).
public final class PythonServer: @unchecked Sendable {
    /// The first line the server printed (its port, in the form the script uses), without the newline.
    public let firstLine: String
    private let process = Process()
    /// Held open for the server's lifetime: the scripts exit when it closes, even if the test process dies.
    private let lifeline = Pipe()

    /// tests/fault-proxy/fault_proxy.py of this repository.
    public static let faultProxyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/fault-proxy/fault_proxy.py").path

    /// Starts `python3 script arguments…` and waits for its first line off the cooperative pool.
    public static func start(script: String, arguments: [String]) async throws -> PythonServer {
        try await offCooperativePool { try PythonServer(script: script, arguments: arguments) }
    }

    private init(script: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { throw CocoaError(.fileReadUnknown) }
            line += byte
        }
        firstLine = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The port of a fault proxy's "PORT <n>" line, as `http://127.0.0.1:<n>`.
    public var faultProxyEndpoint: String { "http://127.0.0.1:" + firstLine.dropFirst("PORT ".count) }

    deinit {
        try? lifeline.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}
