import Foundation
import GRDB

extension SQLiteCatalog {
    public func crc32s(of files: [StoredFileIdentity]) async throws -> [StoredFileIdentity: UInt32] {
        guard !files.isEmpty else { return [:] }
        let list = try Self.identityList(files)
        return try await database.read { db in
            // One statement for the batch: the identities go in as one JSON array of [id, path, size, tag]. The rows
            // are read with a cursor, never all copied at once.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.assetId, c.path, c.size, c.tag, c.crc32 FROM json_each(?) k
                JOIN gallery_archive_crc32 c ON c.assetId = lower(k.value ->> 0) AND c.path = k.value ->> 1
                  AND c.size = k.value ->> 2 AND c.tag = k.value ->> 3
                """, arguments: [list])
            var found: [StoredFileIdentity: UInt32] = [:]
            while let row = try rows.next() {
                guard let id = UUID(uuidString: row["assetId"]) else { continue }
                let identity = StoredFileIdentity(assetID: id, path: row["path"], size: UInt64(row["size"] as Int64),
                                                  tag: row["tag"])
                found[identity] = UInt32(truncatingIfNeeded: row["crc32"] as Int64)
            }
            return found
        }
    }

    public func remember(_ crc32s: [StoredFileIdentity: UInt32]) async throws {
        guard !crc32s.isEmpty else { return }
        try await database.write { db in
            for (file, crc) in crc32s {
                try db.execute(sql: """
                    INSERT INTO gallery_archive_crc32 (assetId, path, size, tag, crc32) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET crc32 = excluded.crc32, recordedAt = CURRENT_TIMESTAMP
                    """, arguments: [file.assetID.uuidString.lowercased(), file.path, Int64(file.size), file.tag,
                                     Int64(crc)])
            }
        }
    }

    private static func identityList(_ files: [StoredFileIdentity]) throws -> String {
        let rows: [[JSONScalar]] = files.map {
            [.text($0.assetID.uuidString.lowercased()), .text($0.path), .number(Int64($0.size)), .text($0.tag)]
        }
        return String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }

    private enum JSONScalar: Encodable {
        case text(String)
        case number(Int64)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            }
        }
    }
}
