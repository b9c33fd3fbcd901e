import ArchiveCheck
import Foundation
import NIOCore
import Testing
import ZipStream

/// Archives from our own writer validate, with Python's zipfile (and its zlib) as the oracle for what they hold.
@Suite struct ZipWriterArchiveTests {
    static let modified: Int64 = 1_720_000_000

    /// Both layouts: CRC-32 unknown (bit 3, descriptors) and known up front (no descriptors).
    @Test(arguments: [false, true])
    func smallArchive(knownCRC: Bool) async throws {
        let sizes: [UInt64] = [0, 70_000, 3 << 20, 1_234]
        let fills: [UInt8] = [0, 0x41, 0x7F, 0xC3]
        let crcs = knownCRC ? try await zlibCRCs(sizes: sizes, fills: fills) : sizes.map { _ in nil }
        var entries = zip(sizes, crcs).enumerated().map { index, entry in
            ZipEntry(name: ["empty.txt", "Été.jpg", "IMG_0001.JPG", "notes.txt"][index], size: entry.0,
                     modified: Self.modified, crc32: entry.1)
        }
        entries.insert(.directory("Album", modified: Self.modified), at: 1)
        let writer = ZipWriter(plan: try ZipPlan(entries: entries), source: FillSource(fills: [0] + fills))
        var bytes: [UInt8] = []
        try await writer.write { bytes += $0.readableBytesView }

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID()).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let facts = try await ArchiveFacts.of(path)
        let summary = try validate(bytes, expectedLength: writer.plan.length, chunkSize: 7_777).get()
        #expect(summary == ArchiveSummary(entryCount: facts.entries.count, length: facts.length,
                                          dataBytes: facts.dataBytes))
    }

    /// 4.5 GiB of zeros, then entries whose headers lie past 4 GiB: ZIP64 local and central extras (with the
    /// offset), the ZIP64 end record and locator. Streamed through the validator, never held; the CRC-32 of the
    /// big entry comes from Python's zlib, so the writer takes the known-CRC layout and the validator's own
    /// computation is what is checked.
    @Test func beyondFourGiB() async throws {
        let bigSize: UInt64 = 4_608 << 20
        let crcs = try await zlibCRCs(sizes: [bigSize, 100_000], fills: [0, 0x5A])
        let entries = [
            ZipEntry(name: "video.mp4", size: bigSize, modified: Self.modified, crc32: crcs[0]),
            ZipEntry(name: "after.jpg", size: 100_000, modified: Self.modified, crc32: crcs[1]),
            .directory("later", modified: Self.modified),
        ]
        let writer = ZipWriter(plan: try ZipPlan(entries: entries), source: FillSource(fills: [0, 0x5A, 0]))
        var validator = StreamingZipValidator(expectedLength: writer.plan.length)
        try await writer.write { try validator.consume($0) }
        let summary = try validator.finish()
        #expect(summary.entryCount == 3)
        #expect(summary.dataBytes == bigSize + 100_000)
        #expect(summary.length == writer.plan.length)
    }

    /// The CRC-32 of `size` bytes of `fill`, each, by Python's zlib.
    private func zlibCRCs(sizes: [UInt64], fills: [UInt8]) async throws -> [UInt32?] {
        let program = """
            import sys, zlib
            for size, fill in zip(sys.argv[1::2], sys.argv[2::2]):
                size, block, crc = int(size), bytes([int(fill)]) * (1 << 20), 0
                while size > 0:
                    crc = zlib.crc32(block[:min(size, len(block))], crc)
                    size -= len(block)
                print(crc)
            """
        let arguments = zip(sizes, fills).flatMap { ["\($0)", "\($1)"] }
        let output = try await ExternalTool.run(["python3", "-c", program] + arguments)
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map { UInt32($0) }
    }
}
