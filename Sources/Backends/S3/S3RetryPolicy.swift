/// How often and how patiently S3 calls are retried: capped exponential backoff with full jitter (AWS's
/// "Exponential Backoff And Jitter"), so many clients throttled at once do not retry in lockstep.
public struct S3RetryPolicy: Sendable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1): uniform in [0, min(max, base·2^(attempt-1))].
    func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt - 1, 20)))
        return ceiling * Double.random(in: 0...1)
    }

    /// Whether `error` is a transient fault: a dropped or stalled connection, throttling, a 5xx.
    static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as CurlTransportError: return error.isRetryable
        case let error as S3ErrorResponse: return error.isRetryable
        default: return false
        }
    }
}
