import ArchiveService
import Foundation

/// A real client in its own process: curl downloading an archive of `assetIDs` as Alice, to /dev/null, so that a
/// test can hang it up in the middle.
enum CurlDownload {
    static func start(port: Int, assetIDs: [String], arguments extra: [String] = []) throws -> Process {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sS", "-o", "/dev/null"] + extra + request(port: port, assetIDs: assetIDs)
        try curl.run()
        return curl
    }

    /// Downloads the archive whole (within `limit` seconds): the HTTP status and the bytes.
    static func archive(port: Int, assetIDs: [String], limit seconds: Int) async throws -> (status: Int, bytes: [UInt8]) {
        let saved = NSTemporaryDirectory() + "curl-archive-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let (_, output, errors) = try await ChildProcess.run("/usr/bin/curl", [
            "-sS", "--max-time", String(seconds), "-o", saved, "-w", "%{http_code}",
        ] + request(port: port, assetIDs: assetIDs))
        guard let status = Int(output) else { throw ZipCheck.Failure(description: "curl failed: \(errors)") }
        return (status, Array((try? Data(contentsOf: URL(fileURLWithPath: saved))) ?? Data()))
    }

    private static func request(port: Int, assetIDs: [String]) -> [String] {
        [
            "-H", "x-api-key: \(DemoLibrary.apiKey("alice"))", "-H", "content-type: application/json",
            "--data-binary", #"{"assetIds":["# + assetIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]}",
            "http://127.0.0.1:\(port)/api/download/archive",
        ]
    }

    /// SIGKILL: the client vanishes without a word, as a closed laptop lid would.
    static func hangUp(_ curl: Process) {
        kill(curl.processIdentifier, SIGKILL)
        curl.waitUntilExit()
    }
}
