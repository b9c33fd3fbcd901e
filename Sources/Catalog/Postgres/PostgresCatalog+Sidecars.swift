import Foundation
import PostgresNIO

extension PostgresCatalog: SidecarStore {
    public func sidecarPath(of assetID: String) async throws -> String? {
        guard let id = UUID(uuidString: assetID) else { return nil }
        _ = try queries()
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return try await rows(PostgresQuery(unsafeSQL: """
            SELECT path FROM asset_file WHERE "assetId" = $1 AND type = 'sidecar' AND NOT "isEdited"
            """, binds: bindings)) { try $0.decode(String.self) }.first
    }

    public func setSidecarPath(_ path: String, of assetID: String) async throws {
        _ = try queries()
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(assetID)
        bindings.append(path)
        _ = try await rows(PostgresQuery(unsafeSQL: """
            INSERT INTO asset_file ("assetId", type, path, "isEdited") VALUES ($1::uuid, 'sidecar', $2, false)
            ON CONFLICT ("assetId", type, "isEdited") DO UPDATE SET path = excluded.path, "updatedAt" = now()
            """, binds: bindings)) { _ in () }
    }
}
