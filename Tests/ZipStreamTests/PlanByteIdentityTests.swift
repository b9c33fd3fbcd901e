import Testing
import TestSupport
import ZipStream

/// The exact bytes of varied archives, pinned as SHA-256 digests computed by `sha256sum` from the writer as it was
/// before the plan was made compact (commit 6a2cfe3): a change to how plans are held must change no byte of any
/// archive, so these literals are an oracle from outside the code under test. A digest changes only with a
/// deliberate change of the format, which then says so in its commit.
@Suite(.serialized) struct PlanByteIdentityTests {
    static let max32: UInt64 = 0xFFFF_FFFF

    @Test(arguments: [
        (true, "8662dbd30ef8179e145fc2d09ce6a172501f65649437d4cb113c07a6d1ba27e7"),
        (false, "3db3f8ec298cceef58d9ad32bd02b408648b06dc47aa418e9ef9e6f1f609d506"),
    ])
    func mixedFeatures(knownCRC: Bool, digest: String) async throws {
        let actual = try await Self.digest(try await TestArchive.mixedFeatures(knownCRC: knownCRC))
        #expect(actual == digest)
    }

    @Test(arguments: [
        (true, "5afb07bcbf948219e6dd6a5ceda58577563f8ba438ef8a4f3e33b55a9fbf8f34"),
        (false, "f6633c3ee6f8170c3754cf230a3fc32cf608e1a70946e8275cfb058402ff213b"),
    ])
    func album(knownCRC: Bool, digest: String) async throws {
        let actual = try await Self.digest(try await Self.album(knownCRC: knownCRC))
        #expect(actual == digest)
    }

    /// Ranges of the known-CRC album, as fractions of its length: inside the first entry, across many entries,
    /// across the start of the central directory, the end records alone.
    @Test(arguments: [
        (0.0, 0.0001, "ccd8ce147b001fcd8fb2dd1f7b3d15040f01b43b96c85dd5f86e62baae8994fd"),
        (0.3, 0.7, "0da1a74c1c9772125c6e7cc1c544aa62a99bf6754f7b6928a28efe7989def229"),
        (0.97, 1.0, "067b88b6c2d6357168a21728af0113d899e787315ae4c99b795bc834fc913c09"),
        (0.99999, 1.0, "0882e02f9cc8bc90d6aa4d11dda31aade68699e7677ca979262549408e5878ae"),
    ])
    func albumRange(from: Double, to: Double, digest: String) async throws {
        let archive = try await Self.album(knownCRC: true)
        let length = Double(try archive.plan().length!)
        let range = UInt64(length * from)..<UInt64(length * to)
        let actual = try await Self.digest(archive, range: range)
        #expect(actual == digest)
    }

    /// The random plans of the property tests: files of random sizes, directories, known and unknown CRC-32s,
    /// mtimes before 1980 and after 2038.
    @Test(arguments: [
        (0, "181eb12958745bac33820ea78f7a01bf66e5e9f2302b936fccc73621e108ee36"),
        (1, "1a5020b2451136a8a589d484f123aab8b73b67060b41cc64e8b27cc6af0c1f5c"),
        (2, "6d74ab3acb22142363a0061d21a36d645ba8a98d909c1083adfa32f7bef992ea"),
        (3, "e48933d52f74ddf023341f365a265b7c282c69f7239e764cf56a370cbf5fa40b"),
        (4, "86842e5c66ad7eaa88bf82c4e897fdcf97f30c9e5d2524c731a9f418d7188009"),
        (5, "9f30c9a5a72e84485224c07bd609ce70bfd313903c5961e95c9e8da5bcc8f410"),
        (6, "789be39376c3fa5a87d2d0bdff27a6c7ac6d7c499fe12d1a897ff3d8097ea276"),
        (7, "44fbad2eaadba9a5049320a15ad016208f79ac7fe880d399dd5166726ed0f889"),
        (8, "c852244aebd8d266633304397dfe94e50b069b6efd156c77a6d2d68e5e693c8c"),
        (9, "9444e4db8076d68e636ed54c2b60d9dcc9251cad64f11b2a1c119dd98fc4eff0"),
        (10, "8cfb335ca55142971a1fc140f7784ab2e5e68a3a80d0cfec754060bb12c7abb0"),
        (11, "e26bc9322b624497c4531fa0c1a46461460ad4a39e77a3d04ec50e3c92826453"),
    ])
    func randomPlan(seed: UInt64, digest: String) async throws {
        let actual = try await Self.digest(try await PlanPropertyTests.randomArchive(seed: seed))
        #expect(actual == digest)
    }

