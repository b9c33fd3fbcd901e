import Foundation

/// EC2 instance-role credentials through IMDSv2 (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/
/// instance-metadata-security-credentials.html): `PUT /latest/api/token` with a TTL header, then the role name and
/// that role's credentials with the token. Timeouts are short and there is one retry: off EC2 the address does not
/// answer, and start-up must not hang on it.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public var sourceName: String { "EC2 instance metadata (IMDSv2)" }

    /// The real IMDS address; tests and `AWS_EC2_METADATA_SERVICE_ENDPOINT` override it.
    public static let defaultEndpoint = "http://169.254.169.254"
    static let tokenTTLSeconds = 21_600

    private let endpoint: String
    private let http: CredentialHTTP

    public init(client: any HTTPClient, endpoint: String = defaultEndpoint, timeout: Duration = .seconds(1)) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        http = CredentialHTTP(client: client, source: "EC2 instance metadata (IMDSv2)", timeout: timeout, attempts: 2)
    }

    public func credentials() async throws -> AWSCredentials {
        let token = try await http.send(HTTPRequest(
            method: "PUT", url: "\(endpoint)/latest/api/token",
            headers: [("X-aws-ec2-metadata-token-ttl-seconds", String(Self.tokenTTLSeconds))]))
        let tokenHeader = [(name: "X-aws-ec2-metadata-token", value: text(token.body))]
        let base = "\(endpoint)/latest/meta-data/iam/security-credentials/"
        let roles = try await http.send(HTTPRequest(method: "GET", url: base, headers: tokenHeader))
        guard let role = text(roles.body).split(whereSeparator: \.isNewline).first else {
            throw CredentialError(source: http.source, message: "no IAM role is attached to this instance")
        }
        let document = try await http.send(HTTPRequest(method: "GET", url: base + S3URI.encodePath(String(role)),
                                                       headers: tokenHeader))
        return try TemporaryCredentialsDocument.credentials(from: document.body, source: http.source)
    }

    private func text(_ body: [UInt8]) -> String {
        String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
