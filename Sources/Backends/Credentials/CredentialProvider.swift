/// A source of AWS credentials: static keys, the environment, or a temporary-credential endpoint.
/// Implementations that fetch over the network are wrapped in `CachingCredentialProvider`.
public protocol CredentialProvider: Sendable {
    /// The credentials to sign the next request with.
    func credentials() async throws -> AWSCredentials

    /// Which source of the credential chain this is, for an operator (`gallery-archive doctor`).
    var sourceName: String { get }
}
