import Testing
import ZipStream

/// A source that gives one byte too few or too many makes the write throw: an archive that looks complete but
/// is not must never reach a client.
@Suite struct WriterFailureTests {
    @Test(arguments: [-1, 1], [ZipEntry.Method.stored, .deflated()])
    func misreportedSizeFails(by delta: Int, method: ZipEntry.Method) async throws {
        for knownCRC in [true, false] where !(knownCRC && method != .stored) {
            var archive = TestArchive()
            try await archive.addFile("ok.jpg", size: 5000)
            try await archive.addFile("liar.jpg", size: 300_000, content: .misreported(.pattern(seed: 4), by: delta),
                                      knownCRC: false, method: method)
            if knownCRC { archive.entries[1].crc32 = 0x1234_5678 }
            var written: UInt64 = 0
            let expected: ZipStreamError = delta < 0
                ? .entryTooShort(name: "liar.jpg", expected: 300_000, actual: 299_999)
                : .entryTooLong(name: "liar.jpg", expected: 300_000)
            await #expect(throws: expected) {
                try await archive.writer().write { written += UInt64($0.readableBytes) }
            }
            if let length = try archive.plan().length { #expect(written < length) }
        }
    }

    @Test func unsafeOrDuplicateNamesAreRefused() {
        #expect(throws: ZipStreamError.unsafeName("../x.jpg")) {
            try ZipPlan(entries: [ZipEntry(name: "../x.jpg", size: 1, modified: 0)])
        }
        #expect(throws: ZipStreamError.unsafeName("/etc/passwd")) {
            try ZipPlan(entries: [ZipEntry(name: "/etc/passwd", size: 1, modified: 0)])
        }
        #expect(throws: ZipStreamError.duplicateName("img.jpg")) {
            try ZipPlan(entries: [ZipEntry(name: "IMG.JPG", size: 1, modified: 0),
                                  ZipEntry(name: "img.jpg", size: 1, modified: 0)])
        }
    }

    @Test func rangeOfAnUnknownLengthIsRefused() async throws {
        var archive = TestArchive()
        try await archive.addFile("notes.txt", size: 100, method: .deflated())
        await #expect(throws: ZipStreamError.rangeNeedsStoredPlan) {
            try await archive.writer().write(range: 0..<10, knownCRCs: [:]) { _ in }
        }
    }
}
