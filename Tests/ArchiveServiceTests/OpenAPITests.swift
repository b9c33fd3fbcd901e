@testable import ArchiveService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `GET /api/openapi.json` against the real router: it describes every route the router has and no other, and what
/// the demo's routes answer — successes and refusals alike — is a status and a media type the description lists for
/// that operation, errors in its `Error` shape. (schemathesis, run by `scripts/fuzz.sh`, checks the bodies against the
/// schemas with generated requests.)
@Suite struct OpenAPITests {
    @Test func theDescriptionNamesEveryRouteOfTheRouterAndNoOther() async throws {
        let service = try await TestService.make()
        defer { try? FileManager.default.removeItem(atPath: service.directory) }
        let dependencies = ArchiveDependencies(catalog: service.catalog, storage: service.router, s3Limiter: nil)
        let routes = Set(ArchiveApplication.router(dependencies).routes.map { "\($0.method.rawValue) \($0.path)" })
        let document = try OpenAPIDocument(bytes: PackageResources.openapi_json)
        #expect(document.version == "3.1.0")
        #expect(document.operations == routes)
        #expect(routes.count == 12)
    }

    @Test(arguments: ExchangeCase.all)
    func whatTheRoutesAnswerIsDescribed(_ exchange: ExchangeCase) async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let served = try await client.get(OpenAPIRoute.path)
            #expect(served.status == .ok)
            let document = try OpenAPIDocument(bytes: Array(served.body.readableBytesView))
            let response = try await client.execute(uri: exchange.uri, method: exchange.method,
                                                    headers: exchange.headers, body: exchange.body)
            #expect(response.status.code == exchange.expected, "\(exchange)")
            let contentType = response.headers[.contentType]
            if let operation = exchange.operation {
                let described = try #require(document.mediaTypes(operation, status: response.status.code),
                                             "\(exchange): status \(response.status.code) is not described")
                #expect(OpenAPIDocument.matches(contentType, described), "\(exchange): \(contentType ?? "none")")
            }
            // The shared-link page answers its refusals as pages a person reads; every other refusal is JSON.
            if response.status.code >= 400, contentType?.hasPrefix("text/html") != true {
                let body = try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: Any]
                #expect(contentType?.hasPrefix("application/json") == true)
                #expect(body?["statusCode"] as? Int == response.status.code, "\(exchange)")
                #expect(body?["message"] is String && body?["error"] is String, "\(exchange)")
                #expect(body?.count == 3, "\(exchange)")
            }
        }
    }
}

/// One request to the demo and the status it must get; `operation` is the description's "METHOD path" for it (nil
/// for a route that does not exist).
struct ExchangeCase: Sendable, CustomStringConvertible {
    let name: String
    let operation: String?
    let method: HTTPRequest.Method
    let uri: String
    let headers: HTTPFields
    let body: ByteBuffer?
    let expected: Int

    var description: String { name }

    static let info = "POST /api/download/info"
    static let archive = "POST /api/download/archive"
    static let original = "GET /api/assets/{id}/original"
    static let makeLink = "POST /api/download/links"
    static let byLink = "GET /api/download/links/{token}"

    static func json(_ name: String, _ operation: String, _ body: String, _ credential: Credential = .key("alice"),
                     expected: Int) -> ExchangeCase {
        var headers = credential.headers
        headers[.contentType] = "application/json"
        let uri = String(operation.split(separator: " ")[1])
        return .init(name: name, operation: operation, method: .post, uri: uri, headers: headers,
                     body: ByteBuffer(string: body), expected: expected)
    }

    static func get(_ name: String, _ operation: String?, _ uri: String, _ credential: Credential = .none,
                    expected: Int) -> ExchangeCase {
        .init(name: name, operation: operation, method: .get, uri: uri, headers: credential.headers, body: nil,
              expected: expected)
    }

