import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The address a request comes from, for per-client bounds: the connection's peer, or — when that peer is a
/// trusted reverse proxy — the nearest address in `X-Forwarded-For` that is not itself a trusted proxy (each proxy
/// appends the peer it saw, so entries further left are whatever the client chose to send).
enum ClientAddress {
    static func of(_ request: Request, peer: SocketAddress?, trustedProxies: Set<String>) -> String {
        let direct = peer?.ipAddress ?? "unknown"
        guard trustedProxies.contains(direct) else { return direct }
        let hops = request.headers[values: .xForwardedFor]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.last(where: { !$0.isEmpty && !trustedProxies.contains($0) }) ?? direct
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
