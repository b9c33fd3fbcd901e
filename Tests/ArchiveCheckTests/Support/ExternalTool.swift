import Foundation

/// Runs an outside program (the oracle) to its end, with a deadline: a hung tool fails the test, never hangs it.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let toolsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools").path

    /// Runs `Tools/ziptool.py` with `arguments` and returns what it printed.
    static func ziptool(_ arguments: [String]) async throws -> Data {
        try await run(["python3", "\(toolsDirectory)/ziptool.py"] + arguments)
    }

    /// Runs `arguments` (found on PATH) and returns its standard output; throws on a non-zero exit or at `deadline`.
    static func run(_ arguments: [String], deadline: Duration = .seconds(300)) async throws -> Data {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        let status = try await exitStatus(of: process, deadline: deadline)
        guard status == 0 else { throw Failure(description: "\(arguments.joined(separator: " ")) exited \(status)") }
        return try Data(contentsOf: output)
    }

    private static func exitStatus(of process: Process, deadline: Duration) async throws -> Int32 {
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            process.terminate()
        }
        defer { watchdog.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
