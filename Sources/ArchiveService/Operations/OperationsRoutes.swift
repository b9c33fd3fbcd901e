import Hummingbird
import NIOCore

/// `/health` for load balancers and `/metrics` for Prometheus.
struct OperationsRoutes {
    let metrics: ServiceMetrics

    func register(on router: Router<ArchiveRequestContext>) {
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }
}
