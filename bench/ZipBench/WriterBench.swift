import Foundation
import NIOCore
import ZipStream

/// ZipWriter throughput into a discarding sink, from entries held in memory (so the figure is the writer's,
/// not a disk's), against a baseline in the same run: one memcpy of the same bytes (what any consumer of the
/// stream pays at least). Unknown CRC-32s are the real per-byte work; known ones (a cache) leave none.
/// Results: docs/BENCHMARKS.md, "ZIP writer".
func runWriterBench() async throws {
    let pool = randomBuffer(bytes: 256 << 20)
    print("ZIP writer: best of 3 runs, discarding sink, entries sliced from one 256 MiB in-memory buffer")
    for (label, count, size) in [("8 x 256 MiB", 8, 256 << 20), ("8,000 x 256 KiB", 8_000, 256 << 10)] {
        let total = Double(count * size)
        let copy = bestOf3 { memcpyBaseline(pool, bytes: count * size) }
        print("  \(label): memcpy baseline \(gbps(total, copy)) GB/s")
        for knownCRC in [false, true] {
            let source = MemorySource(pool: pool)
            let plan = try source.plan(count: count, size: size, knownCRC: knownCRC)
            let seconds = try await bestOf3Async {
                var written: UInt64 = 0
                try await ZipWriter(plan: plan, source: source).write { written += UInt64($0.readableBytes) }
                precondition(written == plan.length, "writer produced \(written) of \(plan.length!) bytes")
            }
            print("    \(knownCRC ? "known CRC (no per-byte work)" : "unknown CRC (CRC-32 computed)"): "
                  + "\(gbps(total, seconds)) GB/s, \(String(format: "%.2f", copy / seconds))x memcpy")
        }
    }
}

/// Entries whose bytes are slices of one shared 256 MiB pool: 1 MiB chunks, each entry at its own place in it.
/// The pool is kept as 16 MiB buffers because a ByteBuffer slice can only start within the first 16 MiB of its
/// storage (NIO's 24-bit slice index): deeper slices are silent copies.
struct MemorySource: ZipEntrySource {
    static let chunk = 1 << 20
    static let piece = 16 << 20
    let pieces: [ByteBuffer]

    init(pool: ByteBuffer) {
        pieces = stride(from: 0, to: pool.readableBytes, by: Self.piece).map {
            ByteBuffer(bytes: pool.readableBytesView[$0..<($0 + Self.piece)])
        }
    }

    func plan(count: Int, size: Int, knownCRC: Bool) throws -> ZipPlan {
        let entries = try (0..<count).map { index in
            var crc: UInt32?
            if knownCRC {
                var running = CRC32()
                for chunk in try chunks(index: index, size: size) { running.update(chunk) }
                crc = running.value
            }
            return ZipEntry(name: "IMG_\(index).JPG", size: UInt64(size), modified: 1_700_000_000, crc32: crc)
        }
        return try ZipPlan(entries: entries)
    }

    func bytes(of entry: ZipEntry, at index: Int, from offset: UInt64) async throws -> BufferList {
        BufferList(buffers: try chunks(index: index, size: Int(entry.size)))
    }

    private func chunks(index: Int, size: Int) throws -> [ByteBuffer] {
        let poolSize = pieces.count * Self.piece
        let start = (index * size) % poolSize
        return stride(from: 0, to: size, by: Self.chunk).map { offset in
            let length = min(Self.chunk, size - offset)
            let position = (start + offset) % poolSize
            // Chunks never straddle two pieces: entry sizes and chunk size divide the piece size.
            return pieces[position / Self.piece].getSlice(at: position % Self.piece, length: length)!
        }
    }
}

/// Copies `bytes` out of `pool` in 1 MiB pieces into one reused buffer.
private func memcpyBaseline(_ pool: ByteBuffer, bytes: Int) {
    let target = UnsafeMutableRawBufferPointer.allocate(byteCount: MemorySource.chunk, alignment: 64)
    defer { target.deallocate() }
    pool.withUnsafeReadableBytes { source in
        var done = 0
        while done < bytes {
            let offset = done % source.count
            let length = min(MemorySource.chunk, bytes - done, source.count - offset)
            target.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: length)
            done += length
        }
    }
}

func randomBuffer(bytes: Int) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: bytes)
    var state: UInt64 = 0x9E37_79B9
    buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes) { space in
        let words = UnsafeMutableRawBufferPointer(rebasing: space[0..<bytes]).bindMemory(to: UInt64.self)
        for index in words.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            words[index] = state
        }
        return bytes
    }
    return buffer
}

func bestOf3(_ body: () -> Void) -> Double {
    (0..<3).map { _ in seconds(ContinuousClock().measure(body)) }.min()!
}

func bestOf3Async(_ body: () async throws -> Void) async throws -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
        let start = ContinuousClock.now
        try await body()
        best = min(best, seconds(ContinuousClock.now - start))
    }
    return best
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func gbps(_ bytes: Double, _ seconds: Double) -> String { String(format: "%.2f", bytes / seconds / 1e9) }
