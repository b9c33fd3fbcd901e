import AsyncHTTPClient
import NIOCore

/// A client that starts a download, takes its first bytes, then stops reading until the end of the run: the
/// server's socket buffers fill and stay full, as behind a stalled phone. Its client has no read timeout.
struct SlowReader: Sendable {
    let client: GalleryClient
    let archive: GalleryClient.DownloadInfo.Archive

    /// Holds a download open until `end`; `.aborted` means held and then dropped (the connection closes).
    func hold(until end: ContinuousClock.Instant) async -> DownloadOutcome {
        do {
            let response = try await client.http.execute(try client.archiveRequest(assetIds: archive.assetIds),
                                                          deadline: .now() + client.deadline)
            switch response.status {
            case .ok: break
            case .tooManyRequests: return .refused
            default: return .failed("HTTP \(response.status.code)")
            }
            var body = response.body.makeAsyncIterator()
            guard try await body.next() != nil else { return .failed("empty body") }
            // Not reading is the point: AsyncHTTPClient then stops reading the socket (its buffer holds one chunk).
            try? await Task.sleep(until: end)
            withExtendedLifetime(body) {}
            return .aborted
        } catch {
            return .failed("\(error)")
        }
    }
}
