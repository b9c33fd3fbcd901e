import Testing
@testable import ZipStream

@Suite struct NameTests {
    @Test(arguments: [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/path.png", "abs/path.png"),
        ("a:b*c?.jpg", "a_b_c_.jpg"),
        ("quote\"d<>|.gif", "quote_d___.gif"),
        ("back\\slash.png", "back_slash.png"),
        ("tab\there.txt", "tab_here.txt"),
        ("trailing. ", "trailing"),
        ("CON.jpg", "_CON.jpg"),
        ("lpt1", "_lpt1"),
        ("CONSOLE.jpg", "CONSOLE.jpg"),
        ("..", "_"),
        ("", "_"),
        ("a/./b//c.jpg", "a/b/c.jpg"),
        ("E\u{301}te\u{301}.jpg", "Été.jpg"),
        ("日本語.heic", "日本語.heic"),
    ])
    func sanitize(input: String, expected: String) {
        #expect(ZipNames.sanitize(input) == expected)
        #expect(ZipNames.isSafe(ZipNames.sanitize(input), directory: false))
    }

    @Test func longNamesKeepTheirExtensionAndWholeCharacters() {
        let name = String(repeating: "é", count: 200) + ".jpeg"
        let clean = ZipNames.sanitize(name)
        #expect(clean.utf8.count <= ZipNames.maxComponentBytes)
        #expect(clean.hasSuffix("é.jpeg"))
    }

    @Test func duplicatesGetGallerySuffixesCaseInsensitively() {
        #expect(ZipNames.unique(["IMG.JPG", "img.jpg", "Img.Jpg", "IMG+1.JPG", "a", "A", ".profile", ".Profile"])
            == ["IMG.JPG", "img+1.jpg", "Img+2.Jpg", "IMG+1+1.JPG", "a", "A+1", ".profile", ".Profile+1"])
    }

    @Test func suffixesStayWithinTheComponentLimit() {
        let long = String(repeating: "x", count: 255)
        let names = ZipNames.unique([long, long])
        #expect(names[1].utf8.count == ZipNames.maxComponentBytes)
        #expect(names[1].hasSuffix("+1"))
        #expect(Set(names.map { $0.lowercased() }).count == 2)
    }

    /// The byte-level shortcut for plain ASCII names changes nothing: on random names built from the characters that
    /// matter (forbidden ones, dots, spaces, slashes, control bytes, reserved stems), `sanitize` equals the general path.
    @Test func plainNameShortcutAgreesWithTheGeneralPath() {
        let pieces = ["IMG_0001", ".", "..", " ", "/", "\\", ":", "*", "?", "\"", "<", ">", "|", "\u{7}", "\u{7F}", "CON",
                      "lpt1", "nul", "COM9", "jpg", "JPG", "a", "x y", "~", "#", "-", "é", "\u{202E}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let name = (0..<Int.random(in: 1...5, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(ZipNames.sanitize(name) == ZipNames.sanitizeAnyName(name), "\(name)")
        }
        #expect(ZipNames.isPlainComponent("IMG_0001.JPG"))
        #expect(!ZipNames.isPlainComponent("CON.jpg") && !ZipNames.isPlainComponent("a.") && !ZipNames.isPlainComponent("a/b"))
        #expect(ZipNames.isPlainPath("2026/IMG_0001.JPG") && ZipNames.isPlainPath("IMG_0001.JPG"))
        #expect(!ZipNames.isPlainPath("a//b") && !ZipNames.isPlainPath("/a") && !ZipNames.isPlainPath("a/")
            && !ZipNames.isPlainPath("a/../b") && !ZipNames.isPlainPath("a/CON/b"))
    }
}
