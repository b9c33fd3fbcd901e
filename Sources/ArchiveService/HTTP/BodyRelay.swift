import AsyncAlgorithms
import Hummingbird
import NIOCore

/// A streamed response body whose bytes are produced in a child task and written from the response's own task.
///
/// Hummingbird notices that a client has gone only when a write fails. A producer waiting on a stalled source (an
/// S3 connection that stops sending) writes nothing, so without the relay a hang-up would hold that source and its
/// S3 permit until the source's stall timeout (DESIGN §4 asks for a second). Here a third task waits for the
/// client to hang up (`HangUpDetector`) and then fails the hand-off, which cancels the producer wherever it waits.
///
/// The hand-off is a rendezvous (`AsyncThrowingChannel`): the producer is at most one piece ahead of the writer,
/// and the writer is paced to the event loop (`OutboundPacer`), so memory stays bounded.
struct BodyRelay {
    let channel: any Channel

    /// The client went away: a write failed, or the connection closed while the body was being produced.
    struct ClientGone: Error, CustomStringConvertible {
        let reason: String
        var description: String { "client gone: \(reason)" }
    }

    /// Writes every piece `produce` sends to `writer`, calling `wrote` after each. Throws `ClientGone` when the
    /// client goes away, and otherwise what `produce` throws; either way the producer is cancelled and awaited.
    func run(to writer: inout any ResponseBodyWriter, wrote: (ByteBuffer) -> Void,
             produce: @escaping @Sendable (_ send: @Sendable (ByteBuffer) async throws -> Void) async throws -> Void)
        async throws {
        let pieces = AsyncThrowingChannel<ByteBuffer, any Error>()
        let channel = channel
        var pacer = OutboundPacer(eventLoop: channel.eventLoop)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await produce { piece in
                        await pieces.send(piece)
                        try Task.checkCancellation()
                    }
                    pieces.finish()
                } catch {
                    pieces.fail(error)
                }
            }
            group.addTask {
                if await HangUpDetector.waitForHangUp(on: channel) { pieces.fail(ClientGone(reason: "connection closed")) }
            }
            defer { group.cancelAll() }
            for try await piece in pieces {
                do {
                    try await writer.write(piece)
                    try await pacer.wrote(piece.readableBytes)
                } catch {
                    throw ClientGone(reason: "\(error)")
                }
                wrote(piece)
            }
        }
    }
}
