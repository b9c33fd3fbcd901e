/// Fixed credentials: `IMMICH_S3_ACCESS_KEY_ID`/`_SECRET_ACCESS_KEY` or the `AWS_*` environment variables.
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public let sourceName: String

    /// - Parameter sourceName: the variables the keys came from.
    public init(_ value: AWSCredentials, sourceName: String = "static keys") {
        self.value = value
        self.sourceName = sourceName
    }

    public func credentials() async throws -> AWSCredentials { value }
}
