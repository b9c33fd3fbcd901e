import GRDB

extension SQLiteCatalog: UserStorageLookup {
    public func users(namedBy names: [String]) async throws -> [UserStorageRecord] {
        let list = try Self.jsonList(names)
        return try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, storageLabel, deletedAt FROM "user"
                WHERE lower(id) IN (SELECT lower(value) FROM json_each(?1)) OR storageLabel IN (SELECT value FROM json_each(?1))
                """, arguments: [list]).map { row in
                UserStorageRecord(id: (row["id"] as String).lowercased(), storageLabel: row["storageLabel"],
                                  deletedAt: row["deletedAt"])
            }
        }
    }
}
