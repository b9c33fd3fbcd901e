import Foundation
import GRDB

extension SQLiteCatalog: SidecarStore {
    public func sidecarPath(of assetID: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: """
                SELECT path FROM asset_file WHERE assetId = ? AND type = 'sidecar' AND isEdited = 0
                """, arguments: [assetID.lowercased()])
        }
    }

    public func setSidecarPath(_ path: String, of assetID: String) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO asset_file (id, assetId, type, path, isEdited) VALUES (?, ?, 'sidecar', ?, 0)
                ON CONFLICT (assetId, type, isEdited) DO UPDATE SET path = excluded.path
                """, arguments: [UUID().uuidString.lowercased(), assetID.lowercased(), path])
        }
    }
}
