import Foundation

/// The JSON document the ECS container endpoint and EC2 instance metadata return:
/// `{"Code": "Success", "AccessKeyId": …, "SecretAccessKey": …, "Token": …, "Expiration": "2026-…Z"}`.
struct TemporaryCredentialsDocument: Decodable {
    let Code: String?
    let Message: String?
    let AccessKeyId: String?
    let SecretAccessKey: String?
    let Token: String?
    let Expiration: String?

    /// Decodes `body` and checks it carries a key pair (and, when a `Code` is present, that it is `Success`).
    static func credentials(from body: [UInt8], source: String) throws -> AWSCredentials {
        let document: TemporaryCredentialsDocument
        do {
            document = try JSONDecoder().decode(Self.self, from: Data(body))
        } catch {
            throw CredentialError(source: source, message: "the response is not a credentials document: \(error)")
        }
        if let code = document.Code, code != "Success" {
            throw CredentialError(source: source, message: "the endpoint answered \(code): \(document.Message ?? "")")
        }
        guard let key = document.AccessKeyId, let secret = document.SecretAccessKey else {
            throw CredentialError(source: source, message: "the response has no AccessKeyId/SecretAccessKey")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: document.Token,
                              expiration: try document.Expiration.map { try parseExpiration($0, source: source) })
    }
}

/// Parses an ISO 8601 expiry such as `2026-11-24T20:00:00Z` (fractional seconds allowed, as STS may send them).
func parseExpiration(_ text: String, source: String) throws -> Date {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
    throw CredentialError(source: source, message: "unreadable Expiration \"\(text)\"")
}
