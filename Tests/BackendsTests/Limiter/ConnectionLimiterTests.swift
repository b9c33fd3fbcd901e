@testable import Backends
import Synchronization
import Testing

@Suite struct ConnectionLimiterTests {
    /// Counts permits held right now and the most ever held at once.
    final class HeldCounter: Sendable {
        private let counts = Mutex((current: 0, peak: 0))
        func enter() { counts.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
        func leave() { counts.withLock { $0.current -= 1 } }
        var peak: Int { counts.withLock { $0.peak } }
    }

    /// The order in which waiters got their permit.
    final class OrderLog: Sendable {
        private let entries = Mutex<[Int]>([])
        func append(_ index: Int) { entries.withLock { $0.append(index) } }
        var all: [Int] { entries.withLock { $0 } }
    }

    @Test(arguments: [1, 3, 8])
    func neverMoreThanTheLimitAreHeld(limit: Int) async throws {
        let limiter = ConnectionLimiter(limit: limit)
        let counter = HeldCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<(10 * limit) {
                group.addTask {
                    try await limiter.withPermit {
                        counter.enter()
                        try await Task.sleep(for: .milliseconds(2))
                        counter.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counter.peak == limit)
        #expect(limiter.inUse == 0)
        #expect(limiter.waiting == 0)
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let limiter = ConnectionLimiter(limit: 1)
        try await limiter.acquire()
        let order = OrderLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await limiter.withPermit { order.append(index) }
                }
                // Enqueue one at a time so arrival order is known.
                while limiter.waiting != index + 1 { await Task.yield() }
            }
            limiter.release()
            try await group.waitForAll()
        }
        #expect(order.all == Array(0..<50))
        #expect(limiter.inUse == 0)
    }

    @Test func cancelledWaitersLeaveTheQueueAndEveryPermitComesBack() async throws {
        let limiter = ConnectionLimiter(limit: 2)
        try await limiter.acquire()
        try await limiter.acquire()
        let waiters = (0..<1000).map { _ in
            Task { try await limiter.acquire() }
        }
        while limiter.waiting < 1000 { await Task.yield() }
        for waiter in waiters { waiter.cancel() }
        for waiter in waiters {
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
        #expect(limiter.waiting == 0)
        #expect(limiter.inUse == 2)
        limiter.release()
        limiter.release()
        #expect(limiter.inUse == 0)
        // Both permits are really free again: two acquires succeed without waiting.
        try await limiter.acquire()
        try await limiter.acquire()
        #expect(limiter.inUse == 2 && limiter.waiting == 0)
    }

    @Test func cancellationRacingWithGrantsNeverLeaksAPermit() async throws {
        let limiter = ConnectionLimiter(limit: 1)
        for round in 0..<1000 {
            try await limiter.acquire()
            let waiter = Task { try await limiter.withPermit { } }
            if round % 2 == 0 { await Task.yield() }
            // Release and cancel at the same moment: either the waiter ran its body and gave the permit back, or
            // it was cancelled and never held it.
            async let release: Void = limiter.release()
            waiter.cancel()
            await release
            _ = try? await waiter.value
            #expect(limiter.inUse == 0, "round \(round)")
            #expect(limiter.waiting == 0, "round \(round)")
        }
    }

    @Test func anAlreadyCancelledTaskDoesNotAcquire() async {
        let limiter = ConnectionLimiter(limit: 1)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(limiter.inUse == 0)
    }
}
