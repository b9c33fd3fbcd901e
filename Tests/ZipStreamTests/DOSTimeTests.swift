import Testing
@testable import ZipStream

@Suite struct DOSTimeTests {
    @Test func knownInstants() {
        // 2023-11-14 22:13:20 UTC
        let time = DOSTime(unixTime: 1_700_000_000)
        #expect(time.date == UInt16((2023 - 1980) << 9 | 11 << 5 | 14))
        #expect(time.time == UInt16(22 << 11 | 13 << 5 | 20 / 2))
        // 2000-02-29 (leap day) 00:00:01 UTC: seconds round down to even.
        let leap = DOSTime(unixTime: 951_782_401)
        #expect(leap.date == UInt16(20 << 9 | 2 << 5 | 29))
        #expect(leap.time == 0)
    }

    @Test func clampsToTheDOSEpochs() {
        #expect(DOSTime(unixTime: -86_400) == DOSTime(unixTime: DOSTime.earliest))
        #expect(DOSTime(unixTime: DOSTime.earliest).date == UInt16(0 << 9 | 1 << 5 | 1))
        #expect(DOSTime(unixTime: 9_000_000_000).date == UInt16(127 << 9 | 12 << 5 | 31))
    }
}
