import CCurl

/// A transfer that failed below HTTP: no status line, or a body cut short.
public struct CurlTransportError: Error, Sendable, CustomStringConvertible {
    /// libcurl's `CURLcode`.
    public let code: Int
    public let message: String
    public let url: String

    init(code: CURLcode, url: String) {
        self.code = Int(code.rawValue)
        self.message = String(cString: curl_easy_strerror(code))
        self.url = url
    }

    /// A body that ended before the length its response announced (the peer closed cleanly mid-object).
    public static func shortBody(url: String) -> CurlTransportError {
        CurlTransportError(code: CURLE_PARTIAL_FILE, url: url)
    }

    /// Faults worth another attempt: the peer reset, stalled, or could not be reached for a moment.
    public var isRetryable: Bool {
        let transient: [CURLcode] = [
            CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
            CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_COULDNT_RESOLVE_HOST, CURLE_HTTP2, CURLE_HTTP2_STREAM,
        ]
        return transient.contains { Int($0.rawValue) == code }
    }

    public var description: String { "HTTP transfer to \(url) failed: \(message) (curl \(code))" }
}
