import Foundation
import NIOCore

/// A sink that hands every byte to coreutils' `sha256sum`: an outside implementation of SHA-256 (this test target
/// links no crypto library), fast enough for archives of several GiB.
final class SHA256Sink {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", "-b"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    func take(_ chunk: ByteBuffer) throws {
        let descriptor = input.fileHandleForWriting.fileDescriptor
        try chunk.withUnsafeReadableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                guard count > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                done += count
            }
        }
    }

    /// The hex digest of everything taken.
    func finish() throws -> String {
        try input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: answer.prefix(64), as: UTF8.self)
    }
}
