import AsyncAlgorithms
import Hummingbird
import NIOCore
import Synchronization

/// A streamed response body whose bytes are produced in a child task and written from the response's own task.
///
/// Hummingbird notices that a client has gone only when a write fails. A producer waiting on a stalled source (an
/// S3 connection that stops sending) writes nothing, so without the relay a hang-up would hold that source and its
/// S3 permit until the source's stall timeout (DESIGN §4 asks for a second). Here a third task waits for the
/// client to hang up (`HangUpDetector`) and then fails the hand-off, which cancels the producer wherever it waits.
///
/// The hand-off is a rendezvous (`AsyncThrowingChannel`) of batches of about 512 KiB: the producer is at most
/// one batch ahead of the writer, the writer is paced to the event loop (`OutboundPacer`), so memory stays bounded;
/// and the two tasks meet once per batch rather than once per piece (per 256 KiB file chunk, per header), which
/// on 2 cores cost a quarter of the small-file throughput.
///
/// A client that takes no byte for `sendTimeout` is cut off (`SendWatch`): the connection is closed, which fails the
/// waiting write, so the producer is cancelled and its sources give back their permits and file handles.
struct BodyRelay {
    let channel: any Channel
    let sendTimeout: Duration
    /// Pieces are handed over once they add up to this many bytes (or at the end).
    static let batchBytes = 512 << 10

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
        let batches = AsyncThrowingChannel<[ByteBuffer], any Error>()
        let channel = channel
        var pacer = OutboundPacer(eventLoop: channel.eventLoop)
        let watch = SendWatch()
        let sendTimeout = sendTimeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    let batch = Batch()
                    try await produce { piece in
                        guard let full = batch.add(piece) else { return }
                        await batches.send(full)
                        try Task.checkCancellation()
                    }
                    if let last = batch.take() { await batches.send(last) }
                    batches.finish()
                } catch {
                    batches.fail(error)
                }
            }
            group.addTask {
                if await HangUpDetector.waitForHangUp(on: channel) { batches.fail(ClientGone(reason: "connection closed")) }
            }
            group.addTask {
                try await watch.stall(longerThan: sendTimeout)
                batches.fail(ClientGone(reason: "the client took no byte for \(sendTimeout)"))
                try await channel.close()
            }
            defer { group.cancelAll() }
            for try await batch in batches {
                let bytes = batch.reduce(0) { $0 + $1.readableBytes }
                do {
                    watch.writeBegan()
                    try await writer.write(contentsOf: batch)
                    try await pacer.wrote(bytes)
                    watch.writeEnded()
                } catch {
                    throw ClientGone(reason: "\(error)")
                }
                batch.forEach(wrote)
            }
        }
    }
}

/// The producer's pieces since the last hand-off.
private final class Batch: Sendable {
    private let state = Mutex((pieces: [ByteBuffer](), bytes: 0))

    /// Adds `piece`; returns the batch to hand over once it holds `BodyRelay.batchBytes`.
    func add(_ piece: ByteBuffer) -> [ByteBuffer]? {
        let full = state.withLock { state in
            state.pieces.append(piece)
            state.bytes += piece.readableBytes
            return state.bytes >= BodyRelay.batchBytes
        }
        return full ? take() : nil
    }

    /// What is gathered, if anything, leaving the batch empty.
    func take() -> [ByteBuffer]? {
        state.withLock { state in
            defer { state = ([], 0) }
            return state.pieces.isEmpty ? nil : state.pieces
        }
    }
}
