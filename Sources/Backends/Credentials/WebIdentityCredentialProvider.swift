import Foundation

/// Credentials for a role assumed with a web identity token (EKS IRSA and similar): reads
/// `AWS_WEB_IDENTITY_TOKEN_FILE` at each fetch (the token is rotated) and calls STS
/// `AssumeRoleWithWebIdentity` (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html),
/// an unsigned request whose XML answer carries temporary credentials.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public var sourceName: String { "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)" }

    private let tokenFile: String
    private let roleARN: String
    private let sessionName: String
    private let stsEndpoint: String
    private let http: CredentialHTTP

    /// The STS endpoint for `region` (regional when known, else the global one).
    public static func stsEndpoint(region: String?) -> String {
        region.map { "https://sts.\($0).amazonaws.com" } ?? "https://sts.amazonaws.com"
    }

    public init(client: any HTTPClient, tokenFile: String, roleARN: String, sessionName: String,
                stsEndpoint: String, timeout: Duration = .seconds(10)) {
        self.tokenFile = tokenFile
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.stsEndpoint = stsEndpoint.hasSuffix("/") ? stsEndpoint : stsEndpoint + "/"
        http = CredentialHTTP(client: client, source: "web identity (STS AssumeRoleWithWebIdentity)",
                              timeout: timeout, attempts: 2)
    }

    public func credentials() async throws -> AWSCredentials {
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("WebIdentityToken", try readToken()),
        ].map { "\($0.0)=\(S3URI.encodeQuery($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(
            method: "POST", url: stsEndpoint,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(form.utf8))
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as CredentialError {
            throw CredentialError(source: error.source, message: Self.stsErrorSummary(error.message))
        }
        return try Self.parse(String(decoding: response.body, as: UTF8.self), source: http.source)
    }

    private func readToken() throws -> String {
        do {
            return try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw CredentialError(source: http.source, message: "cannot read AWS_WEB_IDENTITY_TOKEN_FILE \(tokenFile): \(error)")
        }
    }

    /// Pulls the credentials out of an `AssumeRoleWithWebIdentityResponse`.
    static func parse(_ xml: String, source: String) throws -> AWSCredentials {
        guard let credentials = XMLText.markup("Credentials", in: Substring(xml)),
              let key = XMLText.element("AccessKeyId", in: credentials),
              let secret = XMLText.element("SecretAccessKey", in: credentials) else {
            throw CredentialError(source: source, message: "the STS response has no Credentials element")
        }
        return AWSCredentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: XMLText.element("SessionToken", in: credentials),
            expiration: try XMLText.element("Expiration", in: credentials).map { try parseExpiration($0, source: source) })
    }

    /// STS errors are XML (`<Error><Code>InvalidIdentityToken</Code><Message>…</Message>`): keep code and message.
    static func stsErrorSummary(_ message: String) -> String {
        guard let code = XMLText.element("Code", in: Substring(message)) else { return message }
        return "STS refused: \(code): \(XMLText.element("Message", in: Substring(message)) ?? "")"
    }
}
