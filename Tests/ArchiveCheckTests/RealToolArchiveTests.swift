import ArchiveCheck
import Foundation
import Testing

/// Archives written by real tools (Python's zipfile, Info-ZIP's zip) validate; the same archives damaged in one
/// place are rejected with the fault that names that place. Expected values come from Python's zipfile.
@Suite struct RealToolArchiveTests {
    /// How each kind is made: see `Tools/ziptool.py make`.
    static let kinds = ["python", "python-zip64", "python-zip64-end", "infozip", "infozip-streamed"]

    @Test(arguments: kinds)
    func validates(kind: String) async throws {
        let (bytes, facts) = try await archive(kind)
        let summary = try validate(bytes, expectedLength: UInt64(bytes.count)).get()
        #expect(summary == ArchiveSummary(entryCount: facts.entries.count, length: facts.length,
                                          dataBytes: facts.dataBytes))
    }

    /// A stream may be cut anywhere: one byte at a time and odd sizes give the same answer as whole chunks.
    @Test(arguments: [1, 3, 29, 4097])
    func validatesInAnyPieces(chunkSize: Int) async throws {
        for kind in Self.kinds {
            let (bytes, facts) = try await archive(kind)
            let summary = try validate(bytes, chunkSize: chunkSize).get()
            #expect(summary.entryCount == facts.entries.count, "\(kind)")
        }
    }

    @Test(arguments: kinds)
    func rejectsAFlippedDataByte(kind: String) async throws {
        var (bytes, facts) = try await archive(kind)
        let entry = facts.entries[2]
        bytes[Int(entry.dataOffset + entry.size / 2)] ^= 0x01
        guard case .failure(.dataCRCMismatch(let name, let recorded, _)) = validate(bytes) else {
            Issue.record("\(kind): \(validate(bytes))")
            return
        }
        #expect(name == entry.name)
        #expect(recorded == entry.crc)
    }

    @Test(arguments: kinds)
    func rejectsATruncatedEnd(kind: String) async throws {
        let (bytes, _) = try await archive(kind)
        let cut = Array(bytes.dropLast(5))
        #expect(validate(cut, expectedLength: UInt64(bytes.count))
            == .failure(.truncated(offset: UInt64(cut.count), inside: "the end of central directory record")))
    }

    @Test(arguments: kinds)
    func rejectsAWrongCentralCRC(kind: String) async throws {
        var (bytes, facts) = try await archive(kind)
        // The first central header's CRC-32 field, 16 bytes in (APPNOTE 4.3.12).
        let field = Int(facts.centralDirectoryOffset) + 16
        bytes[field] ^= 0xFF
        let entry = facts.entries[0]
        #expect(validate(bytes) == .failure(.centralMismatch(name: entry.name, field: "CRC-32",
                                                              central: UInt64(entry.crc ^ 0xFF),
                                                              actual: UInt64(entry.crc))))
    }

    @Test(arguments: kinds)
    func rejectsTrailingGarbage(kind: String) async throws {
        let (bytes, facts) = try await archive(kind)
        #expect(validate(bytes + [0x50, 0x4B, 0, 0]) == .failure(.trailingBytes(offset: facts.length)))
    }

    @Test func rejectsALengthOtherThanAnnounced() async throws {
        let (bytes, facts) = try await archive("python")
        #expect(validate(bytes, expectedLength: facts.length + 1)
            == .failure(.lengthMismatch(expected: facts.length + 1, actual: facts.length)))
    }

    /// Bit 3 set but the descriptor's signature overwritten: Info-ZIP's streamed entries always carry it.
    @Test func rejectsAMissingDataDescriptor() async throws {
        var (bytes, facts) = try await archive("infozip-streamed")
        let entry = facts.entries[1]
        let descriptor = Int(entry.dataOffset + entry.size)
        bytes[descriptor] = 0
        #expect(validate(bytes) == .failure(.missingDataDescriptor(name: entry.name, offset: UInt64(descriptor))))
    }

    /// The archive of `kind`, made by the real tool, and Python's reading of it.
    private func archive(_ kind: String) async throws -> ([UInt8], ArchiveFacts) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(kind)-\(UUID().uuidString).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await ExternalTool.ziptool(["make", kind, path])
        let facts = try await ArchiveFacts.of(path)
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), facts)
    }
}
