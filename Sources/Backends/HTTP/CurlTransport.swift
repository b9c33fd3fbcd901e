import NIOCore

/// The libcurl HTTP transport: buffered calls (`HTTPClient`) and streamed responses with backpressure, over one
/// shared multi handle and its keep-alive connection cache.
public final class CurlTransport: HTTPClient {
    public struct Configuration: Sendable {
        /// curl's per-host connection cap and cache size; the S3 client sizes it from its connection limiter.
        public var maxConnectionsPerHost: Int
        public var connectTimeout: Duration
        /// A peer silent (under one byte per second) for this long fails the transfer; a paused stream is exempt.
        public var stallTimeout: Duration
        /// How far a streamed body may run ahead of its consumer.
        public var streamBufferLimit: Int
        /// Counts the streams paused because their consumer reads slower than the server sends (for /metrics).
        public var pausedStreams: PausedStreamCount

        public init(maxConnectionsPerHost: Int = 32, connectTimeout: Duration = .seconds(10),
                    stallTimeout: Duration = .seconds(30), streamBufferLimit: Int = 1 << 20,
                    pausedStreams: PausedStreamCount = PausedStreamCount()) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.connectTimeout = connectTimeout
            self.stallTimeout = stallTimeout
            self.streamBufferLimit = streamBufferLimit
            self.pausedStreams = pausedStreams
        }
    }

    public let configuration: Configuration
    private let loop: CurlMultiLoop

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.loop = CurlMultiLoop(maxConnectionsPerHost: configuration.maxConnectionsPerHost)
    }

    deinit {
        loop.post(.stop)
    }

    /// Sends `request` and buffers the whole response, failing after `timeout`.
    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let response = try await start(request, totalTimeout: timeout, bufferLimit: 4 << 20)
        var body: [UInt8] = []
        for try await chunk in response.body { body += chunk.readableBytesView }
        return HTTPResponse(status: response.status, headers: response.headers, body: body)
    }

    /// Starts `request` and returns once the response head has arrived; the body then streams with backpressure.
    /// Dropping the body, or cancelling the task reading it, aborts the transfer.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        try await start(request, totalTimeout: nil, bufferLimit: configuration.streamBufferLimit)
    }

    private func start(_ request: HTTPRequest, totalTimeout: Duration?, bufferLimit: Int) async throws
        -> HTTPStreamingResponse
    {
        let limits = CurlTransfer.Limits(
            connectTimeout: configuration.connectTimeout, stallTimeout: configuration.stallTimeout,
            totalTimeout: totalTimeout, bodyBufferLimit: bufferLimit, pausedStreams: configuration.pausedStreams)
        let transfer = CurlTransfer(request: request, limits: limits, loop: loop)
        let lifetime = HTTPBodyStream.Lifetime { [loop] in loop.post(.cancel(transfer)) }
        loop.post(.add(transfer))
        let head = try await transfer.awaitHead { [loop] in loop.post(.cancel(transfer)) }
        return HTTPStreamingResponse(
            status: head.status, headers: head.headers, body: HTTPBodyStream(buffer: transfer.body, lifetime: lifetime))
    }
}

/// A response whose body is still arriving.
public struct HTTPStreamingResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: HTTPBodyStream

    /// The first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A response body as pull-based chunks: bytes are read from the socket only as fast as they are consumed.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    /// Aborts the transfer when the last copy of the stream (and its iterators) goes away unfinished.
    final class Lifetime: Sendable {
        private let abort: @Sendable () -> Void
        init(abort: @escaping @Sendable () -> Void) { self.abort = abort }
        deinit { abort() }
    }

    let buffer: CurlBodyBuffer
    let lifetime: Lifetime

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let buffer: CurlBodyBuffer
        let lifetime: Lifetime

        public mutating func next() async throws -> ByteBuffer? {
            try await buffer.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, lifetime: lifetime)
    }

    /// Reads the rest of the body into memory (for short responses such as S3 error documents).
    public func collect(upTo maxBytes: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            bytes += chunk.readableBytesView.prefix(maxBytes - bytes.count)
            if bytes.count >= maxBytes { break }
        }
        return bytes
    }
}
