/// A request URL split into the parts SigV4 signs, without re-encoding anything: Foundation's `URL` may normalise
/// or re-escape a path, and a signature must cover the bytes that are actually sent.
struct SignableURL: Sendable {
    /// `scheme://authority`, as given.
    var origin: String
    /// The percent-encoded path as given (`/` when empty).
    var path: String
    /// The raw query string without `?` (empty when absent).
    var query: String
    /// The `Host` header value: lowercase host, the port only when it is not the scheme's default (as botocore and
    /// curl send it), no user info.
    var hostHeader: String

    init(_ url: String) {
        var rest = Substring(url)
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        var scheme = Substring("")
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound]
            rest = rest[range.upperBound...]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        let queryStart = rest.firstIndex(of: "?")
        let path = queryStart.map { rest[..<$0] } ?? rest
        origin = scheme.isEmpty ? String(authority) : "\(scheme)://\(authority)"
        self.path = path.isEmpty ? "/" : String(path)
        query = queryStart.map { String(rest[rest.index(after: $0)...]) } ?? ""
        hostHeader = Self.hostHeader(authority: authority, scheme: scheme.lowercased())
    }

    /// The URL without its query: where a presigned URL's query is appended.
    var withoutQuery: String { origin + path }

    private static func hostHeader(authority: Substring, scheme: String) -> String {
        var hostPort = authority
        if let at = hostPort.lastIndex(of: "@") { hostPort = hostPort[hostPort.index(after: at)...] }
        // The port separator is the last ':' after any IPv6 literal's closing bracket.
        let searchFrom = hostPort.lastIndex(of: "]") ?? hostPort.startIndex
        guard let colon = hostPort[searchFrom...].lastIndex(of: ":") else { return hostPort.lowercased() }
        let host = hostPort[..<colon].lowercased()
        let port = hostPort[hostPort.index(after: colon)...]
        let defaultPort = ["http": "80", "https": "443"][scheme]
        return port.isEmpty || String(port) == defaultPort ? host : "\(host):\(port)"
    }
}
