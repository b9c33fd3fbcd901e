@testable import Backends
import Foundation
import Synchronization
import TestSupport
import Testing

/// The transport thread's life and death: commands posted while it shuts down.
@Suite struct CurlMultiLoopTests {
    /// A `post` that has queued its command must finish waking the poll before the loop may free the multi handle:
    /// otherwise `curl_multi_wakeup` writes into freed memory. The first waker is held back (until the handle is
    /// freed, or 300 ms) while another thread stops the loop; it must still find the handle alive.
    @Test func aWakeupNeverRacesTheCleanup() async throws {
        let probe = WakeupProbe()
        let loop = CurlMultiLoop(maxConnectionsPerHost: 1, beforeWakeup: { probe.holdFirstWaker() })
        probe.loop = loop
        let unknown = CurlTransfer(request: HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"),
                                   limits: .init(connectTimeout: .seconds(1), stallTimeout: .seconds(1),
                                                 totalTimeout: nil, bodyBufferLimit: 1024,
                                                 pausedStreams: PausedStreamCount()),
                                   loop: loop)
        let waker = Thread { loop.post(.cancel(unknown)) }
        waker.start()
        try await probe.waitUntilHolding(deadline: .seconds(5))
        let stopper = Thread { loop.post(.stop) }
        stopper.start()
        try await probe.waitUntilReleased(deadline: .seconds(5))
        #expect(probe.wokeAfterCleanup == false)
    }

    /// Transfers added before, during and after the stop all end (none waits forever for a head).
    @Test func transfersAroundTheStopAllEnd() async throws {
        let loop = CurlMultiLoop(maxConnectionsPerHost: 4)
        let limits = CurlTransfer.Limits(connectTimeout: .seconds(1), stallTimeout: .seconds(1),
                                         totalTimeout: .seconds(2), bodyBufferLimit: 1024,
                                         pausedStreams: PausedStreamCount())
        let transfers = (0..<40).map { _ in
            CurlTransfer(request: HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"), limits: limits, loop: loop)
        }
        for (index, transfer) in transfers.enumerated() {
            if index == 20 { loop.post(.stop) }
            loop.post(.add(transfer))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for transfer in transfers {
                group.addTask { _ = try? await transfer.awaitHead(onCancel: {}) }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw StillWaiting()
            }
            // The transfers' tasks, or the deadline's, whichever ends first.
            for _ in transfers { try await group.next() }
            group.cancelAll()
        }
    }
}

/// Transfers around the stop were still waiting for their heads after the deadline.
private struct StillWaiting: Error {}

/// Holds the first `post`'s wake-up back until the loop has freed its handle (or a deadline passes), and records
/// whether it then found the handle freed.
private final class WakeupProbe: @unchecked Sendable {
    private struct State {
        var calls = 0
        var holding = false
        var released = false
        var wokeAfterCleanup: Bool?
    }

    private let state = Mutex(State())
    weak var loop: CurlMultiLoop?

    var wokeAfterCleanup: Bool? { state.withLock { $0.wokeAfterCleanup } }

    func holdFirstWaker() {
        let first = state.withLock { state in
            state.calls += 1
            if state.calls == 1 { state.holding = true }
            return state.calls == 1
        }
        guard first else { return }
        let deadline = ContinuousClock.now + .milliseconds(300)
        while ContinuousClock.now < deadline, loop?.isCleanedUp != true { usleep(1000) }
        let cleaned = loop?.isCleanedUp ?? true
        state.withLock { $0.wokeAfterCleanup = cleaned; $0.released = true }
    }

    func waitUntilHolding(deadline: Duration) async throws {
        try await waitFor(deadline) { $0.holding }
    }

    func waitUntilReleased(deadline: Duration) async throws {
        try await waitFor(deadline) { $0.released }
    }

    private func waitFor(_ deadline: Duration, _ condition: @escaping (State) -> Bool) async throws {
        let reached = try await eventually(within: deadline) { state.withLock { condition($0) } }
        try #require(reached, "the waker did not get there in \(deadline)")
    }
}
