import NIOCore
import Synchronization

/// The bounded hand-off between curl's write callback (the producer, on the transport thread) and the one task
/// consuming a response body.
///
/// Backpressure: once `limit` bytes wait unread, `offer` refuses the data and the write callback answers
/// `CURL_WRITEFUNC_PAUSE`; curl then stops reading the socket (TCP pushes back on the server) and redelivers the
/// same bytes after `curl_easy_pause(CONT)`, which `onResume` asks for once the consumer has drained half the buffer.
/// The producer can therefore never be more than `limit` plus one curl write (≤ CURLOPT_BUFFERSIZE) ahead.
final class CurlBodyBuffer: Sendable {
    private enum End {
        case finished
        case failed(any Error)
    }

    private struct State {
        var chunks: [ByteBuffer] = []
        var buffered = 0
        var paused = false
        var end: End?
        var waiter: CheckedContinuation<ByteBuffer?, any Error>?
    }

    private let limit: Int
    /// Chunks are coalesced up to this size so a consumer sees few large buffers rather than many 16 KiB ones.
    private let chunkSize: Int
    private let state = Mutex(State())
    private let onResume: @Sendable () -> Void
    private let onCancel: @Sendable () -> Void

    init(limit: Int, chunkSize: Int, onResume: @escaping @Sendable () -> Void, onCancel: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.chunkSize = chunkSize
        self.onResume = onResume
        self.onCancel = onCancel
    }

    /// Takes `bytes` from curl, or returns false (and remembers the pause) when the buffer is full.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        enum Outcome { case handOff(CheckedContinuation<ByteBuffer?, any Error>), buffered, full }
        let outcome: Outcome = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return .handOff(waiter)
            }
            if state.buffered >= limit {
                state.paused = true
                return .full
            }
            if let last = state.chunks.indices.last, state.chunks[last].readableBytes + bytes.count <= chunkSize {
                state.chunks[last].writeBytes(bytes)
            } else {
                var chunk = ByteBufferAllocator().buffer(capacity: max(bytes.count, chunkSize))
                chunk.writeBytes(bytes)
                state.chunks.append(chunk)
            }
            state.buffered += bytes.count
            return .buffered
        }
        switch outcome {
        case .full:
            return false
        case .buffered:
            return true
        case .handOff(let waiter):
            var chunk = ByteBufferAllocator().buffer(capacity: bytes.count)
            chunk.writeBytes(bytes)
            waiter.resume(returning: chunk)
            return true
        }
    }

    /// Ends the body: `error == nil` means every byte arrived. Later calls are ignored.
    func finish(_ error: (any Error)?) {
        let waiter: CheckedContinuation<ByteBuffer?, any Error>? = state.withLock { state in
            guard state.end == nil else { return nil }
            state.end = error.map { .failed($0) } ?? .finished
            defer { state.waiter = nil }
            return state.waiter
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    /// The next chunk, `nil` at the end of the body. Cancelling the calling task cancels the transfer.
    func next() async throws -> ByteBuffer? {
        if let ready = take(orWait: nil) { return try ready.get() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if let ready = take(orWait: continuation) { continuation.resume(with: ready) }
            }
        } onCancel: {
            onCancel()
            finish(CancellationError())
        }
    }

    /// Pops a chunk or reports the end; with nothing ready, parks `waiter` (if any) and returns nil.
    private func take(orWait waiter: CheckedContinuation<ByteBuffer?, any Error>?) -> Result<ByteBuffer?, any Error>? {
        let (result, resume): (Result<ByteBuffer?, any Error>?, Bool) = state.withLock { state in
            if waiter != nil, Task.isCancelled { return (.failure(CancellationError()), false) }
            guard !state.chunks.isEmpty else {
                switch state.end {
                case .failed(let error): return (.failure(error), false)
                case .finished: return (.success(nil), false)
                case nil:
                    state.waiter = waiter
                    return (nil, false)
                }
            }
            let chunk = state.chunks.removeFirst()
            state.buffered -= chunk.readableBytes
            let resume = state.paused && state.buffered <= limit / 2
            if resume { state.paused = false }
            return (.success(chunk), resume)
        }
        // Outside the lock: resuming posts a command to the transport thread.
        if resume { onResume() }
        return result
    }
}
