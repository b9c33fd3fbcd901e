@testable import ArchiveService
import Backends
import NIOCore
import Testing

/// The bytes of small objects read whole while planning: each entry's handed out once, from any offset, and dropped
/// with every earlier entry's (a range request skips entries); their CRC-32 checked against the one the storage
/// keeps. (S3PrefetchTests runs the same on a real server, end to end.)
struct PrefetchedEntriesTests {
    @Test func eachEntryIsHandedOutOnceAndEveryEarlierOneIsDropped() {
        let held = PrefetchedEntries([2: ByteBuffer(bytes: [1, 2, 3]), 5: ByteBuffer(bytes: [4, 5, 6, 7]),
                                      9: ByteBuffer(bytes: [8])])
        #expect(held.holds(2) && held.holds(5) && held.holds(9))
        #expect(!held.holds(0) && !held.holds(3) && !held.holds(10))
        #expect(held.take(3, from: 0) == nil)
        #expect(held.holds(5))
        #expect(held.take(5, from: 1) == ByteBuffer(bytes: [5, 6, 7]))
        #expect(!held.holds(2) && !held.holds(5) && held.holds(9))
        #expect(held.take(5, from: 0) == nil && held.take(2, from: 0) == nil)
        #expect(held.take(9, from: 0) == ByteBuffer(bytes: [8]))
        #expect(!held.holds(9))
    }

    @Test func aCRCTheStorageKeepsMustMatchTheBytesReadWhole() throws {
        let bytes = ByteBuffer(bytes: Array("123456789".utf8))
        #expect(try AssetResolver.crc32(of: bytes, stored: nil, key: "k") == 0xCBF4_3926)
        #expect(try AssetResolver.crc32(of: bytes, stored: 0xCBF4_3926, key: "k") == 0xCBF4_3926)
        #expect(throws: StorageError.self) { try AssetResolver.crc32(of: bytes, stored: 0xCBF4_3927, key: "k") }
    }
}
