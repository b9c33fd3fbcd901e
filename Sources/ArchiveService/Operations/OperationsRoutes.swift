import Catalog
import Foundation
import Hummingbird
import NIOCore

/// `/health` for load balancers (503 while the catalog cannot answer, with the reason) and `/metrics` for Prometheus.
struct OperationsRoutes {
    let metrics: ServiceMetrics
    let catalog: any Catalog
    /// Whether `/metrics` is served here (false when it has a listen address of its own).
    var servesMetrics = true

    func register(on router: Router<ArchiveRequestContext>) {
        router.get("/health") { _, _ in
            let (status, report) = switch catalog.health {
            case .ready(let detail): (HTTPResponse.Status.ok, HealthReport(status: "ok", catalog: detail))
            case .down(let reason): (.serviceUnavailable, HealthReport(status: "unavailable", catalog: reason))
            }
            return Response(status: status, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(report))))
        }
        guard servesMetrics else { return }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }
}

/// The body of `/health`: overall status and what the catalog says of itself.
private struct HealthReport: Encodable {
    let status: String
    let catalog: String
}
