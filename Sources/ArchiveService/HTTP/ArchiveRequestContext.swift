import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core context plus the event loop of the request's
/// connection, which streamed bodies use to keep their writes in step with the socket (see `OutboundPacer`).
public struct ArchiveRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The event loop that owns the request's connection.
    let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        eventLoop = source.channel.eventLoop
    }
}
