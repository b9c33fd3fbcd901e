@testable import Backends
import Foundation
import Testing

/// The SeaweedFS server scripts/test.sh starts (scripts/s3-server.sh), as the GA_TEST_S3_* variables describe it.
enum S3TestEnvironment {
    static let variables = ProcessInfo.processInfo.environment
    static let endpoint = variables["GA_TEST_S3_ENDPOINT"]
    static let isConfigured = endpoint != nil
    static let skipReason: Comment = "GA_TEST_S3_ENDPOINT is unset: run scripts/test.sh, which starts SeaweedFS on 127.0.0.1"

    static var credentials: AWSCredentials {
        AWSCredentials(accessKeyId: variables["GA_TEST_S3_ACCESS_KEY"] ?? "", secretAccessKey: variables["GA_TEST_S3_SECRET_KEY"] ?? "")
    }

    static func config(endpoint: String? = nil, serveMode: S3ServeMode = .redirect, maxConnections: Int = 32) -> S3Config {
        S3Config(bucket: variables["GA_TEST_S3_BUCKET"] ?? "", region: variables["GA_TEST_S3_REGION"] ?? "us-east-1",
                 endpoint: endpoint ?? self.endpoint, credentials: credentials, serveMode: serveMode,
                 maxConnections: maxConnections)
    }

    /// A backend on the server (or on `endpoint`, a fault proxy in front of it) with its own limiter and transport.
    static func backend(endpoint: String? = nil, serveMode: S3ServeMode = .redirect, maxConnections: Int = 32,
                        credentials: AWSCredentials? = nil, stallTimeout: Duration = .seconds(30),
                        options: S3StorageBackend.Options = S3StorageBackend.Options(
                            retry: S3RetryPolicy(baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))))
        -> (backend: S3StorageBackend, limiter: ConnectionLimiter)
    {
        let limiter = ConnectionLimiter(limit: maxConnections)
        let transport = CurlTransport(configuration: .init(maxConnectionsPerHost: maxConnections, stallTimeout: stallTimeout))
        let backend = S3StorageBackend(
            config: config(endpoint: endpoint, serveMode: serveMode, maxConnections: maxConnections),
            credentials: StaticCredentialProvider(credentials ?? self.credentials), limiter: limiter,
            transport: transport, options: options)
        return (backend, limiter)
    }

    /// A prefix no other test uses, so suites run in parallel on one bucket.
    static func uniquePrefix(_ name: String) -> String {
        "test/\(name)-\(UUID().uuidString.prefix(8))"
    }
}
