import Testing
import TestSupport
@testable import ZipStream

/// The folding kernels must return exactly what zlib's crc32() returns: zlib is the oracle throughout.
/// Slices are passed by pointer into one buffer, so an offset is a real misalignment of the input.
@Suite struct CRC32Tests {
    @Test func knownVector() {
        var crc = CRC32(engine: .zlib)
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
    }

    @Test(arguments: CRC32.FoldingKernel.supported)
    func kernelKnownVector(kernel: CRC32.FoldingKernel) {
        var crc = CRC32(kernel: kernel)
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
    }

    @Test(arguments: CRC32.FoldingKernel.supported)
    func kernelMatchesZlibOnRandomLengthsAndAlignments(kernel: CRC32.FoldingKernel) {
        var random = SplitMix64(seed: 0xC0FF_EE01)
        let data = random.bytes(count: 70_000 + 64)
        for _ in 0..<400 {
            // A few leading bytes make the value the kernel continues from arbitrary, as in a real stream.
            let prefix = random.bytes(count: 4)
            let offset = Int.random(in: 0...63, using: &random)
            let length = Int.random(in: 0...70_000, using: &random)
            let pieces = [prefix[...], data[offset..<offset + length]]
            #expect(
                checksum(pieces, CRC32(kernel: kernel)) == checksum(pieces, CRC32(engine: .zlib)),
                "kernel \(kernel.name), offset \(offset), length \(length)")
        }
    }

    @Test(arguments: CRC32.FoldingKernel.supported)
    func kernelMatchesZlibAroundBlockBoundaries(kernel: CRC32.FoldingKernel) {
        var random = SplitMix64(seed: 0xB10C)
        let data = random.bytes(count: 70_000 + 64)
        for length in Self.boundaryLengths {
            for offset in 0...63 {
                let piece = [data[offset..<offset + length]]
                #expect(
                    checksum(piece, CRC32(kernel: kernel)) == checksum(piece, CRC32(engine: .zlib)),
                    "kernel \(kernel.name), offset \(offset), length \(length)")
            }
        }
    }

    @Test(arguments: CRC32.FoldingKernel.supported)
    func kernelChainedUpdatesEqualOneShot(kernel: CRC32.FoldingKernel) {
        expectChainedUpdatesEqualOneShot(CRC32(kernel: kernel), seed: 0x5EED)
    }

    /// `.hardware` sends short pieces to zlib and long ones to the kernel: the two must chain seamlessly.
    @Test func hardwareEngineChainedUpdatesEqualOneShot() {
        expectChainedUpdatesEqualOneShot(CRC32(engine: .hardware), seed: 0x5EED_0002)
    }

    @Test func hardwareEngineMatchesZlibOnEveryShortLength() {
        var random = SplitMix64(seed: 0x5407)
        let data = random.bytes(count: 2_048)
        for length in 0...data.count {
            let piece = [data[0..<length]]
            #expect(checksum(piece, CRC32(engine: .hardware)) == checksum(piece, CRC32(engine: .zlib)),
                    "length \(length)")
        }
    }

    /// Every length 0...17, and n-1, n, n+1 around each size the kernels switch paths at: the 16-byte block,
    /// the 64-byte (4 x 128-bit) and 256-byte (4 x 512-bit) folding steps, and multiples of them.
    static let boundaryLengths: [Int] = {
        let boundaries = [32, 48, 64, 128, 192, 256, 320, 512, 1_024, 4_096, 65_536]
        return Array(0...17) + boundaries.flatMap { [$0 - 1, $0, $0 + 1] }
    }()

    /// Splits random data at random points, feeds the pieces to `empty` in order, and expects the one-shot
    /// zlib value. Mostly short pieces, so every path minimum is crossed in both directions.
    private func expectChainedUpdatesEqualOneShot(_ empty: CRC32, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let data = random.bytes(count: 200_000)
        let expected = checksum([data[...]], CRC32(engine: .zlib))
        for round in 0..<50 {
            var pieces: [ArraySlice<UInt8>] = []
            var start = 0
            while start < data.count {
                let limit = Bool.random(using: &random) ? 300 : 70_000
                let end = min(data.count, start + Int.random(in: 0...limit, using: &random))
                pieces.append(data[start..<end])
                start = end
            }
            #expect(checksum(pieces, empty) == expected, "round \(round), \(pieces.count) pieces")
        }
    }

    /// The value of `crc` after updating it with each piece in turn, read in place (no copy, same alignment).
    private func checksum(_ pieces: [ArraySlice<UInt8>], _ crc: CRC32) -> UInt32 {
        var crc = crc
        for piece in pieces {
            piece.withUnsafeBytes { crc.update($0) }
        }
        return crc.value
    }
}
