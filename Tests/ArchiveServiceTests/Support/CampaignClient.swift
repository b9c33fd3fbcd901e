import ArchiveCheck
import AsyncHTTPClient
import NIOCore

/// One client of the fault campaign: posts an archive request and treats the answer as its `Behaviour` says,
/// streaming every byte it takes into the validator (archives are never held whole).
struct CampaignClient: Sendable {
    /// What the client does with the archive.
    enum Behaviour: Sendable {
        /// Reads it all.
        case reads
        /// Drops the connection after this many bytes.
        case vanishes(afterBytes: Int)
        /// Takes this many bytes, then reads nothing for `pause` (longer than the send deadline), then reads on.
        case stalls(afterBytes: Int, pause: Duration)
    }

    /// How the download ended, as the client saw it.
    enum Outcome: Sendable {
        /// The body ended cleanly and the archive is whole and consistent: its entries, each CRC checked.
        case valid([CheckedEntry])
        /// The connection broke (the server cut it, or a deadline passed) before the archive ended: a client knows.
        case cut
        /// The client left on purpose.
        case left
        /// An answer other than 200, before any archive byte (status and body).
        case refused(UInt, String)
        /// Bytes that are not the archive they claim to be, or a clean end of an archive that is not whole:
        /// what the campaign must never see.
        case wrong(String)
    }

    let http: HTTPClient
    let port: Int
    let apiKey: String

    func download(_ assetIDs: [String], behaviour: Behaviour, deadline: Duration) async -> Outcome {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/download/archive")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: apiKey)
        request.headers.add(name: "Content-Type", value: "application/json")
        let ids = assetIDs.map { "\"\($0)\"" }.joined(separator: ",")
        request.body = .bytes(ByteBuffer(string: #"{"assetIds":[\#(ids)]}"#))
        do {
            let response = try await http.execute(request, timeout: .init(deadline))
            guard response.status == .ok else {
                let body = try await response.body.collect(upTo: 1 << 16)
                return .refused(response.status.code, String(buffer: body))
            }
            let length = response.headers.first(name: "Content-Length").flatMap { UInt64($0) }
            return try await read(response.body, length: length, behaviour: behaviour)
        } catch {
            return .cut
        }
    }

    /// Reads the body as `behaviour` says; a broken connection surfaces as a thrown error (→ `.cut`).
    private func read(_ body: HTTPClientResponse.Body, length: UInt64?, behaviour: Behaviour) async throws -> Outcome {
        var validator = StreamingZipValidator(expectedLength: length)
        var received = 0
        var stalled = false
        for try await chunk in body {
            do { try validator.consume(chunk) } catch { return .wrong("\(error)") }
            received += chunk.readableBytes
            switch behaviour {
            case .reads: break
            case .vanishes(let limit): if received >= limit { return .left }
            case .stalls(let limit, let pause):
                if received >= limit && !stalled {
                    stalled = true
                    try await Task.sleep(for: pause)
                }
            }
        }
        do {
            _ = try validator.finish()
            return .valid(validator.checkedEntries)
        } catch {
            return .wrong("the body ended cleanly, but \(error)")
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
