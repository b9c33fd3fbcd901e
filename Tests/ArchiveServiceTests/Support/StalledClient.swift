import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A hostile or stalled reader: it sends one request on a connection with a tiny receive buffer and then reads
/// nothing, so the server's writes stop once the socket buffers are full; it may read the response later.
/// Closing it resets the connection.
/// Socket calls are blocking: they run on a Dispatch thread, never on Swift's cooperative threads.
final class StalledClient: Sendable {
    private let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to 127.0.0.1:`port` and sends `request` whole.
    static func open(port: Int, request: String) async throws -> StalledClient {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try StalledClient(port: port, request: Array(request.utf8)) })
            }
        }
    }

    /// An HTTP/1.1 POST of a JSON body with an API key.
    static func post(_ path: String, apiKey: String, json: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: \(apiKey)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(json.utf8.count)\r\n\r\n\(json)"
    }

    private init(port: Int, request: [UInt8]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var receiveBuffer: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure(description: "connect: errno \(code)")
        }
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                Glibc.close(descriptor)
                throw Failure(description: "send: errno \(errno)")
            }
            sent += count
        }
        self.descriptor = descriptor
    }

    /// Starts taking bytes at last: the whole response (its header lines and a `Content-Length` body), read to its
    /// end within `limit`.
    func readResponse(within limit: TimeInterval = 60) async throws -> (head: String, body: [UInt8]) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.readResponseBlocking(limit: limit) })
            }
        }
    }

    private func readResponseBlocking(limit: TimeInterval) throws -> (head: String, body: [UInt8]) {
        var timeout = timeval(tv_sec: Int(limit), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let separator = Array("\r\n\r\n".utf8)
        var expected: Int?
        while expected.map({ bytes.count < $0 }) ?? true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(description: "recv ended after \(bytes.count) bytes (errno \(errno))") }
            bytes += buffer[..<count]
            if expected == nil, let end = bytes.firstRange(of: separator)?.upperBound {
                let head = String(decoding: bytes[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                guard let length, let value = Int(length.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                else { throw Failure(description: "no Content-Length in \(head)") }
                expected = end + value
            }
        }
        let end = bytes.firstRange(of: separator)!.upperBound
        return (String(decoding: bytes[..<end], as: UTF8.self), Array(bytes[end...]))
    }

    deinit { Glibc.close(descriptor) }
}
