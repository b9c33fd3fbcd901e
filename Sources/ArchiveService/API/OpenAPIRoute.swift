import Hummingbird
import NIOCore

/// `GET /api/openapi.json`: the OpenAPI 3.1 description of every route (`openapi.json` beside this file, embedded
/// in the binary at build time). OpenAPITests hold it to the router's routes; `scripts/fuzz.sh` runs schemathesis
/// against the demo with it.
struct OpenAPIRoute {
    static let path = "/api/openapi.json"

    func register(on router: Router<ArchiveRequestContext>) {
        let document = ByteBuffer(bytes: PackageResources.openapi_json)
        router.get(RouterPath(Self.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=3600"],
                     body: ResponseBody(byteBuffer: document))
        }
    }
}
