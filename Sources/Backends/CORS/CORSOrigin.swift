import Foundation

/// A browser origin as CORS compares it: scheme, host and optional port, nothing else (RFC 6454). The seed's
/// first two "Common CORS Mistakes" are origins with a trailing slash or a path, which never match because the
/// browser's `Origin` header has neither.
public enum CORSOrigin {
    /// Why `text` is not an origin, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        if text == "*" { return nil }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host,
              !host.isEmpty
        else { return "is not an origin (scheme://host[:port])" }
        guard scheme == "http" || scheme == "https" else { return "has the scheme \(scheme); browsers send http or https" }
        if url.path == "/" { return "ends with a slash; use \(scheme)://\(url.percentEncodedHost ?? host)\(port(url))" }
        if !url.path.isEmpty { return "has a path (\(url.path)); an origin is only scheme, host and port" }
        if url.query != nil || url.fragment != nil { return "has a query or fragment; an origin is only scheme, host and port" }
        if url.user != nil { return "has a user name; an origin is only scheme, host and port" }
        if text != text.lowercased() { return "has upper-case letters; browsers send origins in lower case" }
        return nil
    }

    private static func port(_ url: URLComponents) -> String {
        url.port.map { ":\($0)" } ?? ""
    }
}
