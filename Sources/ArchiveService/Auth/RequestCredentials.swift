import Foundation
import HTTPTypes
import Hummingbird

/// Every place Gallery's clients put a credential (GALLERY-SCHEMA.md, "Enums": cookies, headers, query parameters).
struct RequestCredentials {
    var shareKey: String?
    var shareSlug: String?
    var sessionToken: String?
    var apiKey: String?
    /// The `immich_shared_link_token` cookie: a comma-joined list, one entry per unlocked link.
    var sharedLinkTokens: [String]

    init(_ request: Request) {
        let query = request.uri.queryParameters
        func header(_ name: String) -> String? {
            HTTPField.Name(name).flatMap { request.headers[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func parameter(_ name: String) -> String? {
            query.get(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        shareKey = parameter("key") ?? header("x-immich-share-key")
        shareSlug = parameter("slug") ?? header("x-immich-share-slug")
        sessionToken = Self.bearer(request.headers[.authorization])
            ?? request.cookies["immich_access_token"]?.value
            ?? header("x-immich-user-token") ?? header("x-immich-session-token") ?? parameter("sessionKey")
        apiKey = header("x-api-key") ?? parameter("apiKey")
        // Express percent-encodes cookie values (`encodeURIComponent`), commas and base64 '+', '/', '=' included.
        let cookie = request.cookies["immich_shared_link_token"]?.value ?? ""
        sharedLinkTokens = (cookie.removingPercentEncoding ?? cookie).split(separator: ",").map { String($0) }
    }

    private static func bearer(_ value: String?) -> String? {
        guard let value, value.lowercased().hasPrefix("bearer ") else { return nil }
        let token = value.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
