import Foundation
import PostgresNIO

extension PostgresCatalog: UserStorageLookup {
    public func users(namedBy names: [String]) async throws -> [UserStorageRecord] {
        _ = try queries()
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(names)
        // `id::text` is the lowercase canonical form; the table is small, so no index is missed that matters.
        let query = PostgresQuery(unsafeSQL: """
            SELECT id::text, "storageLabel", "deletedAt" FROM "user"
            WHERE id::text = ANY (SELECT lower(n) FROM unnest($1::text[]) n) OR "storageLabel" = ANY ($1::text[])
            """, binds: bindings)
        return try await rows(query) { row in
            let (id, label, deletedAt) = try row.decode((String, String?, Date?).self)
            return UserStorageRecord(id: id, storageLabel: label, deletedAt: deletedAt)
        }
    }
}
