@testable import ArchiveService
import Dispatch
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The pacer holds a producer once two windows wait on an event loop that does not get to them.
@Suite struct OutboundPacerTests {
    @Test func aProducerWaitsWhileTwoWindowsAreQueuedOnABusyLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let busy = DispatchSemaphore(value: 0)
        loop.execute { busy.wait() }   // the loop is stuck, as when it has more connections than it can serve

        let written = Atomic(0)
        let producer = Task {
            var pacer = OutboundPacer(eventLoop: loop, window: 1000)
            for _ in 0..<100 {
                try await pacer.wrote(100)
                written.add(100, ordering: .relaxed)
            }
        }
        // The 10th write queues the first mark; the 20th waits for it, so 19 writes get through, and no more.
        for _ in 0..<500 where written.load(ordering: .relaxed) < 1900 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(written.load(ordering: .relaxed) == 1900)
        try await Task.sleep(for: .milliseconds(200))
        #expect(written.load(ordering: .relaxed) == 1900)

        busy.signal()
        try await producer.value
        #expect(written.load(ordering: .relaxed) == 10_000)
        try await group.shutdownGracefully()
    }
}
