import Foundation
import Testing
import TestSupport
import ZipStream

/// Real archives, checked by every real reader of DESIGN §5. Each reader lists or extracts every entry; the
/// listing readers' names, sizes and CRC-32s must equal those computed from the sources themselves.
@Suite(.serialized) struct ConformanceTests {
    @Test func emptyArchive() async throws {
        let archive = TestArchive()
        #expect(try archive.plan().length == 22)
        // Info-ZIP's unzip -t exits 1 on an archive with no entries, by design ("zipfile is empty").
        try await check(archive, readers: Reader.allCases.filter { $0 != .unzip })
        let path = try await written(archive)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try ProcessRun(["unzip", "-tq", path])
        #expect(run.output.contains("empty"), "\(run.output) \(run.errorOutput)")
    }

    @Test(arguments: [true, false])
    func mixedFeatures(knownCRC: Bool) async throws {
        let archive = try await TestArchive.mixedFeatures(knownCRC: knownCRC)
        // Java's ZipInputStream refuses stored entries with a data descriptor: only the known-CRC layout is for it.
        let readers = knownCRC ? Reader.allCases : Reader.allCases.filter { $0 != .javaZipInputStream }
        try await check(archive, readers: readers)
    }

    @Test func seventyThousandEntries() async throws {
        var archive = TestArchive()
        var random = SplitMix64(seed: 70_000)
        for index in 0..<70_000 {
            try await archive.addFile(String(format: "photos/%05d.jpg", index), size: random.next() % 64,
                                      content: .pattern(seed: 7), knownCRC: true)
        }
        // zipdetails takes time quadratic in the entry count (over ten minutes here for 70,000).
        try await check(archive, readers: Reader.allCases.filter { $0 != .zipdetails })
    }

    /// One entry of 4.5 GiB, and entries whose local headers start beyond 4 GiB: ZIP64 sizes, offsets, end records.
    @Test(arguments: [true, false])
    func beyondFourGiB(knownCRC: Bool) async throws {
        let archive = try await TestArchive.beyondFourGiB(knownCRC: knownCRC)
        let readers = knownCRC ? Reader.allCases : Reader.allCases.filter { $0 != .javaZipInputStream }
        try await check(archive, readers: readers)
    }

    /// Writes `archive`, runs `readers` on it, and records every complaint.
    private func check(_ archive: TestArchive, readers: [Reader]) async throws {
        let path = try await written(archive)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let fileSize = (attributes[.size] as? NSNumber)?.uint64Value
        if let planned = try archive.plan().length { #expect(fileSize == planned, "planned length") }
        let listing = try await archive.expectedListing()
        let dataBytes = archive.entries.reduce(0) { $0 + $1.size }
        for reader in readers {
            let complaint = try reader.check(path, listing: listing, dataBytes: dataBytes)
            #expect(complaint == nil, "\(reader): \(complaint ?? "")")
        }
    }

    private func written(_ archive: TestArchive) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zs-\(UUID().uuidString).zip").path
        try await archive.write(to: path)
        return path
    }
}
