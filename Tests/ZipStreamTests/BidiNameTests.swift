import Foundation
import Testing
@testable import ZipStream

/// Unicode bidi controls make a name display as another ("invoice<RLO>gpj.exe" shows as "invoiceexe.jpg"), so
/// sanitising drops them (DESIGN §3.5); joiners inside emoji sequences are not bidi controls and stay.
@Suite struct BidiNameTests {
    @Test(arguments: [
        ("invoice\u{202E}gpj.exe", "invoicegpj.exe"),
        ("a\u{061C}b\u{200E}c\u{200F}d.jpg", "abcd.jpg"),
        ("\u{202A}e\u{202B}m\u{202C}b\u{202D}e\u{202E}d.png", "embed.png"),
        ("\u{2066}i\u{2067}s\u{2068}o\u{2069}.heic", "iso.heic"),
        ("\u{202E}\u{2066}", "_"),
        ("\u{202E}album/photo\u{200F}.jpg", "album/photo.jpg"),
        (".\u{200E}./secret.txt", "secret.txt"),
        ("CON\u{202E}.jpg", "_CON.jpg"),
        ("photo.\u{200F}", "photo"),
        ("👨\u{200D}👩\u{200D}👧.jpg", "👨\u{200D}👩\u{200D}👧.jpg"),
        ("\u{5E9}\u{5DC}\u{5D5}\u{5DD}.jpg", "\u{5E9}\u{5DC}\u{5D5}\u{5DD}.jpg"),
    ])
    func bidiControlsAreDropped(input: String, expected: String) {
        #expect(ZipNames.sanitize(input) == expected)
        #expect(ZipNames.isSafe(ZipNames.sanitize(input), directory: false))
    }

    @Test func namesWithBidiControlsAreNotSafe() {
        #expect(!ZipNames.isSafe("invoice\u{202E}gpj.exe", directory: false))
        #expect(!ZipNames.isSafe("album\u{2067}/", directory: true))
    }

    /// Python's zipfile reads the archive back: the names it lists are the ones expected, written out here.
    @Test func aRealReaderListsTheNamesWithoutControls() async throws {
        var archive = TestArchive()
        let inputs = ["invoice\u{202E}gpj.exe", "\u{2066}report\u{2069}.pdf", "👨\u{200D}👩\u{200D}👧.jpg"]
        for name in inputs { try await archive.addFile(ZipNames.sanitize(name), size: 10) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bidi-\(UUID().uuidString).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await archive.write(to: path)

        let run = try ProcessRun(["python3", "\(Reader.readersDirectory)/zipcheck.py", path])
        #expect(run.status == 0, "\(run.errorOutput)")
        let names = run.output.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        #expect(names == ["invoicegpj.exe", "report.pdf", "👨\u{200D}👩\u{200D}👧.jpg"])
    }
}
