import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Gallery's own PostgreSQL database, read-only, through a bounded connection pool. Run it as a service (`run()`):
/// it connects with backoff, detects the layout of Gallery's tables once, creates our own schema
/// (`gallery_archive`) if missing, and answers `CatalogUnavailable` (a 503) until all that is done. A layout it
/// cannot read stops start-up with a message naming the missing table or column.
public final class PostgresCatalog: Catalog, Service {
    let settings: PostgresSettings
    let client: PostgresClient
    let logger: Logger
    private let state = NIOLockedValueBox(State.connecting("not connected yet"))

    enum State {
        case connecting(String)
        case ready(GalleryLayout, PostgresQueries)
        case refused(String)
    }

    public init(settings: PostgresSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
    }

    public var health: CatalogHealth {
        switch state.withLockedValue({ $0 }) {
        case .ready(let layout, _): return .ready("postgres, \(layout)")
        case .connecting(let reason): return .down("postgres: \(reason)")
        case .refused(let reason): return .down("postgres: \(reason)")
        }
    }

    /// Runs the pool; connects and checks the database, retrying with backoff; returns at graceful shutdown.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            do {
                try await connect()
                try? await gracefulShutdown()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    private func connect() async throws {
        var delay = Duration.milliseconds(250)
        while true {
            do {
                let layout = try await PostgresStartup(settings: settings, logger: logger).prepare(timeout: .seconds(15))
                state.withLockedValue { $0 = .ready(layout, PostgresQueries(layout: layout)) }
                logger.info("catalog ready", metadata: ["database": "\(settings)", "layout": "\(layout)"])
                return
            } catch let error as UnsupportedLayout {
                state.withLockedValue { $0 = .refused(error.reason) }
                throw error
            } catch {
                let reason = PostgresErrors.reason(error)
                state.withLockedValue { $0 = .connecting(reason) }
                logger.warning("catalog database unavailable; retrying", metadata: [
                    "database": "\(settings)", "error": "\(reason)", "retryIn": "\(delay)",
                ])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    func queries() throws -> PostgresQueries {
        switch state.withLockedValue({ $0 }) {
        case .ready(_, let queries): return queries
        case .connecting(let reason), .refused(let reason): throw CatalogUnavailable(reason: reason)
        }
    }

    /// Runs `query` and maps each row. A lost connection, or no answer within the query timeout (the pool waits
    /// for a connection without limit when the server is gone), is `CatalogUnavailable`.
    func rows<Value: Sendable>(_ query: PostgresQuery, reserving capacity: Int = 0,
                               _ map: @escaping @Sendable (PostgresRow) throws -> Value) async throws -> [Value] {
        do {
            return try await withDeadline(.seconds(Int64(settings.queryTimeoutSeconds)), "a catalog query") {
                [client, logger] in
                var values: [Value] = []
                values.reserveCapacity(capacity)
                for try await row in try await client.query(query, logger: logger) {
                    values.append(try map(row))
                }
                return values
            }
        } catch let error as DeadlineExceeded {
            throw CatalogUnavailable(reason: error.description)
        } catch {
            throw PostgresErrors.unavailable(error) ?? error
        }
    }
}

extension PostgresCatalog {
    public func apiKeyOwner(digest: [UInt8]) async throws -> CatalogUser? {
        let queries = try queries()
        return try await rows(queries.apiKeyOwner(digest: digest)) { row in
            let (id, permissions) = try row.decode((String, [String]).self)
            return CatalogUser(id: id, permissions: Set(permissions))
        }.first
    }

    public func sessionUser(digest: [UInt8], now: Date) async throws -> CatalogUser? {
        let queries = try queries()
        return try await rows(queries.sessionUser(digest: digest, now: now)) { row in
            let (id, elevated) = try row.decode((String, Bool).self)
            return CatalogUser(id: id, permissions: nil, elevated: elevated)
        }.first
    }

    public func sharedLink(key: [UInt8]) async throws -> SharedLinkRecord? {
        try await sharedLink(try queries().sharedLink(key: key))
    }

    public func sharedLink(slug: String) async throws -> SharedLinkRecord? {
        try await sharedLink(try queries().sharedLink(slug: slug))
    }

    public func sharedLink(id: String) async throws -> SharedLinkRecord? {
        guard let id = UUID(uuidString: id) else { return nil }
        return try await sharedLink(try queries().sharedLink(id: id))
    }

    private func sharedLink(_ query: PostgresQuery) async throws -> SharedLinkRecord? {
        try await rows(query) { row in
            let (id, userID, type, albumID, expiresAt, allowDownload, password, slug, albumDeleted) = try row.decode(
                (String, String, String, String?, Date?, Bool, String?, String?, Bool).self)
            return SharedLinkRecord(
                id: id, userID: userID, type: SharedLinkType(rawValue: type) ?? .individual, albumID: albumID,
                expiresAt: expiresAt, allowDownload: allowDownload, password: password, slug: slug,
                albumDeleted: albumDeleted)
        }.first
    }

    public func assets(ids: [String]) async throws -> [AssetRecord] {
        try await rows(try queries().assets(ids: ids), Self.asset)
    }

    public func downloadableAssetIDs(_ ids: [String], for subject: AccessSubject) async throws -> Set<String> {
        Set(try await rows(try queries().downloadable(ids: ids, for: subject)) { try $0.decode(String.self) })
    }

    public func canDownloadAlbum(_ albumID: String, for subject: AccessSubject) async throws -> Bool {
        try await rows(try queries().albumAccess(albumID, for: subject)) { try $0.decode(Bool.self) }.first ?? false
    }

    public func albumAssets(_ albumID: String) async throws -> [AssetRecord] {
        try await counted(try queries().albumAssets(albumID))
    }

    public func timelineAssets(ownerID: String) async throws -> [AssetRecord] {
        try await counted(try queries().timelineAssets(ownerID: ownerID))
    }

    public func allAssets() async throws -> [AssetRecord] {
        try await counted(try queries().allAssets())
    }

    /// Counts first, so the records are allocated once at their size: grown by doubling, a timeline of 262,500
    /// rows would hold a 29 MB and a 58 MB buffer at once. (The count is a hint: rows may change in between.)
    private func counted(_ query: (rows: PostgresQuery, count: PostgresQuery)) async throws -> [AssetRecord] {
        let count = try await rows(query.count) { try $0.decode(Int64.self) }.first ?? 0
        return try await rows(query.rows, reserving: Int(count), Self.asset)
    }

    private static func asset(_ row: PostgresRow) throws -> AssetRecord {
        let (id, path, name, created, modified, motion, size, edited) = try row.decode(
            (UUID, String, String, Date, Date, UUID?, Int64?, String?).self)
        return AssetRecord(id: id, originalPath: path, originalFileName: name, fileCreatedAt: created,
                           fileModifiedAt: modified, livePhotoVideoID: motion, fileSizeInByte: size, editedPath: edited)
    }
}
