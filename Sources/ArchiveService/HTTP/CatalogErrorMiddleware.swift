import Catalog
import Hummingbird

/// Answers 503 with `Retry-After` when the catalog database cannot answer (unreachable, not yet checked, a query
/// past its deadline), on every route; the reason goes to the log, never to the client.
struct CatalogErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    static var retryAfterSeconds: Int { 5 }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as CatalogUnavailable {
            context.logger.error("catalog unavailable", metadata: ["reason": "\(error.reason)"])
            throw ServiceError(.serviceUnavailable, "The photo library's database is unavailable; try again shortly",
                               retryAfter: Self.retryAfterSeconds)
        }
    }
}
