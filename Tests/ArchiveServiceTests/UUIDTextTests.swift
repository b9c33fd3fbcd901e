import Catalog
import Foundation
import Testing

/// The catalog's hand-written UUID text (UUIDText.swift) against Foundation's own parser and formatter.
@Suite struct UUIDTextTests {
    @Test func formatsAndParsesAsFoundationDoes() {
        for _ in 0..<2_000 {
            let id = UUID()
            let expected = id.uuidString.lowercased()
            #expect(id.lowercased == expected)
            for text in [expected, id.uuidString] {
                #expect(Self.parse(text) == UUID(uuidString: text), "\(text)")
            }
        }
    }

    @Test(arguments: [
        "", "not-a-uuid", "6fa459ea-ee8a-3ca4-894e-db77e160355", "6fa459ea-ee8a-3ca4-894e-db77e160355e0",
        "6fa459eaXee8a-3ca4-894e-db77e160355e", "6fa459ea-ee8a-3ca4-894e-db77e160355g", "{6fa459ea-ee8a-3ca4-894e-db77e16035}",
        "6fa459ea-ee8a-3ca4-894e-db77e1603 5e",
    ])
    func refusesAnythingButTheHyphenatedHexForm(text: String) {
        // Stricter than Foundation, which takes the last one (a space among the digits) as 6fa459ea-…-db77e160035e.
        #expect(Self.parse(text) == nil)
    }

    private static func parse(_ text: String) -> UUID? {
        Array(text.utf8).withUnsafeBytes(UUID.init(hyphenated:))
    }
}
