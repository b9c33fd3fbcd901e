/// The points where SigV4 differs between S3 and the other AWS services. S3 signs the path exactly as sent;
/// every other service signs a normalised, encoded-again path (AWS "Create a canonical request": "Each path segment
/// must be URI-encoded twice ... except for Amazon S3 which only gets URI-encoded once", and "Normalize URI paths
/// according to RFC 3986 ... except for Amazon S3").
public struct SigV4Rules: Sendable, Equatable {
    /// Remove `.`/`..` segments and repeated slashes from the path before signing.
    public var normalizesPath: Bool
    /// URI-encode the (already percent-encoded) request path once more for the canonical request.
    public var encodesPathTwice: Bool
    /// Send `x-amz-content-sha256` with the payload hash and sign it (S3 requires it on every request).
    public var sendsContentHashHeader: Bool
    /// Include the session token in the signature. True for S3 and nearly every service; a few (IoT) want it
    /// added after signing.
    public var signsSessionToken: Bool

    public init(normalizesPath: Bool, encodesPathTwice: Bool, sendsContentHashHeader: Bool, signsSessionToken: Bool = true) {
        self.normalizesPath = normalizesPath
        self.encodesPathTwice = encodesPathTwice
        self.sendsContentHashHeader = sendsContentHashHeader
        self.signsSessionToken = signsSessionToken
    }

    /// Amazon S3 and S3-compatible servers.
    public static let s3 = SigV4Rules(normalizesPath: false, encodesPathTwice: false, sendsContentHashHeader: true)

    /// Every other AWS service (the rules of AWS's generic SigV4 test suite).
    public static let generic = SigV4Rules(normalizesPath: true, encodesPathTwice: true, sendsContentHashHeader: false)
}
