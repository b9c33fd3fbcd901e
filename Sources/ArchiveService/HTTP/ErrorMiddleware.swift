import Catalog
import Hummingbird

/// What every route needs from errors: the detail of a refusal (paths, keys, endpoints, the storage's own words)
/// goes to the log with the request id, never to the client; a catalog that cannot answer (unreachable, not yet
/// checked, a query past its deadline) is a 503 with `Retry-After`; Hummingbird's own errors (no such route) take
/// the same JSON shape as ours, so every error a client sees is Gallery's (`openapi.json`'s `Error`).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    static var retryAfterSeconds: Int { 5 }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServiceError {
            if let detail = error.detail {
                context.logger.warning("request refused", metadata: [
                    "status": "\(error.status.code)", "message": "\(error.message)", "detail": "\(detail)",
                ])
            }
            throw error
        } catch let error as CatalogUnavailable {
            context.logger.error("catalog unavailable", metadata: ["reason": "\(error.reason)"])
            throw ServiceError(.serviceUnavailable, "The photo library's database is unavailable; try again shortly",
                               retryAfter: Self.retryAfterSeconds)
        } catch let error as HTTPError {
            throw ServiceError(error.status, error.body ?? "Cannot \(request.method) \(request.uri.path)")
        }
    }
}
