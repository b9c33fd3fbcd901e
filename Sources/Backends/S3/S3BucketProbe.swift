import Foundation

/// What one ListObjectsV2 call (max-keys 1) tells an operator about the bucket: whether the endpoint answers,
/// whether it takes the credentials, whether the bucket exists, and the server's clock.
public enum S3BucketProbe: Sendable {
    /// The bucket answered: its first key (nil when empty) and the server's `Date`.
    case listed(firstKey: String?, serverDate: Date?)
    /// S3 answered with an error (`code` from its XML body, e.g. SignatureDoesNotMatch, NoSuchBucket,
    /// RequestTimeTooSkewed, AccessDenied).
    case refused(status: Int, code: String?, message: String?)
    /// No HTTP answer at all (DNS, connection refused, timeout): libcurl's message.
    case unreachable(String)
}

extension S3StorageBackend {
    /// Lists one key of the bucket, once (the backend's retry policy applies), and says what came back.
    public func probe() async throws -> S3BucketProbe {
        do {
            let response = try await client.send("GET", key: nil, query: [("list-type", "2"), ("max-keys", "1")])
            let document = S3XMLDocument(response.body)
            return .listed(firstKey: document?.value("ListBucketResult/Contents/Key"),
                           serverDate: response.header("Date").flatMap(HTTPDate.parse))
        } catch let error as S3ErrorResponse {
            return .refused(status: error.status, code: error.code, message: error.message)
        } catch let error as CurlTransportError {
            return .unreachable(error.message)
        }
    }
}
