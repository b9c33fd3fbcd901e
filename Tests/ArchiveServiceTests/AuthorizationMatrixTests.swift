import ArchiveService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Who may download what (DESIGN §4, GALLERY-SCHEMA "Access rules"), over info, archive and original, with every
/// kind of credential. A refusal is a 401/403/404 JSON message and never carries ZIP or image bytes.
@Suite struct AuthorizationMatrixTests {
    enum Route: CaseIterable {
        case info, archive, original
    }

    /// (person, asset, may download). Alice owns the album assets; Bob is her partner (timeline, not albums);
    /// Carol is a member of the shared album; Dave is a stranger. "bob-own" is Bob's and shared with nobody.
    static let userCases: [(String, String, Bool)] = [
        ("alice", "cafe", true), ("bob", "cafe", true), ("carol", "cafe", true), ("dave", "cafe", false),
        ("alice", "bob-own", false), ("bob", "bob-own", true), ("carol", "bob-own", false), ("dave", "bob-own", false),
        // The motion video is hidden: partners see hidden assets, album members get it with its still.
        ("bob", "live-motion", true), ("carol", "live-motion", true), ("dave", "live-motion", false),
    ]

    @Test(arguments: TestCatalog.allCases.flatMap { catalog in userCases.map { (catalog, $0.0, $0.1, $0.2) } })
    func usersWithAPIKeysAndSessions(catalog: TestCatalog, person: String, asset: String, allowed: Bool) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            for credential in [Credential.key(person), .session(of: person), .cookieSession(DemoLibrary.sessionToken(person))] {
                for route in Route.allCases {
                    let response = try await Self.request(route, asset: Assets.id(asset), credential, client: client)
                    Self.check(response, allowed: allowed, route: route, "\(person) \(asset) \(credential) \(route)")
                }
            }
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func albumDownloadNeedsOwnershipOrMembershipNotPartnership(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            for (person, allowed) in [("alice", true), ("carol", true), ("bob", false), ("dave", false)] {
                let response = try await client.post("/api/download/info", .key(person), body: Body.album(DemoLibrary.sharedAlbumID))
                #expect(response.status == (allowed ? .created : .forbidden), "\(person)")
            }
        }
    }

    /// (link, query suffix or header, cookie, asset, expected status for info/archive/original).
    static let linkCases: [(String, String?, String, HTTPResponse.Status)] = [
        ("album key", nil, "cafe", .ok),
        ("album key, asset outside the album", nil, "bob-own", .forbidden),
        ("individual key", nil, "sunrise", .ok),
        ("individual key, asset not in the link", nil, "beach-1", .forbidden),
        ("individual slug", nil, "cafe", .ok),
        ("individual key in header", nil, "cafe", .ok),
        ("slug in header", nil, "cafe", .ok),
        ("no-download link", nil, "cafe", .forbidden),
        ("expired link", nil, "sunrise", .unauthorized),
        ("unknown key", nil, "cafe", .unauthorized),
        ("unknown slug", nil, "cafe", .unauthorized),
        ("password link, no cookie", nil, "cafe", .unauthorized),
        ("password link, wrong password", "wrong", "cafe", .unauthorized),
        ("password link, right password", DemoLibrary.linkPassword, "cafe", .ok),
    ]

    @Test(arguments: TestCatalog.allCases.flatMap { catalog in linkCases.map { (catalog, $0.0, $0.1, $0.2, $0.3) } })
    func sharedLinks(catalog: TestCatalog, label: String, password: String?, asset: String,
                     expected: HTTPResponse.Status) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let (query, headers) = Self.linkCredential(label, password: password)
            for route in Route.allCases {
                let response = try await Self.request(route, asset: Assets.id(asset), .none, query: query,
                                                      headers: headers, client: client)
                if expected == .ok {
                    Self.check(response, allowed: true, route: route, "\(label) \(route)")
                } else {
                    #expect(response.status == expected, "\(label) \(route)")
                    Self.checkRefusal(response, "\(label) \(route)")
                }
            }
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func missingOrWrongCredentialsAndNarrowAPIKeysAreRefused(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.catalog.write { writer in
            try writer.apiKey(id: DemoLibrary.uuid("apikey:narrow"), userID: DemoLibrary.userID("alice"),
                              secret: "narrow-key", permissions: ["album.read"])
            try writer.session(id: DemoLibrary.uuid("session:expired"), userID: DemoLibrary.userID("alice"),
                               secret: "expired-session", expiresAt: Date(timeIntervalSinceNow: -60))
            try writer.user(id: DemoLibrary.uuid("user:gone"), email: "gone@example.com", name: "Gone", deletedAt: Date())
            try writer.apiKey(id: DemoLibrary.uuid("apikey:gone"), userID: DemoLibrary.uuid("user:gone"), secret: "gone-key")
        }
        try await service.run { client in
            let cases: [(Credential, HTTPResponse.Status)] = [
                (.none, .unauthorized), (.apiKey("not-a-key"), .unauthorized), (.session("not-a-session"), .unauthorized),
                (.apiKey("narrow-key"), .forbidden), (.session("expired-session"), .unauthorized),
                (.apiKey("gone-key"), .unauthorized),
            ]
            for (credential, status) in cases {
                for route in Route.allCases {
                    let response = try await Self.request(route, asset: Assets.id("cafe"), credential, client: client)
                    #expect(response.status == status, "\(credential) \(route)")
                    Self.checkRefusal(response, "\(credential) \(route)")
                }
            }
        }
    }

    /// Gallery decodes a 100-character key as hex (links made before base64url keys).
    @Test(arguments: TestCatalog.allCases)
    func legacyHexKeyFindsTheSameLink(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let hex = DemoLibrary.Link.individual.key.map { String(format: "%02x", $0) }.joined()
            #expect(hex.count == 100)
            let response = try await client.post("/api/download/archive?key=\(hex)", body: Body.assets([Assets.id("cafe")]))
            #expect(response.status == .ok)
            let broken = try await client.post("/api/download/archive?key=\(hex.dropLast())z", body: Body.assets([Assets.id("cafe")]))
            #expect(broken.status == .unauthorized)
        }
    }

    static func linkCredential(_ label: String, password: String?) -> (String, HTTPFields) {
        var headers: HTTPFields = [:]
        if let password {
            let token = password == DemoLibrary.linkPassword ? DemoLibrary.passwordCookie
                : Data(SHA256Probe.digest("\(DemoLibrary.Link.password.id)-\(password)")).base64EncodedString()
            headers[.cookie] = "immich_shared_link_token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        }
        switch label {
        case _ where label.hasPrefix("album key"): return ("key=\(DemoLibrary.Link.album.urlKey)", headers)
        case _ where label.hasPrefix("individual key in header"):
            headers[HTTPField.Name("x-immich-share-key")!] = DemoLibrary.Link.individual.urlKey
            return ("", headers)
        case _ where label.hasPrefix("individual key"): return ("key=\(DemoLibrary.Link.individual.urlKey)", headers)
        case "individual slug": return ("slug=sunrise-and-cafe", headers)
        case "slug in header":
            headers[HTTPField.Name("x-immich-share-slug")!] = "sunrise-and-cafe"
            return ("", headers)
        case "no-download link": return ("key=\(DemoLibrary.Link.albumNoDownload.urlKey)", headers)
        case "expired link": return ("key=\(DemoLibrary.Link.expired.urlKey)", headers)
        case "unknown key": return ("key=\(DemoLibrary.Link.album.urlKey.reversed().map(String.init).joined())", headers)
        case "unknown slug": return ("slug=no-such-slug", headers)
        default: return ("key=\(DemoLibrary.Link.password.urlKey)", headers)
        }
    }

    static func request(_ route: Route, asset: String, _ credential: Credential, query: String = "",
                        headers: HTTPFields = [:], client: some TestClientProtocol) async throws -> TestResponse {
        let suffix = query.isEmpty ? "" : "?\(query)"
        switch route {
        case .info: return try await client.post("/api/download/info\(suffix)", credential, body: Body.assets([asset]), extraHeaders: headers)
        case .archive: return try await client.post("/api/download/archive\(suffix)", credential, body: Body.assets([asset]), extraHeaders: headers)
        case .original: return try await client.get("/api/assets/\(asset)/original\(suffix)", credential, extraHeaders: headers)
        }
    }

    static func check(_ response: TestResponse, allowed: Bool, route: Route, _ context: String) {
        if allowed {
            let expected: HTTPResponse.Status = route == .info ? .created : .ok
            #expect(response.status == expected, "\(context)")
            if route == .archive { #expect(response.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(context)") }
        } else {
            #expect([.unauthorized, .forbidden, .notFound].contains(response.status), "\(context)")
            checkRefusal(response, context)
        }
    }

    /// A refusal is a JSON message, never ZIP or media bytes.
    static func checkRefusal(_ response: TestResponse, _ context: String) {
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(context)")
        #expect(response.errorMessage?.isEmpty == false, "\(context)")
        #expect(!response.bytes.starts(with: [0x50, 0x4B]), "\(context)")
    }
}
