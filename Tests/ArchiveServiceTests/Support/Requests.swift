import ArchiveService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Credentials and bodies as Gallery's clients send them.
enum Credential: Sendable, CustomStringConvertible {
    case apiKey(String)
    case session(String)
    case cookieSession(String)
    case none

    static func key(_ person: String) -> Credential { .apiKey(DemoLibrary.apiKey(person)) }
    static func session(of person: String) -> Credential { .session(DemoLibrary.sessionToken(person)) }

    var headers: HTTPFields {
        switch self {
        case .apiKey(let key): return [HTTPField.Name("x-api-key")!: key]
        case .session(let token): return [.authorization: "Bearer \(token)"]
        case .cookieSession(let token): return [.cookie: "immich_access_token=\(token)"]
        case .none: return [:]
        }
    }

    var description: String {
        switch self {
        case .apiKey(let key): return "api key \(key)"
        case .session(let token): return "bearer \(token)"
        case .cookieSession(let token): return "cookie \(token)"
        case .none: return "no credential"
        }
    }
}

enum Body {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func assets(_ ids: [String]) -> ByteBuffer {
        json(#"{"assetIds":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}")
    }

    static func album(_ id: String) -> ByteBuffer { json(#"{"albumId":"\#(id)"}"#) }
}

extension TestClientProtocol {
    func post(_ uri: String, _ credential: Credential = .none, body: ByteBuffer,
              extraHeaders: HTTPFields = [:]) async throws -> TestResponse {
        var headers = credential.headers
        headers[.contentType] = "application/json"
        headers.append(contentsOf: extraHeaders)
        return try await execute(uri: uri, method: .post, headers: headers, body: body)
    }

    func get(_ uri: String, _ credential: Credential = .none, extraHeaders: HTTPFields = [:]) async throws -> TestResponse {
        var headers = credential.headers
        headers.append(contentsOf: extraHeaders)
        return try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The `message` of a JSON refusal, nil if the body is not one.
    var errorMessage: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return object["message"] as? String
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}

enum Assets {
    static func id(_ label: String) -> String { DemoLibrary.uuid("asset:\(label)") }
}
