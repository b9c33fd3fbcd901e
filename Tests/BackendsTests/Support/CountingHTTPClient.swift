@testable import Backends
import Synchronization

/// Wraps a client and counts the exchanges it is asked for, so a test can check retries on the caller's side
/// rather than waiting for a fake server (slow to accept on a loaded machine) to notice every attempt.
final class CountingHTTPClient: HTTPClient {
    private let wrapped: any HTTPClient
    private let sent = Mutex(0)

    init(wrapping wrapped: any HTTPClient) { self.wrapped = wrapped }

    /// The number of `send` calls so far.
    var count: Int { sent.withLock { $0 } }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        sent.withLock { $0 += 1 }
        return try await wrapped.send(request, timeout: timeout)
    }
}
