import NIOCore
import Testing
import TestSupport
@testable import ZipStream

/// The plan is a promise: the writer produces exactly the planned length, the same bytes every time, and any
/// range of them on its own.
@Suite struct PlanPropertyTests {
    static let max32: UInt64 = 0xFFFF_FFFF

    @Test(arguments: 0..<40)
    func randomStoredPlanMatchesOutput(seed: Int) async throws {
        let archive = try await Self.randomArchive(seed: UInt64(seed))
        let writer = try archive.writer()
        let first = try await writer.capture(keeping: 0..<UInt64.max)
        let second = try await writer.capture(keeping: 0..<UInt64.max)
        #expect(first.length == writer.plan.length)
        #expect(first.kept == second.kept, "the same plan written twice differs")
    }

    @Test(arguments: 0..<20)
    func rangesEqualSlicesOfTheWhole(seed: Int) async throws {
        let archive = try await Self.randomArchive(seed: UInt64(seed) + 1000)
        let writer = try archive.writer()
        var crcs: [Int: UInt32] = [:]
        var whole: [UInt8] = []
        let summary = try await writer.write { whole += $0.readableBytesView }
        crcs = summary.computedCRCs
        var random = SplitMix64(seed: UInt64(seed))
        for _ in 0..<25 {
            let a = random.next() % UInt64(whole.count + 1), b = random.next() % UInt64(whole.count + 1)
            let range = min(a, b)..<max(a, b)
            // Only the CRCs of entries that end before the range are the caller's to give.
            let given = crcs.filter { index, _ in writer.plan.span(of: index)!.end <= range.lowerBound }
            var slice: [UInt8] = []
            try await writer.write(range: range, knownCRCs: given) { slice += $0.readableBytesView }
            #expect(slice == Array(whole[Int(range.lowerBound)..<Int(range.upperBound)]), "range \(range)")
        }
    }

    @Test func rangeReachingTheDirectoryNeedsEarlierCRCs() async throws {
        var archive = TestArchive()
        try await archive.addFile("a.jpg", size: 1000)
        try await archive.addFile("b.jpg", size: 1000)
        let writer = try archive.writer()
        let start = writer.plan.span(of: 1)!.headerOffset
        await #expect(throws: ZipStreamError.missingCRC(name: "a.jpg")) {
            try await writer.write(range: start..<writer.plan.length!, knownCRCs: [:]) { _ in }
        }
    }

    /// Sizes around 0xFFFFFFFF: the ZIP64 decision flips exactly at the all-ones value, and the length holds.
    @Test(arguments: [max32 - 1, max32, max32 + 1])
    func entrySizeThreshold(size: UInt64) async throws {
        var archive = TestArchive()
        try await archive.addFile("big.bin", size: size, content: .zeros)
        try await archive.addFile("small.txt", size: 10)
        let writer = try archive.writer()
        #expect(writer.plan.layout(of: 0, at: 0).isZip64 == (size >= Self.max32))
        #expect(try await writer.capture().length == writer.plan.length)
    }

    /// Local header offsets around 0xFFFFFFFF: the entry at the offset switches to ZIP64, the one before does not.
    @Test(arguments: [max32 - 1, max32, max32 + 1])
    func entryOffsetThreshold(offset: UInt64) async throws {
        var archive = TestArchive()
        let first = EntryLayout(entry: ZipEntry(name: "a.bin", size: 0, modified: 0, crc32: 0), nameLength: 5,
                                isUTF8: false, offset: 0)
        try await archive.addFile("a.bin", size: offset - UInt64(first.localHeaderLength), content: .zeros,
                                  knownCRC: true)
        try await archive.addFile("b.txt", size: 10, knownCRC: true)
        let writer = try archive.writer()
        #expect(writer.plan.span(of: 1)?.headerOffset == offset)
        #expect(writer.plan.layout(of: 0, at: 0).isZip64 == (offset - UInt64(first.localHeaderLength) >= Self.max32))
        #expect(writer.plan.layout(of: 1, at: offset).isZip64 == (offset >= Self.max32))
        #expect(try await writer.capture().length == writer.plan.length)
    }

    /// Entry counts around 0xFFFF: ZIP64 end records from 65,535 entries on.
    @Test(arguments: [65_534, 65_535, 65_536])
    func entryCountThreshold(count: Int) async throws {
        let entries = (0..<count).map { ZipEntry(name: "\($0)", size: 0, modified: 0, crc32: 0) }
        let plan = try ZipPlan(entries: entries)
        #expect(plan.centralDirectory!.needsZip64End == (count >= 65_535))
        let writer = ZipWriter(plan: plan, source: PatternSource(contents: Array(repeating: .zeros, count: count)))
        #expect(try await writer.capture().length == plan.length)
    }

    /// A range across the 4 GiB boundary of a large archive equals that slice of the whole stream.
    @Test func rangeAcrossFourGiB() async throws {
        var archive = TestArchive()
        try await archive.addFile("video.mp4", size: Self.max32 + 5000, content: .zeros, knownCRC: true)
        try await archive.addFile("after.jpg", size: 70_000, content: .pattern(seed: 3), knownCRC: true)
        let writer = try archive.writer()
        let range = (Self.max32 - 1000)..<writer.plan.length!
        let whole = try await writer.capture(keeping: range)
        var slice: [UInt8] = []
        try await writer.write(range: range, knownCRCs: [:]) { slice += $0.readableBytesView }
        #expect(slice == whole.kept)
    }

    /// Up to 12 entries: files of random sizes (some spanning several source chunks), directories, known and
    /// unknown CRC-32s.
    static func randomArchive(seed: UInt64) async throws -> TestArchive {
        var random = SplitMix64(seed: seed)
        var archive = TestArchive()
        for index in 0..<Int(random.next() % 13) {
            switch random.next() % 10 {
            case 0:
                archive.addDirectory("dir\(index)", modified: Int64(random.next() % 4_000_000_000))
            default:
                let size = random.next() % 4 == 0 ? random.next() % 3_000_000 : random.next() % 2000
                try await archive.addFile("file\(index).bin", size: size, content: .pattern(seed: random.next()),
                                          knownCRC: random.next() % 2 == 0,
                                          modified: Int64(random.next() % 5_000_000_000) - 500_000_000)
            }
        }
        return archive
    }
}
