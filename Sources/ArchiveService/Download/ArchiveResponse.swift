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

    func response() -> Response {
        var headers: HTTPFields = [
            .contentType: "application/zip",
            .contentDisposition: ContentDisposition.attachment(fileName: archive.fileName),
            .eTag: archive.etag,
            .cacheControl: "private, no-cache",
        ]
        headers[.init("x-content-type-options")!] = "nosniff"
        return Response(status: .ok, headers: headers,
                        body: ResponseBody(contentLength: archive.plan.length.map { Int($0) }) { writer in
                            try await stream(to: &writer)
                        })
    }

    /// Writes the archive. A client that hangs up — a failed write, or its connection closing while a source
    /// stalls (`BodyRelay`) — cancels every source and gives back every S3 permit at once. On any failure after the
    /// first byte it rethrows, and Hummingbird closes the connection, so the client holds fewer bytes than
    /// `Content-Length` promised: an incomplete download, never a valid-looking short archive (DESIGN §4, Failure).
    private func stream(to writer: inout any ResponseBodyWriter) async throws {
        let metrics = dependencies.metrics
        let readAhead = ReadAhead(sources: archive.sources, budget: dependencies.readAheadBudget)
        metrics.archivesInFlight.increment()
        defer {
            metrics.archivesInFlight.decrement()
            ticket.release()
        }
        var sent: UInt64 = 0
        let zip = ZipWriter(plan: archive.plan, source: StorageEntrySource(readAhead: readAhead))
        do {
            try await relay.run(to: &writer, wrote: { piece in
                sent += UInt64(piece.readableBytes)
                metrics.bytesOut.increment(by: Int64(piece.readableBytes))
            }, produce: { send in
                _ = try await zip.write(to: send)
            })
            try await writer.finish(nil)
            metrics.archivesCompleted.increment()
        } catch {
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
