import Foundation
import GRDB

/// SQL that inserts every row of a SQLite catalog into a PostgreSQL database with Gallery's tables, converting to
/// the target's layout: token digests as base64 text or bytea, `album."ownerId"` or an `album_user` owner row,
/// booleans, arrays, and the v3 columns SQLite does not have. For the demo and the tests only: it writes Gallery's
/// tables, which the service itself never does.
struct GalleryRowCopy {
    let sqlitePath: String
    /// The target's table → column → data_type.
    let target: [String: [String: String]]

    /// Parents before children; a still's motion video before the still (its foreign key).
    static let tables: [(String, String)] = [
        ("user", ""), ("api_key", ""), ("session", ""), ("asset", #"ORDER BY "livePhotoVideoId" IS NOT NULL"#),
        ("asset_exif", ""), ("asset_file", ""), ("album", ""), ("album_asset", ""), ("album_user", ""),
        ("partner", ""), ("shared_link", ""), ("shared_link_asset", ""),
    ]

    /// One statement per row (GRDB's dates are UTC text without a zone: run them after `SET TIME ZONE 'UTC'`).
    func statements() throws -> [String] {
        let database = try DatabaseQueue(path: sqlitePath)
        var statements: [String] = []
        try database.read { db in
            for (table, order) in Self.tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" \(order)") {
                    statements.append(insert(table, row))
                    if table == "album", target["album"]?["ownerId"] == nil {
                        statements.append(#"INSERT INTO album_user ("albumId", "userId", role) VALUES "# +
                            "(\(quote(row["id"])), \(quote(row["ownerId"])), 'owner')")
                    }
                }
            }
        }
        return statements
    }

    private func insert(_ table: String, _ row: Row) -> String {
        let columns = target[table] ?? [:]
        var names: [String] = []
        var values: [String] = []
        for column in row.columnNames where columns[column] != nil {
            names.append("\"\(column)\"")
            values.append(literal(row[column] as DatabaseValue, type: columns[column]!))
        }
        if table == "asset", columns["checksumAlgorithm"] != nil {
            names.append(#""checksumAlgorithm""#)
            values.append("'sha1'")
        }
        return "INSERT INTO \"\(table)\" (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
    }

    private func literal(_ value: DatabaseValue, type: String) -> String {
        switch value.storage {
        case .null:
            return "NULL"
        case .blob(let data):
            // A digest column of the older layout holds base64 text of the bytes.
            return type == "bytea" ? "'\\x" + data.map { String(format: "%02x", $0) }.joined() + "'"
                : quote(data.base64EncodedString())
        case .int64(let number):
            return type == "boolean" ? (number != 0 ? "true" : "false") : quote(String(number))
        case .double(let number):
            return quote(String(number))
        case .string(let text):
            guard type == "ARRAY" else { return quote(text) }
            let items = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
            return "ARRAY[" + items.map(quote).joined(separator: ",") + "]::varchar[]"
        }
    }

    private func quote(_ text: String?) -> String {
        guard let text else { return "NULL" }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
