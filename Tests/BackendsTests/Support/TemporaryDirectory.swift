import Foundation

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "backends-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Deterministic pseudo-random bytes (xorshift), so a failing comparison can be reproduced.
func testBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = (seed &+ 1) &* 0x9E37_79B9_7F4A_7C15  // distinct, non-zero states for distinct seeds
    var bytes = [UInt8](repeating: 0, count: count)
    for index in bytes.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[index] = UInt8(truncatingIfNeeded: state)
    }
    return bytes
}
