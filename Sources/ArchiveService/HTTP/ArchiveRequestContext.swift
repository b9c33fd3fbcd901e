import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core context plus the request's connection, which streamed
/// bodies (`BodyRelay`) pace their writes to and watch for the client hanging up.
public struct ArchiveRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's connection.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// A relay for a streamed body on this request's connection, cutting off a client that takes no byte for
    /// `sendTimeout`.
    func bodyRelay(sendTimeout: Duration) -> BodyRelay { BodyRelay(channel: channel, sendTimeout: sendTimeout) }

    /// The client's address (the peer, or what a trusted proxy says it saw).
    func clientAddress(of request: Request, trustedProxies: Set<String>) -> String {
        ClientAddress.of(request, peer: channel.remoteAddress, trustedProxies: trustedProxies)
    }
}
