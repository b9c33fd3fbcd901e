import Foundation
import NIOCore
import ZipStream

/// An archive for the tests: entries, where their bytes come from, and the means to write it.
struct TestArchive {
    var entries: [ZipEntry] = []
    var contents: [TestContent] = []

    /// A stored file entry; `knownCRC` computes its CRC-32 up front (the cache layout, no data descriptor).
    mutating func addFile(_ name: String, size: UInt64, content: TestContent = .pattern(seed: 1),
                          knownCRC: Bool = false, method: ZipEntry.Method = .stored,
                          modified: Int64 = 1_700_000_000) async throws {
        let crc = knownCRC ? try await PatternSource.checksum(content, size: size).crc : nil
        entries.append(ZipEntry(name: name, size: size, modified: modified, method: method, crc32: crc))
        contents.append(content)
    }

    mutating func addDirectory(_ name: String, modified: Int64 = 1_700_000_000) {
        entries.append(.directory(name, modified: modified))
        contents.append(.zeros)
    }

    func plan() throws -> ZipPlan { try ZipPlan(entries: entries) }

    func writer() throws -> ZipWriter<PatternSource> {
        ZipWriter(plan: try plan(), source: PatternSource(contents: contents))
    }

    /// The whole archive in memory (small archives only).
    func bytes() async throws -> [UInt8] {
        var collected: [UInt8] = []
        try await writer().write { collected.append(contentsOf: $0.readableBytesView) }
        return collected
    }

    /// Writes the archive to a file. Runs of zeros become holes, so a 4.5 GiB archive of zeros takes no disk.
    @discardableResult
    func write(to path: String) async throws -> UInt64 {
        let file = try SparseFileSink(path: path)
        defer { file.close() }
        let summary = try await writer().write { try file.write($0) }
        try file.finish()
        return summary.bytesWritten
    }

    /// What every reader should list: "name<TAB>size<TAB>crc-hex" per entry, from the sources themselves.
    func expectedListing() async throws -> [String] {
        var lines: [String] = []
        for (entry, content) in zip(entries, contents) {
            let (crc, size) = entry.kind == .directory ? (0, 0) : try await PatternSource.checksum(content, size: entry.size)
            lines.append("\(ZipNames.normalized(entry.name))\t\(size)\t\(String(crc, radix: 16))")
        }
        return lines
    }
}

/// A file written sequentially, leaving holes where whole chunks are zero.
final class SparseFileSink {
    private let descriptor: Int32
    private var position: Int64 = 0

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    func write(_ buffer: ByteBuffer) throws {
        let count = buffer.readableBytes
        try buffer.withUnsafeReadableBytes { bytes in
            if count >= 4096, Self.isAllZero(bytes) { return }
                var done = 0
                while done < count {
                    let n = pwrite(descriptor, bytes.baseAddress! + done, count - done, off_t(position) + off_t(done))
                    guard n > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                    done += n
                }
        }
        position += Int64(count)
    }

    /// First byte zero and every byte equal to the next one: memcmp speed, even in a debug build.
    private static func isAllZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes[0] == 0 && memcmp(bytes.baseAddress!, bytes.baseAddress! + 1, bytes.count - 1) == 0
    }

    /// Sets the length, so trailing holes count.
    func finish() throws {
        guard ftruncate(descriptor, off_t(position)) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    func close() { _ = Foundation.close(descriptor) }
}
