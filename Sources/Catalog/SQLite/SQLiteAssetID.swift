import Foundation
import GRDB
import GRDBSQLite

/// An asset id column (uuid as TEXT, SQLiteSchema) read from SQLite's own bytes: GRDB's `UUID` decoding makes a
/// `String` of each first, which a timeline's quarter of a million rows pay for in time.
struct SQLiteAssetID: DatabaseValueConvertible, StatementColumnConvertible {
    let uuid: UUID

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        guard sqlite3_column_type(sqliteStatement, index) == SQLITE_TEXT,
              let text = sqlite3_column_text(sqliteStatement, index),
              let uuid = UUID(hyphenated: UnsafeRawBufferPointer(
                  start: text, count: Int(sqlite3_column_bytes(sqliteStatement, index)))) else { return nil }
        self.uuid = uuid
    }

    private init(uuid: UUID) { self.uuid = uuid }

    var databaseValue: DatabaseValue { uuid.lowercased.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SQLiteAssetID? {
        UUID.fromDatabaseValue(dbValue).map(SQLiteAssetID.init(uuid:))
    }

    /// The id in column `index` of `row` (nil for NULL); another value is a damaged catalog, a decoding error.
    static func decode(_ row: Row, _ index: Int) throws -> UUID? {
        try row.decode(SQLiteAssetID?.self, atIndex: index)?.uuid
    }

    /// The id in column `index` of `row`, which must hold one.
    static func decode(_ row: Row, _ index: Int) throws -> UUID {
        try row.decode(SQLiteAssetID.self, atIndex: index).uuid
    }
}
