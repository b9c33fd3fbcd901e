/// Credentials could not be obtained; names the source (environment, web identity, container, instance metadata)
/// and what went wrong, never a secret.
public struct CredentialError: Error, CustomStringConvertible {
    public let source: String
    public let message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "AWS credentials from \(source): \(message)" }
}
