/// Fixed credentials: `IMMICH_S3_ACCESS_KEY_ID`/`_SECRET_ACCESS_KEY` or the `AWS_*` environment variables.
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials

    public init(_ value: AWSCredentials) {
        self.value = value
    }

    public func credentials() async throws -> AWSCredentials { value }
}
