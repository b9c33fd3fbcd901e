import Foundation

/// ECS (and EKS Pod Identity) container credentials
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html):
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` on 169.254.170.2, or `AWS_CONTAINER_CREDENTIALS_FULL_URI` with an
/// optional `Authorization` token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on every fetch: the agent
/// rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: CredentialProvider {
    public var sourceName: String { "ECS container credentials (AWS_CONTAINER_CREDENTIALS_*)" }

    /// The ECS agent's address for relative URIs; tests override it.
    public static let defaultRelativeBase = "http://169.254.170.2"

    public enum AuthorizationToken: Sendable, Equatable {
        case none
        case value(String)
        /// A file holding the token, read at each fetch.
        case file(String)
    }

    private let url: String
    private let authorization: AuthorizationToken
    private let http: CredentialHTTP

    /// Credentials from `base + relativeURI`.
    public init(client: any HTTPClient, relativeURI: String, base: String = defaultRelativeBase,
                timeout: Duration = .seconds(2)) {
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        url = trimmedBase + (relativeURI.hasPrefix("/") ? relativeURI : "/" + relativeURI)
        authorization = .none
        http = CredentialHTTP(client: client, source: "ECS container credentials", timeout: timeout, attempts: 2)
    }

    /// Credentials from a full URI, which must be https or an http address of the local machine or the ECS / EKS
    /// agents (as the AWS SDKs require, so a token is never sent to an arbitrary host in clear text).
    public init(client: any HTTPClient, fullURI: String, authorization: AuthorizationToken,
                timeout: Duration = .seconds(2)) throws {
        let source = "ECS container credentials"
        guard Self.isAllowedFullURI(fullURI) else {
            throw CredentialError(source: source, message: "AWS_CONTAINER_CREDENTIALS_FULL_URI \"\(fullURI)\" must be "
                + "https, or http on a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23")
        }
        url = fullURI
        self.authorization = authorization
        http = CredentialHTTP(client: client, source: source, timeout: timeout, attempts: 2)
    }

    public func credentials() async throws -> AWSCredentials {
        var headers: [(name: String, value: String)] = []
        if let token = try authorizationValue() { headers.append(("Authorization", token)) }
        let response = try await http.send(HTTPRequest(method: "GET", url: url, headers: headers))
        return try TemporaryCredentialsDocument.credentials(from: response.body, source: http.source)
    }

    private func authorizationValue() throws -> String? {
        let token: String
        switch authorization {
        case .none: return nil
        case .value(let value): token = value
        case .file(let path):
            do {
                token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw CredentialError(source: http.source,
                                      message: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path): \(error)")
            }
        }
        guard !token.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw CredentialError(source: http.source, message: "the authorization token contains a line break")
        }
        return token
    }

    static func isAllowedFullURI(_ uri: String) -> Bool {
        let parts = SignableURL(uri)
        let lowered = uri.lowercased()
        if lowered.hasPrefix("https://") { return true }
        guard lowered.hasPrefix("http://") else { return false }
        var host = parts.hostHeader
        if host.hasPrefix("[") { host = String(host.dropFirst().prefix { $0 != "]" }) }
        else if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        return host == "localhost" || host == "::1" || isIPv4Loopback(host)
            || ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"].contains(host)
    }

    /// 127.0.0.0/8 written as a dotted-quad literal (not a name such as `127.example.com`).
    private static func isIPv4Loopback(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
