import HTTPTypes
import Hummingbird
import Backends
import Logging
import NIOCore
import ZipStream

/// The streamed `application/zip` answer. The writer pushes each piece through Hummingbird's body writer, whose
/// `write` waits while the client is slow (backpressure), paced to the connection's event loop (`BodyRelay`),
/// so memory stays bounded whatever the archive's size and however busy the loops are.
struct ArchiveResponse {
    let archive: PreparedArchive
    let dependencies: ArchiveDependencies
    let logger: Logger
    /// The client's connection, as the body needs it.
    let relay: BodyRelay
    /// The download's place under the per-client bounds, given back when the body ends.
    let ticket: DownloadAdmission.Ticket

    /// The GET's conditional and range headers; nil for a POST, where ranges are undefined (RFC 9110 §14.2).
    var conditions: HTTPFields? = nil

    func response() -> Response {
        var headers: HTTPFields = [
            .contentType: "application/zip",
            .contentDisposition: ContentDisposition.attachment(fileName: archive.fileName),
            .eTag: archive.etag,
            .cacheControl: "private, no-cache",
        ]
        headers[.init("x-content-type-options")!] = "nosniff"
        guard archive.isRangeable, let length = archive.plan.length, let conditions else {
            return body(.ok, headers, length: archive.plan.length, range: nil)
        }
        headers[.acceptRanges] = "bytes"
        switch ByteRangeRequest.evaluate(conditions, length: length, etag: archive.etag) {
        case .whole:
            return body(.ok, headers, length: length, range: nil)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(length)"
            return body(.partialContent, headers, length: range.upperBound - range.lowerBound, range: range)
        case .notModified:
            ticket.release()
            return Response(status: .notModified, headers: [.eTag: archive.etag, .cacheControl: "private, no-cache"])
        case .unsatisfiable:
            ticket.release()
            return ByteRangeRequest.unsatisfiable(length: length)
        }
    }

    private func body(_ status: HTTPResponse.Status, _ headers: HTTPFields, length: UInt64?, range: Range<UInt64>?)
        -> Response {
        Response(status: status, headers: headers, body: ResponseBody(contentLength: length.map { Int($0) }) { writer in
            try await stream(range, to: &writer)
        })
    }

    /// Writes the archive. A client that hangs up — a failed write, or its connection closing while a source
    /// stalls (`BodyRelay`) — cancels every source and gives back every S3 permit at once. On any failure after the
    /// first byte it rethrows, and Hummingbird closes the connection, so the client holds fewer bytes than
    /// `Content-Length` promised: an incomplete download, never a valid-looking short archive (DESIGN §4, Failure).
    private func stream(_ range: Range<UInt64>?, to writer: inout any ResponseBodyWriter) async throws {
        let metrics = dependencies.metrics
        let readAhead = ReadAhead(sources: archive.sources, budget: dependencies.readAheadBudget)
        metrics.archivesInFlight.increment()
        defer {
            metrics.archivesInFlight.decrement()
            ticket.release()
        }
        var sent: UInt64 = 0
        let zip = ZipWriter(plan: archive.plan, source: StorageEntrySource(readAhead: readAhead))
        let learnt = LearntCRCs(sources: archive.sources)
        do {
            try await relay.run(to: &writer, wrote: { piece in
                sent += UInt64(piece.readableBytes)
                metrics.bytesOut.increment(by: Int64(piece.readableBytes))
            }, produce: { [dependencies, logger, archive] send in
                // The CRCs learnt are cached before the last piece goes out: a client that has every byte may ask
                // again at once, and must then get the known-CRC archive.
                let expected = range.map { $0.upperBound - $0.lowerBound } ?? archive.plan.length
                var produced: UInt64 = 0
                let sendAndSaveBeforeTheEnd: (ByteBuffer) async throws -> Void = { piece in
                    produced += UInt64(piece.readableBytes)
                    if produced == expected { await learnt.save(in: dependencies.catalog, logger: logger) }
                    try await send(piece)
                }
                if let range {
                    _ = try await zip.write(range: range, knownCRCs: [:], to: sendAndSaveBeforeTheEnd,
                                            computed: learnt.record)
                } else {
                    _ = try await zip.write(to: sendAndSaveBeforeTheEnd, computed: learnt.record)
                }
                await learnt.save(in: dependencies.catalog, logger: logger)
            })
            try await writer.finish(nil)
            metrics.archivesCompleted.increment()
        } catch {
            // The entries sent whole before the failure keep their CRCs; saved apart, as this task may be cancelled.
            Task { [dependencies, logger] in await learnt.save(in: dependencies.catalog, logger: logger) }
            await readAhead.cancelAll()
            metrics.aborts.increment()
            let clientGone = error is BodyRelay.ClientGone || error is CancellationError
            if !clientGone { metrics.sourceFailures.increment() }
            logger.error("archive aborted", metadata: [
                "sent": "\(sent)", "of": "\(archive.plan.length.map(String.init) ?? "?")",
                "clientGone": "\(clientGone)", "error": "\(error)",
            ])
            throw error
        }
    }
}
