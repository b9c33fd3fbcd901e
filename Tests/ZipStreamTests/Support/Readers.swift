import Foundation

/// The real ZIP readers of DESIGN §5, run as outside processes on an archive file.
enum Reader: String, CaseIterable, CustomStringConvertible {
    case unzip = "Info-ZIP unzip -t"
    case sevenZip = "7z t"
    case bsdtar = "bsdtar (seeking)"
    case bsdtarStreaming = "bsdtar (streaming, stdin)"
    case python = "Python zipfile"
    case javaZipFile = "Java ZipFile"
    case javaZipInputStream = "Java ZipInputStream"
    case zipdetails = "zipdetails"

    var description: String { rawValue }

    static let readersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Readers").path

    /// Checks `path` and returns a complaint, or nil when this reader accepts the archive. `listing` is what the
    /// listing readers must print, `dataBytes` what the extracting ones must produce.
    func check(_ path: String, listing: [String], dataBytes: UInt64) throws -> String? {
        switch self {
        case .unzip:
            return try expectOutput(["unzip", "-tq", path], containing: "No errors detected")
        case .sevenZip:
            return try expectOutput(["7z", "t", path], containing: "Everything is Ok")
        case .bsdtar:
            return try expectByteCount(#"bsdtar -xOf "$1" | wc -c"#, path, dataBytes)
        case .bsdtarStreaming:
            return try expectByteCount(#"bsdtar -xOf - < "$1" | wc -c"#, path, dataBytes)
        case .python:
            return try expectListing(["python3", "\(Self.readersDirectory)/zipcheck.py", path], listing)
        case .javaZipFile:
            return try expectListing(["java", "\(Self.readersDirectory)/ZipCheck.java", "zipfile", path], listing)
        case .javaZipInputStream:
            return try expectListing(["java", "\(Self.readersDirectory)/ZipCheck.java", "stream", path], listing)
        case .zipdetails:
            let run = try ProcessRun(["zipdetails", path])
            guard run.status == 0 else { return "exit \(run.status): \(run.errorOutput)" }
            let complaints = run.output.split(separator: "\n").filter { $0.contains("Error") || $0.contains("WARNING") }
            return complaints.isEmpty ? nil : complaints.prefix(5).joined(separator: "\n")
        }
    }

    private func expectOutput(_ arguments: [String], containing text: String) throws -> String? {
        let run = try ProcessRun(arguments)
        guard run.status == 0, run.output.contains(text) else {
            return "exit \(run.status): \(run.output.suffix(2000)) \(run.errorOutput.suffix(2000))"
        }
        return nil
    }

    private func expectByteCount(_ script: String, _ path: String, _ expected: UInt64) throws -> String? {
        let run = try ProcessRun(["bash", "-o", "pipefail", "-c", script, "_", path])
        let count = UInt64(run.output.trimmingCharacters(in: .whitespacesAndNewlines))
        guard run.status == 0, count == expected else {
            return "exit \(run.status), \(run.output) bytes instead of \(expected): \(run.errorOutput.suffix(2000))"
        }
        return nil
    }

    private func expectListing(_ arguments: [String], _ expected: [String]) throws -> String? {
        let run = try ProcessRun(arguments)
        guard run.status == 0 else { return "exit \(run.status): \(run.errorOutput.suffix(2000))" }
        let lines = run.output.split(separator: "\n").map(String.init)
        guard lines == expected else {
            let missing = Set(expected).subtracting(lines).sorted().prefix(3)
            let extra = Set(lines).subtracting(expected).sorted().prefix(3)
            return "\(lines.count) entries listed, \(expected.count) expected; missing \(missing); unexpected \(extra)"
        }
        return nil
    }
}

/// A finished outside process: exit status and everything it printed (through files, so a large listing
/// cannot fill a pipe and stall it).
struct ProcessRun {
    let status: Int32
    let output: String
    let errorOutput: String

    init(_ arguments: [String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        status = process.terminationStatus
        output = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        errorOutput = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    }
}
