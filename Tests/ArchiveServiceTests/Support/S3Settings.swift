import Foundation
import Testing

/// The SeaweedFS server scripts/test.sh starts (scripts/s3-server.sh), as `IMMICH_S3_*` settings for the service.
enum S3Settings {
    static let variables = ProcessInfo.processInfo.environment
    static let isConfigured = variables["GA_TEST_S3_ENDPOINT"] != nil
    static let skipReason: Comment = "GA_TEST_S3_ENDPOINT is unset: run scripts/test.sh, which starts SeaweedFS on 127.0.0.1"

    static func environment(serveMode: String = "redirect", maxConnections: Int = 32) -> [String: String] {
        [
            "IMMICH_S3_ENDPOINT": variables["GA_TEST_S3_ENDPOINT"] ?? "",
            "IMMICH_S3_BUCKET": variables["GA_TEST_S3_BUCKET"] ?? "",
            "IMMICH_S3_REGION": variables["GA_TEST_S3_REGION"] ?? "us-east-1",
            "IMMICH_S3_ACCESS_KEY_ID": variables["GA_TEST_S3_ACCESS_KEY"] ?? "",
            "IMMICH_S3_SECRET_ACCESS_KEY": variables["GA_TEST_S3_SECRET_KEY"] ?? "",
            "IMMICH_S3_SERVE_MODE": serveMode,
            "IMMICH_S3_MAX_CONNECTIONS": String(maxConnections),
        ]
    }
}
