import Foundation

/// The short HTTP exchanges of the credential providers: bounded time, a fixed number of attempts, and an error
/// naming the source and endpoint when every attempt fails.
struct CredentialHTTP: Sendable {
    let client: any HTTPClient
    let source: String
    let timeout: Duration
    /// Total attempts per exchange (2 = one retry).
    let attempts: Int

    /// Sends `request`, retrying transport failures and 5xx answers; returns the first 2xx response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var lastProblem = ""
        for attempt in 1...attempts {
            try Task.checkCancellation()
            do {
                let response = try await client.send(request, timeout: timeout)
                if (200..<300).contains(response.status) { return response }
                lastProblem = "HTTP \(response.status): \(Self.snippet(response.body))"
                if response.status < 500 { break }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastProblem = "\(error)"
            }
            if attempt < attempts { try await Task.sleep(for: .milliseconds(100)) }
        }
        throw CredentialError(source: source, message: "\(request.method) \(request.url) failed: \(lastProblem)")
    }

    /// The start of an error body, for the message.
    static func snippet(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
