import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What a GET's `Range`, `If-Range` and `If-None-Match` ask of an archive whose bytes are fixed in advance
/// (RFC 9110 §13.1.2, §13.1.5, §14.2). One range only: a multi-range request gets the whole archive, which the RFC
/// allows, and browsers and download managers resume with a single range.
enum ByteRangeRequest: Equatable {
    /// 200 with every byte.
    case whole
    /// 206 with these bytes.
    case partial(Range<UInt64>)
    /// 416: the range starts at or past the end.
    case unsatisfiable
    /// 304: the client holds this version already.
    case notModified

    /// The answer for `headers` on an archive of `length` bytes tagged `etag` (a strong tag).
    static func evaluate(_ headers: HTTPFields, length: UInt64, etag: String) -> ByteRangeRequest {
        if let tags = headers[.ifNoneMatch], matches(tags, etag) { return .notModified }
        guard let range = headers[.range] else { return .whole }
        // If-Range with another tag, or with a date (an archive has no Last-Modified), asks for the whole archive.
        if let condition = headers[.ifRange], condition.trimmingCharacters(in: .whitespaces) != etag { return .whole }
        return parse(range, length: length)
    }

    /// `bytes=first-last`, `bytes=first-` or `bytes=-suffix`; anything else is ignored (the whole archive).
    static func parse(_ value: String, length: UInt64) -> ByteRangeRequest {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes="), !trimmed.contains(",") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        let first = parts[0].isEmpty ? nil : UInt64(parts[0])
        let last = parts[1].isEmpty ? nil : UInt64(parts[1])
        switch (parts[0].isEmpty, parts[1].isEmpty) {
        case (true, false):
            guard let suffix = last else { return .whole }
            guard suffix > 0, length > 0 else { return .unsatisfiable }
            return .partial((length - min(suffix, length))..<length)
        case (false, _):
            guard let first, parts[1].isEmpty || last != nil else { return .whole }
            if let last, last < first { return .whole }
            guard first < length else { return .unsatisfiable }
            return .partial(first..<min(length, (last ?? (length - 1)) + 1))
        default:
            return .whole
        }
    }

    /// Whether an `If-None-Match` list names `etag` (weak comparison, as the RFC asks for this header) or is `*`.
    private static func matches(_ list: String, _ etag: String) -> Bool {
        let opaque = { (tag: Substring) in tag.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") }
        return list.split(separator: ",").contains { opaque($0) == "*" || opaque($0) == etag }
    }

    /// 416, in the JSON shape of every refusal, with the `Content-Range: bytes */N` RFC 9110 asks for.
    static func unsatisfiable(length: UInt64) -> Response {
        let message = #"{"message":"The range starts past the \#(length) bytes there are","#
            + #""error":"Range Not Satisfiable","statusCode":416}"#
        return Response(status: .rangeNotSatisfiable,
                        headers: [.contentRange: "bytes */\(length)", .contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}
