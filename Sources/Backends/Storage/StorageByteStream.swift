import NIOCore

/// Something that yields an object's bytes on demand: each `next()` reads only what the consumer asked for.
public protocol ByteChunkSource: AnyObject, Sendable {
    /// The next chunk, `nil` at the end.
    func next() async throws -> ByteBuffer?
}

/// An object's bytes as a pull-based async sequence of `ByteBuffer` chunks, whatever backend produced them.
/// Single-consumer: iterate it once.
public struct StorageByteStream: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private let source: any ByteChunkSource

    public init(_ source: any ByteChunkSource) {
        self.source = source
    }

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let source: any ByteChunkSource

        public mutating func next() async throws -> ByteBuffer? {
            try await source.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: source)
    }
}
