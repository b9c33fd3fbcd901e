import NIOCore

/// Keeps a streamed body's producer at most about two windows ahead of the connection's event loop.
///
/// Hummingbird's body writer is NIO's `NIOAsyncChannelOutboundWriter`. A `write` from a task off the event loop hands
/// the buffer to the loop with `execute` and returns at once (swift-nio 2.101, `AsyncChannelHandler.swift`,
/// `didYield`); the writer only starts to wait once the loop has run those tasks and found the socket full. A
/// producer faster than its loop — reading the page cache while 16 connections share 2 cores — piles buffers up in
/// the loop's task queue without bound (1-2 GiB for 16 downloads, docs/BENCHMARKS.md).
///
/// A loop runs its tasks in the order they were queued, so a no-op submitted after some writes completes once those
/// writes have reached the channel, where its high-water mark makes the writer wait. Every `window` bytes the pacer
/// submits such a mark, first waiting for the previous one: at most two windows are ever queued ahead of the socket.
/// The window is the relay's batch (512 KiB): 1 MiB windows held twice the bytes for no throughput a side-by-side
/// run could tell apart; 256 KiB cost a third of the large-file throughput (docs/BENCHMARKS.md, run 5 and issue 4).
struct OutboundPacer {
    let eventLoop: any EventLoop
    let window: Int
    private var unmarked = 0
    private var lastMark: EventLoopFuture<Void>?

    init(eventLoop: any EventLoop, window: Int = 512 << 10) {
        self.eventLoop = eventLoop
        self.window = window
    }

    /// Call after each write of `count` bytes; returns at once unless the loop is two windows behind.
    mutating func wrote(_ count: Int) async throws {
        unmarked += count
        guard unmarked >= window else { return }
        unmarked = 0
        if let lastMark { try await lastMark.get() }
        lastMark = eventLoop.submit {}
    }
}
