import NIOConcurrencyHelpers
import NIOCore

/// The bounded hand-off between curl's write callback (the producer, on the transport thread) and the one task
/// consuming a response body.
///
/// Backpressure: once `limit` bytes wait unread, `offer` refuses the data and the write callback answers
/// `CURL_WRITEFUNC_PAUSE`; curl then stops reading the socket (TCP pushes back on the server) and redelivers the
/// same bytes after `curl_easy_pause(CONT)`, which `onResume` asks for once the consumer has drained half the buffer.
/// The producer can therefore never be more than `limit` plus one curl write (≤ CURLOPT_BUFFERSIZE) ahead.
/// Every pause is counted in the transport's `PausedStreamCount` until the transfer resumes or ends.
final class CurlBodyBuffer: Sendable {
    private enum End {
        case finished
        case failed(any Error)
    }

    private struct State {
        var chunks: [ByteBuffer] = []
        var buffered = 0
        /// Curl is paused on this buffer; counted in `pausedStreams` for exactly as long as this is true.
        var paused = false
        var end: End?
        var waiter: CheckedContinuation<ByteBuffer?, any Error>?
        /// A paused transfer resumes once the consumer has drained the buffer to this level (half the limit).
        var resumeBelow: Int
        /// Copies of the last chunks handed out. Once the consumer drops its copy, ours is the only reference and
        /// `clear()` reuses the storage: no malloc/free (and no page faults from glibc trimming the heap) per chunk.
        /// A chunk the consumer still holds is not touched: writing to a shared ByteBuffer copies it first.
        var handedOut: [ByteBuffer] = []
        static let recycleDepth = 2

        mutating func recycled(capacity: Int) -> ByteBuffer {
            guard handedOut.count >= Self.recycleDepth else { return ByteBufferAllocator().buffer(capacity: capacity) }
            var chunk = handedOut.removeFirst()
            chunk.clear(minimumCapacity: capacity)
            return chunk
        }
    }

    private let limit: Int
    /// Chunks are coalesced up to this size so a consumer sees few large buffers rather than many 16 KiB ones.
    private let chunkSize: Int
    private let state: NIOLockedValueBox<State>
    private let pausedStreams: PausedStreamCount
    private let onResume: @Sendable () -> Void
    private let onCancel: @Sendable () -> Void

    init(limit: Int, chunkSize: Int, pausedStreams: PausedStreamCount,
         onResume: @escaping @Sendable () -> Void, onCancel: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.chunkSize = chunkSize
        self.state = NIOLockedValueBox(State(resumeBelow: limit / 2))
        self.pausedStreams = pausedStreams
        self.onResume = onResume
        self.onCancel = onCancel
    }

    /// A buffer dropped while paused (its transfer never ended, e.g. at process shutdown) leaves the count.
    deinit {
        if state.withLockedValue({ $0.paused }) { pausedStreams.resumed() }
    }

    /// Takes `bytes` from curl, or returns false (and remembers the pause) when the buffer is full.
    /// A waiting consumer gets a full chunk at once; smaller ones wait for `flush()`, so one wake-up of the
    /// consumer carries everything a round of the transport loop read, not one socket read each.
    /// Bytes that arrive after the body ended for the consumer (it cancelled; the transfer's removal is on its way)
    /// are dropped rather than paused on: nobody will drain them.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let (accepted, handOff): (Bool, Handoff?) = state.withLockedValue { state in
            guard state.end == nil else { return (true, nil) }
            if state.buffered >= limit {
                if !state.paused { pausedStreams.paused() }
                state.paused = true
                return (false, nil)
            }
            if let last = state.chunks.indices.last, state.chunks[last].readableBytes + bytes.count <= chunkSize {
                state.chunks[last].writeBytes(bytes)
            } else {
                var chunk = state.recycled(capacity: max(bytes.count, chunkSize))
                chunk.writeBytes(bytes)
                state.chunks.append(chunk)
            }
            state.buffered += bytes.count
            let full = state.chunks.count > 1 || state.chunks[0].readableBytes >= chunkSize
            return (true, full ? handOffLocked(&state) : nil)
        }
        handOff?.run(onResume)
        return accepted
    }

    /// Hands what is buffered to a waiting consumer; the transport calls it after each round of socket reads.
    func flush() {
        state.withLockedValue { handOffLocked(&$0) }?.run(onResume)
    }

    /// Ends the body: `error == nil` means every byte arrived. Later calls are ignored. A waiting consumer gets
    /// the buffered bytes first; the end (or error) follows on its next call.
    func finish(_ error: (any Error)?) {
        let handOff: Handoff? = state.withLockedValue { state in
            guard state.end == nil else { return nil }
            state.end = error.map { .failed($0) } ?? .finished
            if state.paused {
                state.paused = false
                pausedStreams.resumed()
            }
            if let handOff = handOffLocked(&state) { return handOff }
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            return Handoff(waiter: waiter, result: error.map { .failure($0) } ?? .success(nil), resume: false)
        }
        handOff?.run(onResume)
    }

    /// A consumer to wake, outside the lock, with what it gets; `resume` asks curl to continue a paused transfer.
    private struct Handoff {
        let waiter: CheckedContinuation<ByteBuffer?, any Error>
        let result: Result<ByteBuffer?, any Error>
        let resume: Bool

        func run(_ onResume: @Sendable () -> Void) {
            if resume { onResume() }
            waiter.resume(with: result)
        }
    }

    private func handOffLocked(_ state: inout State) -> Handoff? {
        guard let waiter = state.waiter, !state.chunks.isEmpty else { return nil }
        state.waiter = nil
        let (chunk, resume) = popLocked(&state)
        return Handoff(waiter: waiter, result: .success(chunk), resume: resume)
    }

    /// Pops the oldest chunk; true when a paused transfer should resume because half the buffer has drained.
    private func popLocked(_ state: inout State) -> (ByteBuffer, Bool) {
        let chunk = state.chunks.removeFirst()
        state.buffered -= chunk.readableBytes
        state.handedOut.append(chunk)
        let resume = state.paused && state.buffered <= state.resumeBelow
        if resume {
            state.paused = false
            pausedStreams.resumed()
        }
        return (chunk, resume)
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
        let (result, resume): (Result<ByteBuffer?, any Error>?, Bool) = state.withLockedValue { state in
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
            let (chunk, resume) = popLocked(&state)
            return (.success(chunk), resume)
        }
        // Outside the lock: resuming posts a command to the transport thread.
        if resume { onResume() }
        return result
    }
}
