import Foundation

/// RFC 7231 IMF-fixdate (`Tue, 24 Nov 2026 19:10:10 GMT`), as S3 sends `Last-Modified`.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        // DateFormatter is not Sendable: one per call (head is not a hot path).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
