/// AWS SigV4 step 1, "Create a canonical request":
///
///     HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
///
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). Pure string building; the rules
/// that differ between S3 and other services come from `SigV4Rules`.
struct CanonicalRequest: Sendable {
    let method: String
    let canonicalURI: String
    let canonicalQuery: String
    /// `(lowercase name, canonical value)`, sorted by name, one entry per distinct name.
    let headers: [(name: String, value: String)]
    let payloadHash: String

    /// `queryParameters` are already percent-encoded `(key, value)` pairs as they appear in the URL; they are
    /// decoded and encoded again the strict SigV4 way, so `%e1%88%b4`, `%E1%88%B4` and a raw `ሴ` sign alike.
    init(method: String, path: String, queryParameters: [(key: Substring, value: Substring)],
         headers: [(name: String, value: String)], payloadHash: String, rules: SigV4Rules) {
        self.method = method.uppercased()
        canonicalURI = Self.canonicalURI(path, rules: rules)
        canonicalQuery = Self.canonicalQuery(queryParameters)
        self.headers = Self.canonicalHeaders(headers)
        self.payloadHash = payloadHash
    }

    /// `host;x-amz-date;...`: the lowercase names of the signed headers, sorted.
    var signedHeaders: String { headers.map(\.name).joined(separator: ";") }

    /// The canonical request text.
    var text: String {
        let headerLines = headers.map { "\($0.name):\($0.value)\n" }.joined()
        return [method, canonicalURI, canonicalQuery, headerLines, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// Splits a raw query string into its `key=value` pairs (a missing `=` means an empty value).
    static func parameters(of query: String) -> [(key: Substring, value: Substring)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return (pair, "") }
            return (pair[..<equals], pair[pair.index(after: equals)...])
        }
    }

    private static func canonicalURI(_ path: String, rules: SigV4Rules) -> String {
        let normalised = rules.normalizesPath ? removeDotSegments(path) : path
        guard rules.encodesPathTwice else { return normalised }
        return S3URI.encode(normalised, keepingSlash: true)
    }

    private static func canonicalQuery(_ parameters: [(key: Substring, value: Substring)]) -> String {
        parameters
            .map { (key: S3URI.encode(bytes: S3URI.decode($0.key), keepingSlash: false),
                    value: S3URI.encode(bytes: S3URI.decode($0.value), keepingSlash: false)) }
            // Sorted by code point, i.e. by byte: the encoded forms are ASCII.
            .sorted { ($0.key, $0.value) < ($1.key, $1.value) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Lowercase names; values trimmed with inner whitespace runs (folded continuation lines included) collapsed
    /// to one space; repeated names joined with `,` in the order given.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            let value = header.value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(value)
        }
        return order.sorted().map { (name: $0, value: values[$0]!.joined(separator: ",")) }
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus collapsing of repeated slashes, as AWS services (not S3)
    /// expect; a trailing slash is kept. Mirrors botocore's `remove_dot_segments`.
    static func removeDotSegments(_ path: String) -> String {
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                _ = output.popLast()
            } else {
                output.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return leading + output.joined(separator: "/") + trailing
    }
}
