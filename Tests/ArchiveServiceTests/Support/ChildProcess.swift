import Foundation
import TestSupport

/// An outside program (curl, unzip, 7z, python3, psql) run to its end, waited for off the cooperative pool: two
/// tests waiting there for a curl whose response needs those threads would never finish.
enum ChildProcess {
    /// The exit status, what it wrote to standard output, and to standard error.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws
        -> (status: Int32, output: String, errors: String) {
        try await offCooperativePool { try runBlocking(executable, arguments, input: input) }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], input: String?) throws
        -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Standard error goes to a file, so neither it nor the output pipe can fill up and block the child.
        let errorPath = NSTemporaryDirectory() + "child-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let stdin = Pipe(), stdout = Pipe(), stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        try stderr.close()
        stdin.fileHandleForWriting.write(Data((input ?? "").utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), errors)
    }
}
