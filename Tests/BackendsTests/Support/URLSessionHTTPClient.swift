import Backends
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A test-only `HTTPClient` over Foundation's URLSession, so the credential providers can be exercised against
/// the local fake endpoints independently of the libcurl transport.
struct URLSessionHTTPClient: HTTPClient {
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        guard let url = URL(string: request.url) else { throw URLError(.badURL) }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let (data, response) = try await URLSession.shared.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        let headers = http.allHeaderFields.map { (name: "\($0.key)", value: "\($0.value)") }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }
}
