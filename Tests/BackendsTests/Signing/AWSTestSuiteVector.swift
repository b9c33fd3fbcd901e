@testable import Backends
import Foundation

/// One case of AWS's SigV4 test suite (Fixtures/aws-sigv4, from awslabs/aws-c-auth; see its SOURCE.md):
/// the raw request, its signing context and the expected outputs of each step.
struct AWSTestSuiteVector {
    let name: String
    let method: String
    /// Path and query exactly as in the request line (not pre-encoded: the suite's signer encodes them).
    let target: String
    let host: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]
    let context: Context

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    static func names() throws -> [String] {
        try Fixtures.contents(ofDirectory: "aws-sigv4").filter { !$0.hasSuffix(".md") }
    }

    init(name: String) throws {
        self.name = name
        context = try JSONDecoder().decode(Context.self,
                                           from: Data(try Fixtures.text("aws-sigv4/\(name)/context.json").utf8))
        let request = try Self.parse(try Fixtures.text("aws-sigv4/\(name)/request.txt"))
        (method, target, headers, body) = request
        host = headers.first { $0.name.lowercased() == "host" }!.value
    }

    func expected(_ file: String) throws -> String {
        try Fixtures.text("aws-sigv4/\(name)/\(file)")
    }

    var url: String { "https://\(host)\(target)" }

    var signer: SigV4Signer {
        let rules = SigV4Rules(normalizesPath: context.normalize, encodesPathTwice: true,
                               sendsContentHashHeader: context.sign_body,
                               signsSessionToken: !(context.omit_session_token ?? false))
        let instant = try! Date(context.timestamp, strategy: .iso8601)
        return SigV4Signer(region: context.region, service: context.service, rules: rules, clock: { instant })
    }

    var credentials: AWSCredentials {
        AWSCredentials(accessKeyId: context.credentials.access_key_id,
                       secretAccessKey: context.credentials.secret_access_key,
                       sessionToken: context.credentials.token)
    }

    /// The request's headers other than Host (the signer derives Host from the URL).
    var otherHeaders: [(name: String, value: String)] {
        headers.filter { $0.name.lowercased() != "host" }
    }

    /// Parses the suite's raw HTTP/1.1 request: a request line whose target may contain spaces, headers with
    /// folded continuation lines, a blank line, the body.
    static func parse(_ text: String) throws
        -> (method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        let (head, body) = text.range(of: "\n\n").map { (text[..<$0.lowerBound], Array(text[$0.upperBound...].utf8)) }
            ?? (text[...], [])
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst()
        let method = requestLine.prefix { $0 != " " }
        let target = requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count)
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first!.isWhitespace {
                headers[headers.count - 1].value += "\n" + line
            } else {
                let colon = line.firstIndex(of: ":")!
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return (String(method), String(target), headers, body)
    }
}
