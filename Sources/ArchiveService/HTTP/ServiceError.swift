import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A refusal or bad request, answered before any archive byte as Gallery's clients expect it (NestJS shape):
/// `{"message": "...", "error": "Forbidden", "statusCode": 403}`.
public struct ServiceError: Error, HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    /// Seconds after which a client may try again (`Retry-After`), for 503 and 429.
    public let retryAfter: Int?
    /// What only the log may see (paths, keys, endpoints, a backend's own message); `ErrorMiddleware` logs it.
    public let detail: String?

    public init(_ status: HTTPResponse.Status, _ message: String, retryAfter: Int? = nil, detail: String? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.detail = detail
    }

    public static func badRequest(_ message: String) -> ServiceError { ServiceError(.badRequest, message) }
    public static func unauthorized(_ message: String) -> ServiceError { ServiceError(.unauthorized, message) }
    public static func forbidden(_ message: String) -> ServiceError { ServiceError(.forbidden, message) }
    public static func notFound(_ message: String) -> ServiceError { ServiceError(.notFound, message) }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(message: message, error: status.reasonPhrase, statusCode: status.code)
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON body of a `ServiceError`.
private struct ErrorBody: Encodable {
    let message: String
    let error: String
    let statusCode: Int
}
