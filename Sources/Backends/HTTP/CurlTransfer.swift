import CCurl
import Foundation
import NIOConcurrencyHelpers

/// One HTTP exchange on the transport: its easy handle, its request body cursor, the response head it is
/// collecting and the bounded buffer its body flows through.
///
/// Thread rules: `easy`, `headerList`, `uploadOffset` and `collecting` are touched only on the transport thread
/// (inside curl callbacks or loop commands); `head` and `body` are the thread-safe hand-offs to the async side.
final class CurlTransfer: @unchecked Sendable {
    struct Head: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
    }

    struct Limits: Sendable {
        var connectTimeout: Duration
        /// A peer that sends less than one byte per second for this long fails the transfer (CURLOPT_LOW_SPEED_*).
        var stallTimeout: Duration
        /// The whole exchange's budget, for buffered calls; nil for streams (a slow consumer is not a fault).
        var totalTimeout: Duration?
        var bodyBufferLimit: Int
        /// Where the body counts itself while backpressure pauses it.
        var pausedStreams: PausedStreamCount
    }

    let request: HTTPRequest
    let limits: Limits
    private(set) var body: CurlBodyBuffer!

    private(set) var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var uploadOffset = 0
    private var collecting = Head(status: 0, headers: [])
    private let head = NIOLockedValueBox<(result: Result<Head, any Error>?, waiter: CheckedContinuation<Head, any Error>?)>((nil, nil))

    /// curl reads into this many bytes at a time: big enough for few callbacks, small next to the body buffer.
    static let receiveBufferSize = 256 * 1024

    init(request: HTTPRequest, limits: Limits, loop: CurlMultiLoop) {
        self.request = request
        self.limits = limits
        self.body = CurlBodyBuffer(
            limit: limits.bodyBufferLimit, chunkSize: Self.receiveBufferSize, pausedStreams: limits.pausedStreams,
            onResume: { [weak self] in if let self { loop.post(.resume(self)) } },
            onCancel: { [weak self] in if let self { loop.post(.cancel(self)) } })
    }

    // MARK: async side

    /// Waits for the status line and headers of the final response.
    func awaitHead(onCancel: @escaping @Sendable () -> Void) async throws -> Head {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Head, any Error>? = head.withLockedValue { state in
                    if let result = state.result { return result }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            onCancel()
            deliverHead(.failure(CancellationError()))
        }
    }

    private func deliverHead(_ result: Result<Head, any Error>) {
        let waiter = head.withLockedValue { state -> CheckedContinuation<Head, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    /// Ends an exchange that never reached the transport (the loop had stopped). It touches only the thread-safe
    /// hand-offs, never the transport thread's state, so any thread may call it.
    func abandon(_ error: any Error) {
        deliverHead(.failure(error))
        body.finish(error)
    }

    // MARK: transport thread

    /// Creates and configures the easy handle; nil when libcurl refused an option.
    func makeEasyHandle() -> UnsafeMutableRawPointer? {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = ga_easy_setopt_str(easy, CURLOPT_URL, request.url) == CURLE_OK
        ok = ok && ga_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1) == CURLE_OK
        ok = ok && ga_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1) == CURLE_OK
        ok = ok && ga_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, Self.receiveBufferSize) == CURLE_OK
        ok = ok && ga_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeout.milliseconds) == CURLE_OK
        ok = ok && ga_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1) == CURLE_OK
        ok = ok && ga_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, limits.stallTimeout.milliseconds / 1000)) == CURLE_OK
        if let total = limits.totalTimeout {
            ok = ok && ga_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, total.milliseconds) == CURLE_OK
        }
        ok = ok && ga_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback) == CURLE_OK
        ok = ok && ga_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, me) == CURLE_OK
        ok = ok && ga_easy_setopt_write(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback) == CURLE_OK
        ok = ok && ga_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, me) == CURLE_OK
        ok = ok && configureMethod(easy, me)
        ok = ok && configureHeaders(easy)
        return ok ? easy : nil
    }

    private func configureMethod(_ easy: UnsafeMutableRawPointer, _ me: UnsafeMutableRawPointer) -> Bool {
        switch request.method {
        case "GET":
            return true
        case "HEAD":
            // CUSTOMREQUEST "HEAD" would make curl wait for a body that never comes.
            return ga_easy_setopt_long(easy, CURLOPT_NOBODY, 1) == CURLE_OK
        default:
            var ok = ga_easy_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method) == CURLE_OK
            guard !request.body.isEmpty || request.method == "PUT" || request.method == "POST" else { return ok }
            // Upload mode sends the body with an exact Content-Length; the seek callback lets curl rewind it
            // when a kept-alive connection turns out dead and it replays the request on a fresh one.
            ok = ok && ga_easy_setopt_long(easy, CURLOPT_UPLOAD, 1) == CURLE_OK
            ok = ok && ga_easy_setopt_off(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.count)) == CURLE_OK
            ok = ok && ga_easy_setopt_read(easy, CURLOPT_READFUNCTION, curlReadCallback) == CURLE_OK
            ok = ok && ga_easy_setopt_ptr(easy, CURLOPT_READDATA, me) == CURLE_OK
            ok = ok && ga_easy_setopt_seek(easy, CURLOPT_SEEKFUNCTION, curlSeekCallback) == CURLE_OK
            ok = ok && ga_easy_setopt_ptr(easy, CURLOPT_SEEKDATA, me) == CURLE_OK
            return ok
        }
    }

    private func configureHeaders(_ easy: UnsafeMutableRawPointer) -> Bool {
        // "Expect:" with no value stops curl from waiting a second for "100 Continue" before large bodies.
        // "Accept:" likewise drops curl's default "Accept: */*", which is not part of the signed headers.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:", "Accept:"] {
            headerList = curl_slist_append(headerList, line)
        }
        return ga_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList) == CURLE_OK
    }

    fileprivate func receiveHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            collecting = Head(status: 0, headers: [])  // a new response (after 1xx) starts over
        } else if line == "\r\n" || line == "\n" {
            var code = 0
            _ = ga_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
            guard code >= 200 else { return }
            collecting.status = code
            deliverHead(.success(collecting))
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            collecting.headers.append((name, value))
        }
    }

    fileprivate func readBody(into destination: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(destination.count, request.body.count - uploadOffset)
        request.body.withUnsafeBytes { source in
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[uploadOffset..<uploadOffset + count]))
        }
        uploadOffset += count
        return count
    }

    fileprivate func seekBody(to offset: Int) -> Bool {
        guard offset >= 0, offset <= request.body.count else { return false }
        uploadOffset = offset
        return true
    }

    /// Ends the exchange (the handle has already left the multi handle) and frees what curl held.
    func complete(_ error: (any Error)?) {
        if let error {
            deliverHead(.failure(error))
        } else if collecting.status == 0 {
            // A response without a final status line cannot be trusted.
            deliverHead(.failure(CurlTransportError(code: CURLE_GOT_NOTHING, url: request.url)))
        }
        body.finish(error)
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        curl_slist_free_all(headerList)
        headerList = nil
    }
}

private func transfer(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
}

/// CURLOPT_WRITEFUNCTION: hands body bytes to the bounded buffer, or pauses the transfer when it is full.
private let curlWriteCallback: curl_write_callback = { data, size, count, userdata in
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    return transfer(userdata).body.offer(bytes) ? size * count : Int(CURL_WRITEFUNC_PAUSE)
}

/// CURLOPT_HEADERFUNCTION: one raw header line at a time, CRLF included.
private let curlHeaderCallback: curl_write_callback = { data, size, count, userdata in
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    transfer(userdata).receiveHeaderLine(String(decoding: bytes, as: UTF8.self))
    return size * count
}

/// CURLOPT_READFUNCTION: the request body, from memory.
private let curlReadCallback: curl_read_callback = { buffer, size, count, userdata in
    transfer(userdata).readBody(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
}

/// CURLOPT_SEEKFUNCTION: rewinds the request body for a replay on a fresh connection.
private let curlSeekCallback: curl_seek_callback = { userdata, offset, origin in
    guard origin == SEEK_SET, transfer(userdata).seekBody(to: Int(offset)) else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
    return Int32(CURL_SEEKFUNC_OK)
}

extension Duration {
    /// Whole milliseconds, as libcurl's *_MS options take them.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