    /// 65,534 entries (classic end record) and 65,535 (ZIP64 end records, by count alone).
    @Test(arguments: [
        (65_534, true, "c8a28e37b8d7eb605696e2ea4992962de48babafb030f82b865597cf69ddf27e"),
        (65_535, false, "a08d76b554eb8d2946d96790adb0d75ae559c462ebc965fdca143ec691afbade"),
    ])
    func entryCount(count: Int, knownCRC: Bool, digest: String) async throws {
        var archive = TestArchive()
        var random = SplitMix64(seed: UInt64(count))
        for index in 0..<count {
            try await archive.addFile("photos/\(index).jpg", size: random.next() % 64, content: .pattern(seed: 7),
                                      knownCRC: knownCRC, modified: 1_600_000_000 + Int64(index))
        }
        let actual = try await Self.digest(archive)
        #expect(actual == digest)
    }

    /// ZIP64 by size and by offset, whole and as a range across the 4 GiB boundary.
    @Test(arguments: [
        (true, "dabaf97c6ce6cf516d4b85a3eac2f41c4a6b7e85925791a334e08915702d1fb0", "76adc782032478c5e57b444e34d976c42642950411c9ceb3b2d51562d186c1dc"),
        (false, "f97c58dfca0d35dbd4ea35bb5b1573f908488efe3898846cb1e3be836afca8a5", nil),
    ])
    func beyondFourGiB(knownCRC: Bool, digest: String, rangeDigest: String?) async throws {
        let archive = try await TestArchive.beyondFourGiB(knownCRC: knownCRC)
        let actual = try await Self.digest(archive)
        #expect(actual == digest)
        if let rangeDigest {
            let range = (Self.max32 - 1000)..<(try archive.plan().length!)
            let actualRange = try await Self.digest(archive, range: range)
            #expect(actualRange == rangeDigest)
        }
    }

    /// A local header at exactly 0xFFFFFFFF: the first offset that needs ZIP64. "a.bin"'s local header is
    /// 30 + 5 (name) + 9 (timestamp) + 16 (padding for the descriptor it does without) = 60 bytes.
    @Test func headerAtTheZIP64Offset() async throws {
        var archive = TestArchive()
        try await archive.addFile("a.bin", size: Self.max32 - 60, content: .zeros, knownCRC: true)
        try await archive.addFile("b.txt", size: 10, knownCRC: true)
        #expect(try archive.plan().span(of: 1)?.headerOffset == Self.max32)
        let actual = try await Self.digest(archive)
        #expect(actual == "bee714c50256f0f3f9f04d144bba357b9c090f3b20cede5f23c80ea4a4f1cf1d")
    }

    /// 2,000 photos as a year's album names them ("2026/IMG_1234.jpg"), a few with UTF-8 names, random small sizes
    /// and mtimes.
    static func album(knownCRC: Bool) async throws -> TestArchive {
        var archive = TestArchive()
        var random = SplitMix64(seed: 2026)
        for index in 0..<2_000 {
            let name = index % 97 == 0 ? "2026/Été \(index).heic" : "2026/IMG_\(1000 + index).jpg"
            try await archive.addFile(name, size: random.next() % 20_000, content: .pattern(seed: random.next() % 4),
                                      knownCRC: knownCRC, modified: 1_700_000_000 + Int64(random.next() % 50_000_000))
        }
        return archive
    }

    /// SHA-256 of the archive, or of bytes `range` of it written on their own (with no CRC-32 given).
    static func digest(_ archive: TestArchive, range: Range<UInt64>? = nil) async throws -> String {
        let sink = try SHA256Sink()
        let writer = try archive.writer()
        if let range {
            try await writer.write(range: range, knownCRCs: [:]) { try sink.take($0) }
        } else {
            try await writer.write { try sink.take($0) }
        }
        return try sink.finish()
    }
}
