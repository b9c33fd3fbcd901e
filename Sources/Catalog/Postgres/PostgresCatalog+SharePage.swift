import Foundation
import PostgresNIO

extension PostgresCatalog {
    public func albumName(_ albumID: String) async throws -> String? {
        guard let id = UUID(uuidString: albumID) else { return nil }
        _ = try queries()
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return try await rows(PostgresQuery(unsafeSQL: #"SELECT "albumName" FROM album WHERE id = $1"#, binds: bindings)) {
            try $0.decode(String.self)
        }.first
    }

    public func sharedLinkAssetIDs(_ linkID: String) async throws -> [String] {
        guard let id = UUID(uuidString: linkID) else { return [] }
        _ = try queries()
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return try await rows(PostgresQuery(unsafeSQL: #"SELECT "assetId"::text FROM shared_link_asset WHERE "sharedLinkId" = $1"#,
                                            binds: bindings)) { try $0.decode(String.self) }
    }
}
