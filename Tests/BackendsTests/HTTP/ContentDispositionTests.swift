import Backends
import Testing

/// RFC 6266 §4.3 / RFC 5987: an ASCII fallback plus the exact UTF-8 name, whatever the album is called.
@Suite struct ContentDispositionTests {
    @Test func plainASCIINameIsTheSameInBothParameters() {
        #expect(ContentDisposition.attachment(fileName: "holiday.zip")
            == #"attachment; filename="holiday.zip"; filename*=UTF-8''holiday.zip"#)
    }

    @Test func apostropheQuoteAndSemicolonCannotBreakTheHeader() {
        let header = ContentDisposition.attachment(fileName: #"Bob's "best"; day.zip"#)
        #expect(header == #"attachment; filename="Bob's _best_; day.zip"; filename*=UTF-8''Bob%27s%20%22best%22%3B%20day.zip"#)
    }

    @Test func nonASCIINameIsPercentEncodedUTF8WithAnUnderscoreFallback() {
        let header = ContentDisposition.attachment(fileName: "Café 東京.zip")
        #expect(header == #"attachment; filename="Caf_ __.zip"; filename*=UTF-8''Caf%C3%A9%20%E6%9D%B1%E4%BA%AC.zip"#)
    }

    @Test func controlCharactersBackslashAndPercentNeverReachTheQuotedString() {
        let header = ContentDisposition.attachment(fileName: "a\\b%c\r\nd.zip")
        #expect(header.hasPrefix(#"attachment; filename="a_b_c__d.zip"; filename*=UTF-8''a%5Cb%25c%0D%0Ad.zip"#))
    }
}
