import Hummingbird
import ServiceLifecycle
import Synchronization

/// Whether a graceful shutdown has begun. Set by `DrainWatcher`; read by `DrainMiddleware`, which answers what
/// still arrives with 503 and `Retry-After`, so a client retries on another replica (or this one, restarted).
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { draining.load(ordering: .acquiring) }

    func begin() { draining.store(true, ordering: .releasing) }
}

/// A service placed after the HTTP server in the service group: graceful shutdown reaches services in reverse order,
/// so this marks the drain before the server stops accepting, and returns at once.
struct DrainWatcher: Service {
    let state: DrainState

    func run() async throws {
        try? await gracefulShutdown()
        state.begin()
    }
}

/// 503 with `Retry-After` for every request that arrives while the service drains.
struct DrainMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: DrainState

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !state.isDraining else {
            throw ServiceError(.serviceUnavailable, "The service is shutting down; try again shortly", retryAfter: 5)
        }
        return try await next(request, context)
    }
}
