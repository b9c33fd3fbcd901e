import CCurl
import Foundation
import NIOConcurrencyHelpers
import Synchronization

/// One libcurl multi handle driven by a dedicated thread. The multi handle owns the connection cache, so
/// kept-alive connections are reused across requests instead of one connection per request.
///
/// Every easy-handle call happens on this thread: other threads only `post` commands and wake the poll.
final class CurlMultiLoop: @unchecked Sendable {
    enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case resume(CurlTransfer)
        case stop
    }

    private let multi: UnsafeMutableRawPointer
    private let commands = NIOLockedValueBox<(queue: [Command], stopped: Bool)>(([], false))
    /// Transfers attached to the multi handle, by easy handle. Transport thread only; holds them alive.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    /// Set once `curl_multi_cleanup` has freed `multi`: nothing may touch the handle after that.
    private let cleanedUp = Atomic<Bool>(false)
    /// Runs just before each `curl_multi_wakeup`: a fault-injection point for the tests (a delayed waker).
    private let beforeWakeup: @Sendable () -> Void

    /// - Parameters:
    ///   - maxConnectionsPerHost: curl's own cap and connection-cache size, sized from the S3 limiter.
    ///   - beforeWakeup: called before every wake-up of the poll; tests delay it to widen races.
    init(maxConnectionsPerHost: Int, beforeWakeup: @escaping @Sendable () -> Void = {}) {
        self.beforeWakeup = beforeWakeup
        CurlGlobal.ensureInitialised()
        multi = curl_multi_init()
        _ = ga_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = ga_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConnectionsPerHost)
        let thread = Thread { [self] in run() }
        thread.name = "curl-multi"
        thread.start()
    }

    /// Queues `command` for the transport thread and wakes it from `curl_multi_poll` (thread-safe by contract).
    /// Once the loop has stopped, a new transfer fails at once instead of waiting forever.
    func post(_ command: Command) {
        let refused: CurlTransfer? = commands.withLockedValue { state in
            guard !state.stopped else {
                if case .add(let transfer) = command { return transfer }
                return nil
            }
            state.queue.append(command)
            // Woken under the lock: `shutDown` marks the loop stopped under it before freeing the handle, so a
            // post that found the loop running has finished its wake-up by then (else: a write to freed memory).
            beforeWakeup()
            curl_multi_wakeup(multi)
            return nil
        }
        refused?.abandon(CancellationError())
    }

    private func run() {
        var running: Int32 = 0
        while true {
            let batch = commands.withLockedValue { state in defer { state.queue = [] }; return state.queue }
            for (index, command) in batch.enumerated() {
                guard apply(command) else { return shutDown(unapplied: batch[(index + 1)...]) }
            }
            curl_multi_perform(multi, &running)
            // One consumer wake-up per round of reads rather than one per socket read.
            for transfer in active.values { transfer.body.flush() }
            collectFinished()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// Applies one command; false means stop.
    private func apply(_ command: Command) -> Bool {
        switch command {
        case .add(let transfer):
            guard let easy = transfer.makeEasyHandle() else {
                transfer.complete(CurlTransportError(code: CURLE_FAILED_INIT, url: transfer.request.url))
                return true
            }
            active[easy] = transfer
            curl_multi_add_handle(multi, easy)
        case .cancel(let transfer):
            detach(transfer, error: CancellationError())
        case .resume(let transfer):
            // May call the write callback at once with the bytes curl held back.
            if let easy = transfer.easy, active[easy] != nil { curl_easy_pause(easy, ga_pause_cont()) }
        case .stop:
            return false
        }
        return true
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active[easy] else { continue }
            let code = message.pointee.data.result
            detach(transfer, error: code == CURLE_OK ? nil : CurlTransportError(code: code, url: transfer.request.url))
        }
    }

    /// Removes the transfer's handle from the multi handle (closing its connection if mid-body) and ends it.
    private func detach(_ transfer: CurlTransfer, error: (any Error)?) {
        guard let easy = transfer.easy, active.removeValue(forKey: easy) != nil else { return }
        curl_multi_remove_handle(multi, easy)
        transfer.complete(error)
    }

    /// Ends every transfer, attached or still queued (`unapplied`: the commands that came after `.stop` in its
    /// batch), then frees the multi handle.
    private func shutDown(unapplied: ArraySlice<Command>) {
        let late = commands.withLockedValue { state in
            state.stopped = true
            defer { state.queue = [] }
            return state.queue
        }
        for case .add(let transfer) in unapplied + late { transfer.abandon(CancellationError()) }
        for transfer in Array(active.values) { detach(transfer, error: CancellationError()) }
        curl_multi_cleanup(multi)
        cleanedUp.store(true, ordering: .releasing)
    }

    /// Whether the multi handle has been freed (the loop has shut down).
    var isCleanedUp: Bool { cleanedUp.load(ordering: .acquiring) }
}
