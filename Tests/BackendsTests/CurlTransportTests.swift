@testable import Backends
import Foundation
import Testing

/// The libcurl transport as the credential providers use it (buffered `HTTPClient` calls): budgets, errors.
struct CurlTransportTests {
    let transport = CurlTransport(configuration: .init(connectTimeout: .seconds(2), stallTimeout: .seconds(5)))

    @Test func refusedConnectionIsARetryableTransportError() async throws {
        // A port that was just free: nothing listens there.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        close(socket)
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/"
        do {
            _ = try await transport.send(HTTPRequest(method: "GET", url: url), timeout: .seconds(5))
            Issue.record("a closed port answered")
        } catch let error as CurlTransportError {
            #expect(error.isRetryable)
            #expect(error.url == url)
        }
    }

    @Test(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
    func bufferedCallsKeepTheirTimeBudget() async throws {
        // The proxy holds every request 3 s; a 1 s budget must end the call with curl's timeout, not an answer.
        let proxy = try await FaultProxy.start(["--latency-ms", "3000"])
        do {
            let response = try await transport.send(HTTPRequest(method: "GET", url: proxy.endpoint + "/any"), timeout: .seconds(1))
            Issue.record("answered \(response.status) despite the budget")
        } catch let error as CurlTransportError {
            #expect(error.code == 28)  // CURLE_OPERATION_TIMEDOUT
            #expect(error.isRetryable)
        }
    }

    @Test(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
    func bufferedCallReturnsStatusHeadersAndBody() async throws {
        // Unsigned: SeaweedFS answers with an S3 error document, which is exactly a buffered response to read.
        let response = try await transport.send(HTTPRequest(method: "GET", url: S3TestEnvironment.endpoint! + "/gallery-test/x"),
                                                timeout: .seconds(5))
        #expect(response.status == 403)
        #expect(response.header("content-type")?.contains("xml") == true)
        #expect(String(decoding: response.body, as: UTF8.self).contains("<Code>AccessDenied</Code>"))
    }
}
