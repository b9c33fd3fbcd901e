/// The standard AWS credential chain, in the order the seed promises (and the AWS SDKs use):
/// 1. explicit keys (`IMMICH_S3_ACCESS_KEY_ID` / `IMMICH_S3_SECRET_ACCESS_KEY`, from `S3Config`);
/// 2. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`;
/// 3. web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`);
/// 4. ECS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`;
/// 5. EC2 instance metadata (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// The source is chosen once, at start-up, from which variables are set; a half-configured source (a key without
/// its secret, a token file without a role) is an error rather than a silent fall-through to the next source.
/// Sources 3 to 5 are wrapped in `CachingCredentialProvider`.
public enum CredentialChain {
    /// Where the credential endpoints live. The defaults are AWS's; tests point them at a local fake.
    public struct Endpoints: Sendable {
        /// IMDS base URL (`AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides the default).
        public var instanceMetadata: String?
        /// Base for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
        public var containerRelativeBase: String
        /// STS endpoint; nil derives it from `AWS_REGION` / `AWS_DEFAULT_REGION`.
        public var sts: String?

        public init(instanceMetadata: String? = nil,
                    containerRelativeBase: String = ContainerCredentialProvider.defaultRelativeBase,
                    sts: String? = nil) {
            self.instanceMetadata = instanceMetadata
            self.containerRelativeBase = containerRelativeBase
            self.sts = sts
        }
    }

    /// Picks the credential source for `environment`; `events` logs and counts failed refreshes.
    public static func provider(explicit: AWSCredentials?, environment: [String: String], client: any HTTPClient,
                                endpoints: Endpoints = Endpoints(), events: StorageEvents? = nil) throws
        -> any CredentialProvider {
        let env = EnvironmentReader(environment: environment)
        if let explicit { return StaticCredentialProvider(explicit, sourceName: "IMMICH_S3_ACCESS_KEY_ID / IMMICH_S3_SECRET_ACCESS_KEY") }
        if let keys = try environmentKeys(env) { return StaticCredentialProvider(keys, sourceName: "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY") }
        if let webIdentity = try webIdentity(env, client: client, endpoints: endpoints) {
            return CachingCredentialProvider(webIdentity, events: events)
        }
        if let container = try container(env, client: client, endpoints: endpoints) {
            return CachingCredentialProvider(container, events: events)
        }
        if env.string("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" {
            throw CredentialError(source: "the credential chain", message: "no credentials configured: set "
                + "IMMICH_S3_ACCESS_KEY_ID/IMMICH_S3_SECRET_ACCESS_KEY, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a web "
                + "identity or container role (and AWS_EC2_METADATA_DISABLED is true)")
        }
        let imds = endpoints.instanceMetadata ?? env.string("AWS_EC2_METADATA_SERVICE_ENDPOINT")
            ?? InstanceMetadataCredentialProvider.defaultEndpoint
        return CachingCredentialProvider(InstanceMetadataCredentialProvider(client: client, endpoint: imds), events: events)
    }

    private static func environmentKeys(_ env: EnvironmentReader) throws -> AWSCredentials? {
        switch (env.string("AWS_ACCESS_KEY_ID"), env.string("AWS_SECRET_ACCESS_KEY")) {
        case (nil, nil):
            return nil
        case let (key?, secret?):
            return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: env.string("AWS_SESSION_TOKEN"))
        case (nil, _):
            throw CredentialError(source: "the environment", message: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw CredentialError(source: "the environment", message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
    }

    private static func webIdentity(_ env: EnvironmentReader, client: any HTTPClient,
                                    endpoints: Endpoints) throws -> WebIdentityCredentialProvider? {
        let tokenFile = env.string("AWS_WEB_IDENTITY_TOKEN_FILE"), role = env.string("AWS_ROLE_ARN")
        guard tokenFile != nil || role != nil else { return nil }
        guard let tokenFile, let role else {
            throw CredentialError(source: "web identity", message:
                "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN must both be set (only one is)")
        }
        let region = env.string("AWS_REGION") ?? env.string("AWS_DEFAULT_REGION")
        return WebIdentityCredentialProvider(
            client: client, tokenFile: tokenFile, roleARN: role,
            sessionName: env.string("AWS_ROLE_SESSION_NAME") ?? "gallery-archive",
            stsEndpoint: endpoints.sts ?? WebIdentityCredentialProvider.stsEndpoint(region: region))
    }

    private static func container(_ env: EnvironmentReader, client: any HTTPClient,
                                  endpoints: Endpoints) throws -> ContainerCredentialProvider? {
        if let relative = env.string("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            return ContainerCredentialProvider(client: client, relativeURI: relative,
                                               base: endpoints.containerRelativeBase)
        }
        guard let full = env.string("AWS_CONTAINER_CREDENTIALS_FULL_URI") else { return nil }
        let authorization: ContainerCredentialProvider.AuthorizationToken =
            env.string("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").map { .file($0) }
            ?? env.string("AWS_CONTAINER_AUTHORIZATION_TOKEN").map { .value($0) } ?? .none
        return try ContainerCredentialProvider(client: client, fullURI: full, authorization: authorization)
    }
}
