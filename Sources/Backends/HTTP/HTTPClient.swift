/// A buffered HTTP request: credential endpoints (IMDS, ECS, STS) and S3's small XML calls.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A buffered HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The seam between what needs a short HTTP exchange and the libcurl transport that performs it.
public protocol HTTPClient: Sendable {
    /// Sends `request` and buffers the whole response, failing after `timeout`.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}
