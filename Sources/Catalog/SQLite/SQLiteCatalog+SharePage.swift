import GRDB

extension SQLiteCatalog {
    public func albumName(_ albumID: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT albumName FROM album WHERE id = ?", arguments: [albumID.lowercased()])
        }
    }

    public func sharedLinkAssetIDs(_ linkID: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT assetId FROM shared_link_asset WHERE sharedLinkId = ?",
                                arguments: [linkID.lowercased()])
        }
    }
}
