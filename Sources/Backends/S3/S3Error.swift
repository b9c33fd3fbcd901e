/// An S3 error response: HTTP status plus the `<Error><Code>` S3 put in the body (absent for HEAD).
struct S3ErrorResponse: Error, Sendable {
    let status: Int
    let code: String?
    let message: String?

    init(status: Int, body: [UInt8]) {
        self.status = status
        let document = S3XMLDocument(body)
        code = document?.value("Error/Code")
        message = document?.value("Error/Message")
    }

    /// Throttling and server faults: worth another attempt after a backoff.
    var isRetryable: Bool {
        [500, 502, 503, 504, 429].contains(status)
            || ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable"].contains(code ?? "")
    }

    /// The storage error callers see, naming `key`.
    func storageError(key: String) -> StorageError {
        switch status {
        case 404 where code == nil || code == "NoSuchKey" || code == "NotFound":
            return .notFound(key: key)
        case 403:
            // SignatureDoesNotMatch / InvalidAccessKeyId: a wrong secret or key id, said plainly.
            let reason = code.map { " (\($0)\(message.map { ": " + $0 } ?? ""))" } ?? ""
            if code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" {
                return .backend(key: key, detail: "S3 rejected the credentials\(reason): check the access key id and secret")
            }
            return .accessDenied(key: key)
        case 412:
            return .objectChanged(key: key)
        default:
            return .backend(key: key, detail: "S3 answered \(status)\(code.map { " \($0)" } ?? "")\(message.map { ": \($0)" } ?? "")")
        }
    }
}

/// Runs an S3 operation so that S3 answers become storage errors naming `key`, as do transport failures that
/// outlived the retries. Errors already in storage terms (and cancellation) pass through.
func withStorageErrors<T>(_ key: String, isolation: isolated (any Actor)? = #isolation,
                          _ operation: () async throws -> T) async throws -> T {
    do {
        return try await operation()
    } catch let error as S3ErrorResponse {
        throw error.storageError(key: key)
    } catch let error as CurlTransportError {
        throw StorageError.backend(key: key, detail: error.description)
    }
}
