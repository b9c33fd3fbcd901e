import Foundation
import AsyncHTTPClient

/// How the stress tool authenticates: an API key (`x-api-key`) or a shared link's key (`?key=`), as Gallery's
/// clients do.
enum StressCredential: Sendable {
    case apiKey(String)
    case shareKey(String)

    /// `path` under `base`, with the share key in the query when that is the credential.
    func url(_ base: String, _ path: String) -> String {
        guard case .shareKey(let key) = self else { return base + path }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        return base + path + "?key=" + (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)
    }

    /// Adds the credential's header, if it travels in one.
    func authorize(_ request: inout HTTPClientRequest) {
        if case .apiKey(let key) = self { request.headers.add(name: "x-api-key", value: key) }
    }
}
