@testable import Backends
import Testing

/// The body buffer's backpressure as curl's write callback sees it, and the paused-stream count it keeps.
struct CurlBodyBufferTests {
    let paused = PausedStreamCount()

    func buffer(limit: Int) -> CurlBodyBuffer {
        CurlBodyBuffer(limit: limit, chunkSize: 4, pausedStreams: paused, onResume: {}, onCancel: {})
    }

    func offer(_ buffer: CurlBodyBuffer, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer.offer($0) }
    }

    @Test func aPauseIsCountedOnceUntilTheReaderDrainsHalfTheBuffer() async throws {
        let body = buffer(limit: 8)
        #expect(offer(body, [1, 2, 3, 4]))
        #expect(offer(body, [5, 6, 7, 8]))
        #expect(!offer(body, [9]))  // full: curl is told to pause
        #expect(!offer(body, [9]))  // a second refusal is the same pause
        #expect(paused.value == 1)
        #expect(try await body.next()?.readableBytesView.elementsEqual([1, 2, 3, 4]) == true)
        #expect(paused.value == 0)  // 4 of 8 bytes left: half drained, curl resumes
        #expect(offer(body, [9, 10, 11, 12]))
        #expect(!offer(body, [13]))
        #expect(paused.value == 1)
    }

    @Test func anEndedBodyLeavesTheCountAndDropsLateBytes() {
        let body = buffer(limit: 4)
        #expect(offer(body, [1, 2, 3, 4]))
        #expect(!offer(body, [5]))
        #expect(paused.value == 1)
        body.finish(CancellationError())  // the reader cancelled while curl was paused
        #expect(paused.value == 0)
        #expect(offer(body, [5]))  // what curl still delivers before its removal is dropped, not paused on
        #expect(paused.value == 0)
    }

    @Test func aBufferDroppedWhilePausedLeavesTheCount() {
        do {
            let body = buffer(limit: 4)
            #expect(offer(body, [1, 2, 3, 4]))
            #expect(!offer(body, [5]))
            #expect(paused.value == 1)
        }
        #expect(paused.value == 0)
    }
}
