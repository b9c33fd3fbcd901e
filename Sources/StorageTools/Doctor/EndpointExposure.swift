import Backends
import Foundation

/// Whether browsers can fetch from `IMMICH_S3_ENDPOINT`, which redirect mode sends them to: the seed's mistakes of
/// an internal Docker hostname (`http://minio:9000`) or private address, and of a plain-http endpoint for a Gallery
/// opened over https (mixed content, which browsers block).
enum EndpointExposure {
    static func review(_ config: S3Config, origins: [String]) -> [OperatorCheck] {
        guard let endpoint = config.endpoint, let url = URLComponents(string: endpoint), let host = url.host else {
            return [.pass("the endpoint is AWS S3 itself, which browsers reach")]
        }
        guard config.serveMode == .redirect else {
            return [.pass("IMMICH_S3_SERVE_MODE=proxy: browsers never fetch from \(host) themselves"
                          + (internalReason(host).map { " (keep proxy: \(host) \($0))" } ?? ""))]
        }
        var checks: [OperatorCheck] = []
        if let reason = internalReason(host) {
            checks.append(.fail("IMMICH_S3_ENDPOINT host \(host) \(reason), but IMMICH_S3_SERVE_MODE=redirect sends browsers there",
                                fix: "set IMMICH_S3_SERVE_MODE=proxy, or expose S3 on a hostname browsers reach"))
        } else {
            checks.append(.pass("IMMICH_S3_ENDPOINT host \(host) is one browsers can reach"))
        }
        let secureOrigins = origins.filter { $0.lowercased().hasPrefix("https://") }
        if url.scheme?.lowercased() == "http", !secureOrigins.isEmpty {
            checks.append(.fail("IMMICH_S3_ENDPOINT is plain http while Gallery is opened at \(secureOrigins.joined(separator: ", ")): browsers block http media on an https page (mixed content)",
                                fix: "use an https endpoint or custom domain for redirect mode"))
        }
        return checks
    }

    /// Why browsers outside the server's network cannot reach `host`, or nil. Loopback is not flagged: a browser on
    /// the same machine reaches it (local trials).
    static func internalReason(_ host: String) -> String? {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let octets = ipv4(name) { return privateIPv4(octets) ? "is a private address" : nil }
        if name.contains(":") {
            return name.hasPrefix("fc") || name.hasPrefix("fd") || name.hasPrefix("fe80") ? "is a private address" : nil
        }
        if name == "localhost" { return nil }
        if !name.contains(".") { return "is a single-label name (an internal, e.g. Docker Compose, hostname)" }
        let internalSuffixes = [".local", ".internal", ".lan", ".svc", ".cluster.local", ".home.arpa"]
        if let suffix = internalSuffixes.first(where: { name.hasSuffix($0) }) { return "is an internal name (\(suffix))" }
        return nil
    }

    private static func ipv4(_ name: String) -> [Int]? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 4, parts.allSatisfy({ ($0 ?? -1) >= 0 && ($0 ?? 256) <= 255 }) else { return nil }
        return parts.map { $0! }
    }

    /// RFC 1918 private networks, link-local (RFC 3927) and carrier-grade NAT (RFC 6598).
    private static func privateIPv4(_ octets: [Int]) -> Bool {
        switch (octets[0], octets[1]) {
        case (10, _), (192, 168), (169, 254): return true
        case (172, 16...31): return true
        case (100, 64...127): return true
        default: return false
        }
    }
}
