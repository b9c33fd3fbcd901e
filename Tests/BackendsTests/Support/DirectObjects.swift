@testable import Backends

/// Objects a test stores straight on the server (no proxy between), under a prefix of its own, to read them back
/// through a fault proxy.
struct DirectObjects {
    let backend = S3TestEnvironment.backend().backend
    let prefix: String

    init(_ name: String) {
        prefix = S3TestEnvironment.uniquePrefix(name)
    }

    /// `size` test bytes from `seed`, stored as `prefix/name`: the key and the bytes.
    func stored(_ name: String, size: Int, seed: UInt64) async throws -> (key: String, bytes: [UInt8]) {
        let key = prefix + "/" + name
        let bytes = testBytes(count: size, seed: seed)
        try await backend.put(key, from: .bytes(bytes))
        return (key, bytes)
    }
}
