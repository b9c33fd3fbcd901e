import ArchiveService
import Foundation

/// A real client in its own process: curl downloading an archive of `assetIDs` as Alice, to /dev/null, so that a
/// test can hang it up in the middle.
enum CurlDownload {
    static func start(port: Int, assetIDs: [String], arguments extra: [String] = []) throws -> Process {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sS", "-o", "/dev/null"] + extra + [
            "-H", "x-api-key: \(DemoLibrary.apiKey("alice"))", "-H", "content-type: application/json",
            "--data-binary", #"{"assetIds":["# + assetIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]}",
            "http://127.0.0.1:\(port)/api/download/archive",
        ]
        try curl.run()
        return curl
    }

    /// SIGKILL: the client vanishes without a word, as a closed laptop lid would.
    static func hangUp(_ curl: Process) {
        kill(curl.processIdentifier, SIGKILL)
        curl.waitUntilExit()
    }
}
