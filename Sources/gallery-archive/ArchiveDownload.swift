import ArchiveCheck
import AsyncHTTPClient
import NIOCore

/// One archive download, streamed into the validator as it arrives (never held whole). When `cutAfter` is set we
/// disconnect after that many bytes; with `resume` the rest is then asked for with `Range` and `If-Range` and fed
/// to the same validator, so a resumed archive is checked exactly as an uninterrupted one.
struct ArchiveDownload: Sendable {
    let client: GalleryClient
    let archive: GalleryClient.DownloadInfo.Archive
    let cutAfter: UInt64?
    let resume: Bool
    /// Bytes are counted here as they arrive, for the live progress line.
    let tally: StressTally

    /// Runs the download; `deadline` bounds all of it, the resumed part included.
    func run(deadline: Duration) async -> DownloadReport {
        let limit = ContinuousClock.now + deadline
        let report = await withDeadline(deadline) { await attempt(headDeadline: limit) }
        return report ?? DownloadReport(outcome: .failed("not finished within \(deadline)"))
    }

    private func attempt(headDeadline: ContinuousClock.Instant) async -> DownloadReport {
        let started = ContinuousClock.now
        var report = DownloadReport(outcome: .failed(""))
        var received: UInt64 = 0
        do {
            let response = try await execute(try client.archiveRequest(assetIds: archive.assetIds), headDeadline)
            switch response.status {
            case .ok: break
            case .tooManyRequests: return DownloadReport(outcome: .refused)
            default: return DownloadReport(outcome: .failed("HTTP \(response.status.code)"))
            }
            var validator = StreamingZipValidator(expectedLength: response.contentLength)
            var firstByte: ContinuousClock.Instant?
            let wasCut = try await stream(response.body, into: &validator, received: &received, stopAt: cutAfter,
                                          firstByte: &firstByte)
            report.timeToFirstByte = firstByte.map { $0 - started }
            if wasCut {
                report.disconnected = true
                if resume {
                    report.resume = try await resumeDownload(after: response, into: &validator, received: &received,
                                                             headDeadline)
                }
                guard report.resume == .resumed else {
                    report.outcome = .aborted
                    return report
                }
            }
            report.outcome = check(try validator.finish())
        } catch let fault as ArchiveFault {
            report.outcome = .invalid(fault.description)
        } catch {
            report.outcome = .failed(received == 0 ? "\(error)" : "cut after \(received) bytes: \(error)")
        }
        return report
    }

    /// Asks for the bytes from `received` on, if the first response offered ranges, and streams them on.
    private func resumeDownload(after first: HTTPClientResponse, into validator: inout StreamingZipValidator,
                                received: inout UInt64, _ headDeadline: ContinuousClock.Instant) async throws
        -> ResumeNote
    {
        guard let etag = first.headers.first(name: "ETag"),
              first.headers.first(name: "Accept-Ranges")?.lowercased() == "bytes"
        else { return .skipped }
        let request = try client.archiveRequest(assetIds: archive.assetIds, resumingAt: received, etag: etag)
        let response = try await execute(request, headDeadline)
        guard response.status == .partialContent, response.contentRangeStart == received else { return .refused }
        var ignored: ContinuousClock.Instant?
        _ = try await stream(response.body, into: &validator, received: &received, stopAt: nil, firstByte: &ignored)
        return .resumed
    }

    /// Feeds `body` to `validator` until it ends, or until `stopAt` bytes in all have arrived (then returns true and
    /// drops the body, which closes the connection: the disconnect).
    private func stream(_ body: HTTPClientResponse.Body, into validator: inout StreamingZipValidator,
                        received: inout UInt64, stopAt: UInt64?,
                        firstByte: inout ContinuousClock.Instant?) async throws -> Bool
    {
        for try await chunk in body {
            if firstByte == nil { firstByte = .now }
            try validator.consume(chunk)
            received += UInt64(chunk.readableBytes)
            tally.add(bytes: chunk.readableBytes)
            // A cut at the very last byte would be no cut: the archive is whole.
            if let stopAt, received >= stopAt, received < validator.expectedLength ?? .max { return true }
        }
        return false
    }

    private func check(_ summary: ArchiveSummary) -> DownloadOutcome {
        guard summary.entryCount == archive.assetIds.count else {
            return .invalid("\(summary.entryCount) entries, /download/info listed \(archive.assetIds.count)")
        }
        return .completed
    }

    private func execute(_ request: HTTPClientRequest, _ deadline: ContinuousClock.Instant) async throws
        -> HTTPClientResponse
    {
        let remaining = ContinuousClock.now.duration(to: deadline)
        return try await client.http.execute(request, deadline: .now() + TimeAmount(remaining))
    }
}

extension HTTPClientResponse {
    var contentLength: UInt64? { headers.first(name: "Content-Length").flatMap { UInt64($0) } }

    /// N of `Content-Range: bytes N-M/L`.
    var contentRangeStart: UInt64? {
        guard let value = headers.first(name: "Content-Range"), value.hasPrefix("bytes ") else { return nil }
        return value.dropFirst(6).split(separator: "-").first.flatMap { UInt64($0) }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
