import Foundation
import Backends

/// The service's own bounds on what one client may hold and how long anything may wait, from `GALLERY_ARCHIVE_*`
/// variables. Every value is checked at start-up; a bad one stops it with a message naming the variable.
public struct ServiceSettings: Sendable {
    /// A client that accepts no byte of a streamed body for this long is cut off, and every S3 permit and file
    /// handle its download held comes back (`GALLERY_ARCHIVE_SEND_TIMEOUT`, seconds). Browsers that pause a
    /// download stop reading; a minute is long enough for a network blip, short enough that a few such clients
    /// cannot keep the S3 pool for long.
    public var sendTimeout: Duration = .seconds(60)
    /// The most archive downloads (and proxied originals) one client streams at once; more get 429.
    public var clientBounds = ClientBounds()
    /// Peers whose `X-Forwarded-For` names the client (`GALLERY_ARCHIVE_TRUSTED_PROXIES`, comma-separated
    /// addresses; the loopback addresses by default, where README's nginx and Caddy run).
    public var trustedProxies: Set<String> = ["127.0.0.1", "::1"]
    /// How long one storage HEAD (or stat, or GET of a small S3 object) may take while an archive is planned
    /// (`GALLERY_ARCHIVE_STORAGE_TIMEOUT`).
    public var storageTimeout: Duration = .seconds(30)
    /// How long a graceful shutdown waits for running downloads before it cuts them off
    /// (`GALLERY_ARCHIVE_SHUTDOWN_TIMEOUT`).
    public var shutdownTimeout: Duration = .seconds(30)
    /// Where `/metrics` is served instead of the main address (`GALLERY_ARCHIVE_METRICS_ADDRESS`, `host:port`), so
    /// Prometheus can scrape a port the reverse proxy never exposes; nil serves it beside the routes.
    public var metricsAddress: (host: String, port: Int)?
    /// How long a GET download link works after it is made (`GALLERY_ARCHIVE_DOWNLOAD_LINK_TTL`, seconds): a day,
    /// long enough to pause a 40 GB download overnight and resume it.
    public var downloadLinkLifetime: Duration = .seconds(86_400)
    /// Failed shared-link passwords allowed per link and per address in `passwordWindow` before a 429.
    public var passwordFailures = 10
    public var passwordWindow: Duration = .seconds(60)

    /// Concurrent streamed downloads per user, per shared link and per client address.
    public struct ClientBounds: Sendable, Equatable {
        public var perUser = 6
        public var perSharedLink = 8
        public var perAddress = 4

        public init(perUser: Int = 6, perSharedLink: Int = 8, perAddress: Int = 4) {
            self.perUser = perUser
            self.perSharedLink = perSharedLink
            self.perAddress = perAddress
        }
    }

    public init() {}

    /// Reads every `GALLERY_ARCHIVE_*` bound; throws `StorageConfigError` naming the variable for a bad value.
    public init(environment: [String: String]) throws {
        let reader = EnvironmentReader(environment: environment)
        func seconds(_ name: String, _ value: Duration) throws -> Duration {
            .seconds(try reader.integer(name, default: Int(value.components.seconds), in: 1...86_400, unit: "seconds"))
        }
        func count(_ name: String, _ value: Int) throws -> Int {
            try reader.integer(name, default: value, in: 1...10_000, unit: "downloads")
        }
        sendTimeout = try seconds("GALLERY_ARCHIVE_SEND_TIMEOUT", sendTimeout)
        storageTimeout = try seconds("GALLERY_ARCHIVE_STORAGE_TIMEOUT", storageTimeout)
        shutdownTimeout = try seconds("GALLERY_ARCHIVE_SHUTDOWN_TIMEOUT", shutdownTimeout)
        clientBounds = ClientBounds(
            perUser: try count("GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_USER", clientBounds.perUser),
            perSharedLink: try count("GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_LINK", clientBounds.perSharedLink),
            perAddress: try count("GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_ADDRESS", clientBounds.perAddress))
        downloadLinkLifetime = .seconds(try reader.integer(
            "GALLERY_ARCHIVE_DOWNLOAD_LINK_TTL", default: 86_400, in: 60...(30 * 86_400), unit: "seconds"))
        metricsAddress = try Self.address(reader, "GALLERY_ARCHIVE_METRICS_ADDRESS")
        if let proxies = reader.string("GALLERY_ARCHIVE_TRUSTED_PROXIES") {
            trustedProxies = Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
        }
    }

    /// `host:port` (`[v6]:port` for IPv6), or nil when unset.
    private static func address(_ reader: EnvironmentReader, _ name: String) throws -> (host: String, port: Int)? {
        guard let value = reader.string(name) else { return nil }
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]),
              (1...65_535).contains(port), colon > value.startIndex else {
            throw StorageConfigError(variable: name, value: value, expected: "expected host:port, e.g. 127.0.0.1:9464")
        }
        let host = value[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return (host, port)
    }
}
