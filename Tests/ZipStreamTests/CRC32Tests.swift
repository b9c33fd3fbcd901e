import Testing
@testable import ZipStream

@Suite struct CRC32Tests {
    @Test func knownVector() {
        var crc = CRC32(engine: .zlib)
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
    }
}
