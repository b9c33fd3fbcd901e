import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core context plus the request's connection as streamed bodies
/// need it: its event loop, to keep writes in step with the socket (`OutboundPacer`), and its closing, to stop
/// producing the moment a client hangs up (`BodyRelay`).
public struct ArchiveRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's connection.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The event loop that owns the request's connection.
    var eventLoop: any EventLoop { channel.eventLoop }

    /// A relay for a streamed body on this request's connection.
    var bodyRelay: BodyRelay { BodyRelay(channel: channel) }
}
