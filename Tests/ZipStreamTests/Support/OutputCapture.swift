import NIOCore
import ZipStream

/// A sink that counts what it is given, checksums it, and keeps only the bytes inside `window`.
struct OutputCapture {
    var window: Range<UInt64> = 0..<0
    private(set) var length: UInt64 = 0
    private(set) var checksum = CRC32()
    private(set) var kept: [UInt8] = []

    init(keeping window: Range<UInt64> = 0..<0) {
        self.window = window
    }

    mutating func take(_ chunk: ByteBuffer) {
        let start = length
        length += UInt64(chunk.readableBytes)
        checksum.update(chunk)
        let lower = max(start, window.lowerBound), upper = min(length, window.upperBound)
        if lower < upper {
            kept += chunk.readableBytesView.dropFirst(Int(lower - start)).prefix(Int(upper - lower))
        }
    }
}

extension ZipWriter {
    /// Writes the whole archive into a capture.
    func capture(keeping window: Range<UInt64> = 0..<0) async throws -> OutputCapture {
        var capture = OutputCapture(keeping: window)
        try await write { capture.take($0) }
        return capture
    }
}
