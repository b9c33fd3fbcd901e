import Foundation

/// An AWS access key pair, with the session token and expiry that temporary credentials
/// (STS, ECS, EC2 instance roles) carry.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Sent as `x-amz-security-token` (headers) or `X-Amz-Security-Token` (presigned URLs) when present.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

extension AWSCredentials: CustomStringConvertible {
    /// Never prints the secret or the token: credentials end up in logs through string interpolation.
    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secret: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"), expiration: \(expiration.map { "\($0)" } ?? "none"))"
    }
}
