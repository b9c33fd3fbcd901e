import ZipStream

/// Archives more than one suite writes: the conformance tests hand them to real readers, the byte-identity tests
/// pin their exact bytes.
extension TestArchive {
    static let nastyNames = ["../../etc/passwd", "a:b*c?.jpg", "CON.jpg", "trailing. ", "/abs/path.png", "tab\there.txt",
                             "back\\slash.png", "quote\"d<>|.gif"]

    /// Every feature at once: empty and multi-chunk files, directories, UTF-8 and sanitised names, case-insensitive
    /// duplicates, and two deflated entries at different levels.
    static func mixedFeatures(knownCRC: Bool) async throws -> TestArchive {
        var archive = TestArchive()
        try await archive.addFile("empty.txt", size: 0, knownCRC: knownCRC)
        archive.addDirectory("Empty folder")
        archive.addDirectory("Album")
        try await archive.addFile("Album/IMG_0001.JPG", size: 3 << 20, content: .pattern(seed: 2), knownCRC: knownCRC)
        try await archive.addFile("Été à Paris.jpg", size: 70_000, content: .pattern(seed: 3), knownCRC: knownCRC)
        try await archive.addFile("日本語の写真.heic", size: 1234, content: .pattern(seed: 4), knownCRC: knownCRC)
        try await archive.addFile("🎉 party 👨‍👩‍👧.mov", size: 65_537, content: .pattern(seed: 5), knownCRC: knownCRC)
        for (index, name) in ZipNames.unique(nastyNames + ["IMG.JPG", "img.jpg", "Img.Jpg", "img+1.jpg"]).enumerated() {
            try await archive.addFile(name, size: UInt64(index * 100), content: .pattern(seed: 10), knownCRC: knownCRC)
        }
        try await archive.addFile("notes.txt", size: 1 << 20, content: .zeros, method: .deflated())
        try await archive.addFile("raw.dng", size: 300_000, content: .pattern(seed: 6), method: .deflated(level: 1))
        return archive
    }

    /// One entry of 4.5 GiB of zeros, then entries whose local headers start beyond 4 GiB, a directory among them.
    static func beyondFourGiB(knownCRC: Bool) async throws -> TestArchive {
        var archive = TestArchive()
        try await archive.addFile("video.mp4", size: 4_608 << 20, content: .zeros, knownCRC: knownCRC)
        try await archive.addFile("after.jpg", size: 100_000, content: .pattern(seed: 8), knownCRC: knownCRC)
        archive.addDirectory("later")
        try await archive.addFile("later/été.png", size: 10, content: .pattern(seed: 9), knownCRC: knownCRC)
        return archive
    }
}
