import Testing
import ZipStream

/// `ZipPlan.storedLength`, which `/download/info` sizes archives with, against lengths added up by hand from
/// APPNOTE's record sizes: a local header of 30 bytes plus the name, our 9-byte extended-timestamp extra and (ZIP64)
/// a 20-byte extra with both sizes; a data descriptor of 16 bytes (24 in ZIP64) since no CRC is known in advance; a
/// central header of 46 bytes plus the name, the timestamp extra and (ZIP64) an extra of 4 + 16 bytes, 8 more when
/// the offset needs it; the end record of 22 bytes, preceded by the ZIP64 end record (56) and locator (20) when the
/// directory starts past 4 GiB.
@Suite struct StoredLengthTests {
    @Test func aSmallArchiveWithAUTF8Name() throws {
        let entries = [
            ZipEntry(name: "a.jpg", size: 3, modified: 1_700_000_000),
            ZipEntry(name: "café.jpg", size: 5, modified: 1_700_000_000),
        ]
        // Locals 30+5+9+3+16 = 63 and 30+9+9+5+16 = 69, centrals 46+5+9 = 60 and 46+9+9 = 64, end 22.
        #expect(ZipPlan.storedLength(of: entries) == 278)
        #expect(try ZipPlan(entries: entries).length == 278)
    }

    @Test func entriesPastFourGiBUseZIP64() throws {
        let entries = [
            ZipEntry(name: "big.mov", size: 5 << 30, modified: 1_700_000_000),
            ZipEntry(name: "after.jpg", size: 1, modified: 1_700_000_000),
        ]
        // big.mov: local 30+7+20+9 = 66, 5 GiB of data, descriptor 24 -> 5,368,709,210.
        // after.jpg at that offset: local 30+9+20+9 = 68, 1 byte, descriptor 24 -> 5,368,709,303.
        // Centrals 46+7+20+9 = 82 and 46+9+28+9 = 92; ZIP64 end record, locator and end record 98.
        #expect(ZipPlan.storedLength(of: entries) == 5_368_709_575)
        #expect(try ZipPlan(entries: entries).length == 5_368_709_575)
    }

    @Test func anEmptyArchiveIsItsEndRecord() {
        #expect(ZipPlan.storedLength(of: [ZipEntry]()) == 22)
    }

    @Test func aDeflatedEntryHasNoLengthInAdvance() {
        let entries = [ZipEntry(name: "notes.txt", size: 100, modified: 0, method: .deflated(level: 6))]
        #expect(ZipPlan.storedLength(of: entries) == nil)
    }
}
