import Foundation

/// Real readers on a downloaded archive: Info-ZIP `unzip -t` and Python's `zipfile` (CRC-checked reads).
enum ZipCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Every entry's name and bytes as Python's zipfile reads them, after `unzip -t` and `7z t` accepted the archive.
    static func entries(of archive: [UInt8]) async throws -> [(name: String, bytes: [UInt8])] {
        let path = NSTemporaryDirectory() + "check-\(UUID().uuidString).zip"
        try Data(archive).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (unzipStatus, unzipOutput) = try await run("/usr/bin/unzip", ["-t", path])
        guard unzipStatus == 0 else { throw Failure(description: "unzip -t failed: \(unzipOutput)") }
        let (sevenStatus, sevenOutput) = try await run("/usr/bin/7z", ["t", path])
        guard sevenStatus == 0 else { throw Failure(description: "7z t failed: \(sevenOutput)") }
        let script = """
            import base64, json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                print(json.dumps([[i.filename, base64.b64encode(z.read(i)).decode()] for i in z.infolist()]))
            """
        let (status, output) = try await run("/usr/bin/env", ["python3", "-c", script, path])
        guard status == 0, let list = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String]] else {
            throw Failure(description: "python zipfile failed: \(output)")
        }
        return list.map { ($0[0], Array(Data(base64Encoded: $0[1]) ?? Data())) }
    }

    /// Java's `ZipInputStream` (local headers only: it refuses stored entries with data descriptors) and `ZipFile`
    /// (the ZipStream tests' reader program), and bsdtar reading from a pipe, each find `entries` entries.
    static func javaAndBsdtar(_ archive: [UInt8], entries: Int) async throws {
        let path = NSTemporaryDirectory() + "check-\(UUID().uuidString).zip"
        try Data(archive).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = TestService.repository + "/Tests/ZipStreamTests/Readers/ZipCheck.java"
        for mode in ["stream", "zipfile"] {
            let (status, output) = try await run("/usr/bin/env", ["java", reader, mode, path])
            let listed = output.split(separator: "\n").count
            guard status == 0, listed == entries else {
                throw Failure(description: "java \(mode): status \(status), \(listed) of \(entries) entries: \(output)")
            }
        }
        let (status, output) = try await run("/bin/sh", ["-c", #"bsdtar -tf - < "$1""#, "sh", path])
        guard status == 0, output.split(separator: "\n").count == entries else {
            throw Failure(description: "bsdtar: status \(status): \(output)")
        }
    }

    /// The exit status and everything the program printed (standard output, then standard error).
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        let (status, output, errors) = try await ChildProcess.run(executable, arguments)
        return (status, output + errors)
    }
}
