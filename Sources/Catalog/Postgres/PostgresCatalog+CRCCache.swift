import Foundation
import PostgresNIO

extension PostgresCatalog {
    public func crc32s(of files: [StoredFileIdentity]) async throws -> [StoredFileIdentity: UInt32] {
        guard !files.isEmpty else { return [:] }
        _ = try queries()
        // One statement for the whole archive: the identities go in as four parallel arrays.
        let query = PostgresQuery(unsafeSQL: """
            SELECT c.asset_id, c.path, c.size, c.tag, c.crc32
            FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::text[]) AS k(asset_id, path, size, tag)
            JOIN gallery_archive.crc32 c USING (asset_id, path, size, tag)
            """, binds: Self.identityBindings(files))
        let rows = try await rows(query) { row in
            let (id, path, size, tag, crc) = try row.decode((UUID, String, Int64, String, Int64).self)
            return (StoredFileIdentity(assetID: id, path: path, size: UInt64(size), tag: tag),
                    UInt32(truncatingIfNeeded: crc))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func remember(_ crc32s: [StoredFileIdentity: UInt32]) async throws {
        guard !crc32s.isEmpty else { return }
        _ = try queries()
        var bindings = Self.identityBindings(Array(crc32s.keys))
        bindings.append(crc32s.values.map { Int64($0) })
        let query = PostgresQuery(unsafeSQL: """
            INSERT INTO gallery_archive.crc32 (asset_id, path, size, tag, crc32)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::text[], $5::int8[])
            ON CONFLICT (asset_id, path, size, tag) DO UPDATE SET crc32 = excluded.crc32, recorded_at = now()
            """, binds: bindings)
        _ = try await rows(query) { _ in () }
    }

    private static func identityBindings(_ files: [StoredFileIdentity]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(files.map(\.assetID))
        bindings.append(files.map(\.path))
        bindings.append(files.map { Int64($0.size) })
        bindings.append(files.map(\.tag))
        return bindings
    }
}
