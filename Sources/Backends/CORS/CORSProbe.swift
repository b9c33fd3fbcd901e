import Foundation

/// What a browser at `origin` sees when it fetches a presigned URL (the seed's "Verify CORS" curl check, done for
/// the operator): a GET with `Origin` must come back with `access-control-allow-origin` and Gallery's headers
/// exposed, and the preflight a fetch with a `Range` header makes must be answered for that origin.
public struct CORSProbe: Sendable {
    let client: any HTTPClient
    let timeout: Duration

    public init(client: any HTTPClient, timeout: Duration = .seconds(15)) {
        self.client = client
        self.timeout = timeout
    }

    /// - Parameter rulesAllowOrigin: whether the bucket's own rules allow `origin`; when they do and the answer
    ///   still lacks the headers, something in front of S3 (a CDN, a proxy, a cache) is at fault.
    public func verify(presignedGET url: String, origin: String, rulesAllowOrigin: Bool) async throws -> [OperatorCheck] {
        // One byte is enough to see the headers, whatever the object's size.
        let get = try await client.send(
            HTTPRequest(method: "GET", url: url, headers: [("Origin", origin), ("Range", "bytes=0-0")]), timeout: timeout)
        var checks = [getCheck(get, origin: origin, rulesAllowOrigin: rulesAllowOrigin)]
        if allowsOrigin(get, origin) { checks.append(exposureCheck(get, origin: origin)) }
        let preflight = try await client.send(
            HTTPRequest(method: "OPTIONS", url: url, headers: [
                ("Origin", origin), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "range"),
            ]), timeout: timeout)
        checks.append(preflightCheck(preflight, origin: origin))
        return checks
    }

    private func allowsOrigin(_ response: HTTPResponse, _ origin: String) -> Bool {
        let allowed = response.header("Access-Control-Allow-Origin")
        return allowed == origin || allowed == "*"
    }

    private func getCheck(_ response: HTTPResponse, origin: String, rulesAllowOrigin: Bool) -> OperatorCheck {
        guard (200..<300).contains(response.status) else {
            return .fail("the presigned GET was answered \(response.status)",
                         fix: "check the credentials, the clock and the endpoint (gallery-archive doctor)")
        }
        if allowsOrigin(response, origin) {
            return .pass("a GET from \(origin) is answered with access-control-allow-origin")
        }
        guard rulesAllowOrigin else {
            return .fail("a GET from \(origin) is answered without access-control-allow-origin for it",
                         fix: "allow the origin: gallery-archive cors apply --origin \(origin)")
        }
        return .fail("a GET from \(origin) is answered without access-control-allow-origin although the bucket's rules allow it: what is in front of S3 (a CDN or custom domain) drops the Origin header or the CORS headers, or serves an answer cached before CORS was set",
                     fix: "make the CDN forward the Origin request header (or add the same CORS headers itself) and purge its cache")
    }

    private func exposureCheck(_ response: HTTPResponse, origin: String) -> OperatorCheck {
        let exposed = Set((response.header("Access-Control-Expose-Headers") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let hidden = CORSRule.galleryExposedHeaders.filter { !exposed.contains($0.lowercased()) }
        guard hidden.isEmpty else {
            return .fail("the GET answer hides \(hidden.joined(separator: ", ")) from \(origin)",
                         fix: "expose \(CORSRule.galleryExposedHeaders.joined(separator: ", ")) (ExposeHeaders)")
        }
        return .pass("the GET answer exposes \(CORSRule.galleryExposedHeaders.joined(separator: ", "))")
    }

    private func preflightCheck(_ response: HTTPResponse, origin: String) -> OperatorCheck {
        let methods = (response.header("Access-Control-Allow-Methods") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard (200..<300).contains(response.status), allowsOrigin(response, origin), methods.contains("GET") else {
            return .fail("the preflight (OPTIONS) from \(origin) for a ranged GET is refused (\(response.status))",
                         fix: "allow \(origin), the methods GET and HEAD and the headers *")
        }
        return .pass("the preflight from \(origin) for a ranged GET is allowed")
    }
}
