import Hummingbird
import Logging
import NIOCore
import Synchronization

/// One access-log line per request, once its body has been written (or has failed): method, route, status, the
/// bytes actually sent, the duration, and — through the request's logger — the request id. Probes (`/metrics`,
/// `/health`) log at debug level.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let logger = context.logger
        let method = request.method.rawValue
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            Self.log(logger, method: method, route: context.endpointPath ?? request.uri.path, status: status,
                     bytes: nil, since: started)
            throw error
        }
        let (route, status, body) = (context.endpointPath ?? request.uri.path, response.status.code, response.body)
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            let counter = ByteCounter()
            do {
                try await body.write(CountingWriter(base: writer, counter: counter))
            } catch {
                Self.log(logger, method: method, route: route, status: status, bytes: counter.total, since: started,
                         failure: error)
                throw error
            }
            Self.log(logger, method: method, route: route, status: status, bytes: counter.total, since: started)
        }
        return response
    }

    /// Error bodies are written by Hummingbird after the middleware, so their bytes are not counted (nil).
    private static func log(_ logger: Logger, method: String, route: String, status: Int, bytes: Int?,
                            since started: ContinuousClock.Instant, failure: (any Error)? = nil) {
        var metadata: Logger.Metadata = [
            "method": "\(method)", "route": "\(route)", "status": "\(status)",
            "durationMs": "\((ContinuousClock.now - started) / .milliseconds(1))",
        ]
        if let bytes { metadata["bytes"] = "\(bytes)" }
        if let failure { metadata["failure"] = "\(failure)" }
        // Probes come every few seconds from load balancers and Prometheus: their lines would bury the downloads'.
        let level: Logger.Level = route == "/metrics" || route == "/health" ? .debug : .info
        logger.log(level: level, "request", metadata: metadata)
    }
}

/// Bytes written so far by one response body.
private final class ByteCounter: Sendable {
    private let count = Atomic<Int>(0)
    var total: Int { count.load(ordering: .relaxed) }
    func add(_ bytes: Int) { count.add(bytes, ordering: .relaxed) }
}

/// A body writer that counts what passes through it.
private struct CountingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let counter: ByteCounter

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await base.write(buffer)
        counter.add(buffer.readableBytes)
    }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        let buffers = Array(buffers)
        try await base.write(contentsOf: buffers)
        counter.add(buffers.reduce(0) { $0 + $1.readableBytes })
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.finish(trailingHeaders)
    }
}