    static var all: [ExchangeCase] {
        let sunrise = Assets.id("sunrise"), cafe = Assets.id("cafe")
        let unknown = "00000000-0000-4000-8000-000000000000"
        var form = Credential.key("alice").headers
        form[.contentType] = "application/x-www-form-urlencoded"
        return [
            json("album info", info, #"{"albumId":"\#(DemoLibrary.sharedAlbumID)"}"#, expected: 201),
            json("timeline info", info, #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":4096}"#,
                 expected: 201),
            json("info without a credential", info, #"{"albumId":"\#(DemoLibrary.sharedAlbumID)"}"#, .none,
                 expected: 401),
            json("info with two targets", info, #"{"albumId":"\#(unknown)","userId":"\#(unknown)"}"#, expected: 400),
            json("info of an unknown asset", info, #"{"assetIds":["\#(unknown)"]}"#, expected: 403),
            json("info of someone else's album", info, #"{"albumId":"\#(DemoLibrary.sharedAlbumID)"}"#, .key("dave"),
                 expected: 403),
            json("archive of a selection", archive, #"{"assetIds":["\#(sunrise)","\#(cafe)"]}"#, expected: 200),
            json("archive with malformed JSON", archive, "{", expected: 400),
            .init(name: "archive from the web client's form", operation: archive, method: .post, uri: "/api/download/archive",
                  headers: form, body: ByteBuffer(string: "assetIds=\(sunrise)%2C\(cafe)&archiveName=two.zip"),
                  expected: 200),
            .init(name: "a form whose edited is neither true nor false", operation: archive, method: .post,
                  uri: "/api/download/archive", headers: form,
                  body: ByteBuffer(string: "assetIds=\(sunrise)&edited=AAA"), expected: 400),
            json("info whose archiveSize is null (absent, as Gallery reads it)", info,
                 #"{"albumId":"\#(DemoLibrary.sharedAlbumID)","archiveSize":null}"#, expected: 201),
            get("an original", original, "/api/assets/\(sunrise)/original", .key("alice"), expected: 200),
            get("an original by a bad id", original, "/api/assets/sunrise/original", .key("alice"), expected: 400),
            get("an original whose edited is neither true nor false", original,
                "/api/assets/\(sunrise)/original?edited=null", .key("alice"), expected: 400),
            get("an unknown original", original, "/api/assets/\(unknown)/original", .key("alice"), expected: 403),
            json("a download link", makeLink, #"{"assetIds":["\#(sunrise)","\#(cafe)"]}"#, expected: 201),
            json("a download link for a stranger's asset", makeLink, #"{"assetIds":["\#(sunrise)"]}"#, .key("dave"),
                 expected: 403),
            get("an archive by an unknown link", byLink, "/api/download/links/" + String(repeating: "A", count: 43),
                expected: 404),
            get("an archive by a malformed link", byLink, "/api/download/links/not-a-token", expected: 404),
            get("a shared link's page", "GET /download/share/{key}", "/download/share/\(DemoLibrary.Link.album.urlKey)",
                expected: 200),
            get("a password link's page, locked", "GET /download/share/{key}",
                "/download/share/\(DemoLibrary.Link.password.urlKey)", expected: 401),
            get("an expired link's page", "GET /download/share/{key}", "/download/share/\(DemoLibrary.Link.expired.urlKey)",
                expected: 410),
            get("a page by slug", "GET /download/s/{slug}", "/download/s/sunrise-and-cafe", expected: 200),
            get("a page by an unknown slug", "GET /download/s/{slug}", "/download/s/no-such-link", expected: 404),
            get("health", "GET /health", "/health", expected: 200),
            get("metrics", "GET /metrics", "/metrics", expected: 200),
            get("a route that does not exist", nil, "/api/albums", .key("alice"), expected: 404),
        ]
    }
}

/// The parts of an OpenAPI 3.1 document the tests read: operations, and each response's media types (resolving
/// `#/components/responses` references).
struct OpenAPIDocument {
    let root: [String: Any]

    init(bytes: [UInt8]) throws {
        root = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    var version: String? { root["openapi"] as? String }

    private var paths: [String: [String: Any]] { root["paths"] as? [String: [String: Any]] ?? [:] }

    /// "METHOD path" for every operation.
    var operations: Set<String> {
        Set(paths.flatMap { path, item in item.keys.map { "\($0.uppercased()) \(path)" } })
    }

    /// The media types described for `status` of `operation` ("METHOD path"); nil when the status is not described.
    func mediaTypes(_ operation: String, status: Int) -> [String]? {
        let parts = operation.split(separator: " ").map(String.init)
        guard let item = paths[parts[1]]?[parts[0].lowercased()] as? [String: Any],
              let responses = item["responses"] as? [String: Any],
              var response = responses[String(status)] as? [String: Any] else { return nil }
        if let reference = response["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let components = root["components"] as? [String: Any]
            guard let resolved = (components?["responses"] as? [String: Any])?[name] as? [String: Any] else { return nil }
            response = resolved
        }
        return (response["content"] as? [String: Any]).map { Array($0.keys) } ?? []
    }

    /// Whether a response's `Content-Type` is one of `described` (parameters aside, `*/*` matching any); no content
    /// described means no body and no type.
    static func matches(_ contentType: String?, _ described: [String]) -> Bool {
        guard let contentType else { return described.isEmpty }
        let type = contentType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        return described.contains { $0 == "*/*" || $0 == type }
    }
}
