import NIOCore

/// Tells when a client says goodbye in the middle of a streamed response: its end of file, or the connection's end.
///
/// Hummingbird allows half-closed connections, so a client's FIN is only an event (`ChannelEvent.inputClosed`)
/// and it reads a connection only when it wants the next request: a client that dies while the response waits
/// on a stalled source would go unnoticed until the next write. Browsers and download tools never half-close a
/// connection they still read from, so — as Hummingbird's own `consumeWithInboundCloseHandler` does for
/// long-running responses — an end of file in the middle of a response means the client is gone.
final class HangUpDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let goodbye: EventLoopPromise<Void>

    private init(goodbye: EventLoopPromise<Void>) {
        self.goodbye = goodbye
    }

    /// Returns when the client hangs up (true), or when the calling task is cancelled first (false). Meanwhile a
    /// detector sits at the front of the connection's pipeline, and one read is asked for, so that an end of file
    /// is seen; what that read brings (a pipelined next request) passes on to the server as any read would.
    static func waitForHangUp(on channel: any Channel) async -> Bool {
        let name = "gallery-archive.hang-up.\(UInt64.random(in: 0...UInt64.max))"
        let goodbye = channel.eventLoop.makePromise(of: Void.self)
        let added = channel.eventLoop.flatSubmit {
            do {
                try channel.pipeline.syncOperations.addHandler(HangUpDetector(goodbye: goodbye), name: name, position: .first)
                channel.read()
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }
        let (ended, continuation) = AsyncStream<Void>.makeStream()
        goodbye.futureResult.whenComplete { _ in continuation.finish() }
        added.whenFailure { _ in continuation.finish() }
        for await _ in ended {}
        let watched = (try? await added.get()) != nil
        goodbye.succeed()
        channel.pipeline.removeHandler(name: name, promise: nil)
        return watched && !Task.isCancelled
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed = event as? ChannelEvent { goodbye.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        goodbye.succeed()
        context.fireChannelInactive()
    }
}
