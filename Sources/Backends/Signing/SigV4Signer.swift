import Foundation

/// AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html) for
/// S3 requests: signed headers and presigned URLs. Modelled on Soto's `AWSSigner` (signHeaders / signURL around one
/// canonical-request builder); checked against AWS's published test suite and against botocore.
public struct SigV4Signer: Sendable {
    public let region: String
    public let service: String
    public let rules: SigV4Rules
    private let clock: @Sendable () -> Date

    static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash of a presigned S3 URL: the body is not known when the URL is made.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// `rules` defaults to S3's (no path normalisation, no second encoding, `x-amz-content-sha256` sent);
    /// `clock` is injected so tests can sign at a fixed instant.
    public init(region: String, service: String = "s3", rules: SigV4Rules = .s3,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.region = region
        self.service = service
        self.rules = rules
        self.clock = clock
    }

    /// Returns the headers to add to the request (Authorization, x-amz-date, x-amz-content-sha256, and
    /// x-amz-security-token when the credentials carry one). `url` is the full request URL (scheme, host[:port],
    /// percent-encoded path, query); `headers` are the other headers that will be sent (Host is derived from the URL
    /// and always signed); `payloadHash` is the hex SHA-256 of the body or "UNSIGNED-PAYLOAD".
    /// Hop-by-hop headers and `User-Agent` are not signed (proxies may change them), as botocore does.
    public func signedHeaders(method: String, url: String, headers: [(name: String, value: String)],
                              payloadHash: String, credentials: AWSCredentials) -> [(name: String, value: String)] {
        signHeaders(method: method, url: url, headers: headers, payloadHash: payloadHash,
                    credentials: credentials).headers
    }

    /// A presigned URL (query-string auth, X-Amz-Expires = expires seconds, at most 604800). `url` may already carry
    /// query parameters such as response-content-type / response-content-disposition overrides; they are signed and
    /// kept in the URL as given. The auth parameters follow in botocore's order.
    public func presignedURL(method: String, url: String, expires: Int, credentials: AWSCredentials) -> String {
        presign(method: method, url: url, headers: [], expires: expires, payloadHash: Self.unsignedPayload,
                credentials: credentials).url
    }

    // MARK: - Header signing

    /// Every intermediate value of a signature, so tests can compare each step with the published vectors.
    struct Signature {
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
    }

    func signHeaders(method: String, url: String, headers: [(name: String, value: String)], payloadHash: String,
                     credentials: AWSCredentials) -> (headers: [(name: String, value: String)], steps: Signature) {
        let parts = SignableURL(url)
        let time = SigV4Time(clock())
        var added: [(name: String, value: String)] = [("x-amz-date", time.amzDate)]
        if rules.sendsContentHashHeader { added.append(("x-amz-content-sha256", payloadHash)) }
        var unsignedToken: [(name: String, value: String)] = []
        if let token = credentials.sessionToken {
            if rules.signsSessionToken { added.append(("x-amz-security-token", token)) }
            else { unsignedToken.append(("x-amz-security-token", token)) }
        }
        let request = CanonicalRequest(
            method: method, path: parts.path, queryParameters: CanonicalRequest.parameters(of: parts.query),
            headers: [("host", parts.hostHeader)] + Self.signable(headers) + added,
            payloadHash: payloadHash, rules: rules)
        let steps = sign(request, time: time, credentials: credentials)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope(time)), "
            + "SignedHeaders=\(request.signedHeaders), Signature=\(steps.signature)"
        return ([("Authorization", authorization)] + added + unsignedToken, steps)
    }

    // MARK: - Query signing (presigned URLs)

    func presign(method: String, url: String, headers: [(name: String, value: String)], expires: Int,
                 payloadHash: String, credentials: AWSCredentials) -> (url: String, steps: Signature) {
        let parts = SignableURL(url)
        let time = SigV4Time(clock())
        let signedHeaderList = [("host", parts.hostHeader)] + Self.signable(headers)
        let signedHeaderNames = CanonicalRequest.canonicalHeaders(signedHeaderList).map(\.name).joined(separator: ";")
        let auth = queryAuthParameters(time: time, signedHeaders: signedHeaderNames, expires: expires,
                                       credentials: credentials)
        let encodedAuth = auth.map { "\($0.key)=\(S3URI.encodeQuery($0.value))" }.joined(separator: "&")
        let signedQuery = parts.query.isEmpty ? encodedAuth : "\(parts.query)&\(encodedAuth)"
        let request = CanonicalRequest(
            method: method, path: parts.path, queryParameters: CanonicalRequest.parameters(of: signedQuery),
            headers: signedHeaderList, payloadHash: payloadHash, rules: rules)
        let steps = sign(request, time: time, credentials: credentials)
        var query = signedQuery
        if let token = credentials.sessionToken, !rules.signsSessionToken {
            query += "&X-Amz-Security-Token=\(S3URI.encodeQuery(token))"
        }
        return ("\(parts.withoutQuery)?\(query)&X-Amz-Signature=\(steps.signature)", steps)
    }

    /// The `X-Amz-*` parameters of a presigned URL, in botocore's order (so our URLs equal its URLs).
    private func queryAuthParameters(time: SigV4Time, signedHeaders: String, expires: Int,
                                     credentials: AWSCredentials) -> [(key: String, value: String)] {
        var auth: [(key: String, value: String)] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope(time))"),
            ("X-Amz-Date", time.amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders),
        ]
        if let token = credentials.sessionToken, rules.signsSessionToken { auth.append(("X-Amz-Security-Token", token)) }
        return auth
    }

    // MARK: - Steps 2 to 4

    private func sign(_ request: CanonicalRequest, time: SigV4Time, credentials: AWSCredentials) -> Signature {
        let canonicalRequest = request.text
        let stringToSign = createStringToSign(canonicalRequest: canonicalRequest, time: time)
        let key = deriveSigningKey(secret: credentials.secretAccessKey, date: time.date)
        return Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign,
                         signature: calculateSignature(key: key, stringToSign: stringToSign))
    }

    /// Step 2, "Create the string to sign": algorithm, request time, credential scope, hash of the canonical request.
    func createStringToSign(canonicalRequest: String, time: SigV4Time) -> String {
        [Self.algorithm, time.amzDate, scope(time), Digests.sha256Hex(canonicalRequest)].joined(separator: "\n")
    }

    /// Step 3, "Derive the signing key": HMAC chain over date, region, service and `aws4_request`.
    func deriveSigningKey(secret: String, date: String) -> [UInt8] {
        var key = Array("AWS4\(secret)".utf8)
        for part in [date, region, service, "aws4_request"] {
            key = Digests.hmacSHA256(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// Step 4, "Calculate the signature": hex HMAC of the string to sign under the signing key.
    func calculateSignature(key: [UInt8], stringToSign: String) -> String {
        Digests.hex(Digests.hmacSHA256(key: key, data: Array(stringToSign.utf8)))
    }

    /// `yyyymmdd/region/service/aws4_request`.
    private func scope(_ time: SigV4Time) -> String {
        "\(time.date)/\(region)/\(service)/aws4_request"
    }

    /// Headers the caller passed, minus those the signer owns (Host and the x-amz auth headers) and those a proxy
    /// may rewrite (botocore's SIGNED_HEADERS_BLACKLIST).
    private static func signable(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.filter { !unsignedHeaderNames.contains($0.name.lowercased()) }
    }

    private static let unsignedHeaderNames: Set<String> = [
        "host", "authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]
}
