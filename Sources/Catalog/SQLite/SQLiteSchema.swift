import GRDB

/// Gallery's tables as the fork (open-noodle/gallery v4.3.3) lays them out — `album.ownerId` present, the asset's
/// `deviceAssetId`/`deviceId` still there — with the same table and column names (GALLERY-SCHEMA.md), so a
/// PostgreSQL catalog over a real Gallery database answers the same queries. SQLite types stand in for
/// PostgreSQL's: uuid → TEXT (lower-case), bytea → BLOB, timestamptz → GRDB's UTC datetime text, varchar[] → JSON text.
enum SQLiteSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("gallery-tables-v4.3.3") { db in
            for statement in statements { try db.execute(sql: statement) }
        }
        // Our own state, in tables named apart from Gallery's (PostgreSQL keeps it in the schema gallery_archive).
        migrator.registerMigration("gallery-archive-crc32") { db in
            try db.execute(sql: """
                CREATE TABLE gallery_archive_crc32 (
                  assetId TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, tag TEXT NOT NULL,
                  crc32 INTEGER NOT NULL, recordedAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                  PRIMARY KEY (assetId, path, size, tag)) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("gallery-archive-migration-log") { db in
            try db.execute(sql: """
                CREATE TABLE gallery_archive_migration_log (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, batch TEXT NOT NULL, columnName TEXT NOT NULL,
                  rowId TEXT NOT NULL, oldPath TEXT NOT NULL, newPath TEXT NOT NULL, step TEXT NOT NULL,
                  bytes INTEGER NOT NULL, at DATETIME NOT NULL)
                """)
        }
        migrator.registerMigration("gallery-archive-download-links") { db in
            try db.execute(sql: """
                CREATE TABLE gallery_archive_download_link (
                  digest BLOB PRIMARY KEY NOT NULL, userId TEXT, sharedLinkId TEXT, assetIds TEXT NOT NULL,
                  edited BOOLEAN NOT NULL, archiveName TEXT, expiresAt DATETIME NOT NULL,
                  createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                  CHECK ((userId IS NULL) <> (sharedLinkId IS NULL)))
                """)
        }
        return migrator
    }

    private static let statements = [
        """
        CREATE TABLE "user" (
          id TEXT PRIMARY KEY NOT NULL, email TEXT NOT NULL UNIQUE, password TEXT NOT NULL DEFAULT '',
          pinCode TEXT, isAdmin BOOLEAN NOT NULL DEFAULT 0, name TEXT NOT NULL DEFAULT '',
          storageLabel TEXT UNIQUE, status TEXT NOT NULL DEFAULT 'active', deletedAt DATETIME,
          quotaSizeInBytes INTEGER, quotaUsageInBytes INTEGER NOT NULL DEFAULT 0,
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)
        """,
        """
        CREATE TABLE api_key (
          id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, key BLOB NOT NULL,
          userId TEXT NOT NULL REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE,
          permissions TEXT NOT NULL,
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)
        """,
        "CREATE INDEX api_key_key_idx ON api_key(key)",
        """
        CREATE TABLE session (
          id TEXT PRIMARY KEY NOT NULL, token BLOB NOT NULL,
          userId TEXT NOT NULL REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE,
          parentId TEXT REFERENCES session(id) ON DELETE CASCADE,
          expiresAt DATETIME, pinExpiresAt DATETIME,
          deviceType TEXT NOT NULL DEFAULT '', deviceOS TEXT NOT NULL DEFAULT '',
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)
        """,
        "CREATE INDEX session_token_idx ON session(token)",
        """
        CREATE TABLE asset (
          id TEXT PRIMARY KEY NOT NULL, deviceAssetId TEXT NOT NULL DEFAULT '', deviceId TEXT NOT NULL DEFAULT '',
          ownerId TEXT NOT NULL REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE,
          type TEXT NOT NULL, originalPath TEXT NOT NULL, originalFileName TEXT NOT NULL,
          checksum BLOB NOT NULL, fileCreatedAt DATETIME NOT NULL, fileModifiedAt DATETIME NOT NULL,
          localDateTime DATETIME NOT NULL, deletedAt DATETIME, status TEXT NOT NULL DEFAULT 'active',
          visibility TEXT NOT NULL DEFAULT 'timeline', isFavorite BOOLEAN NOT NULL DEFAULT 0,
          isOffline BOOLEAN NOT NULL DEFAULT 0, isExternal BOOLEAN NOT NULL DEFAULT 0,
          isEdited BOOLEAN NOT NULL DEFAULT 0, libraryId TEXT,
          livePhotoVideoId TEXT REFERENCES asset(id) ON DELETE SET NULL,
          stackId TEXT, duplicateId TEXT, duration TEXT, width INTEGER, height INTEGER, thumbhash BLOB,
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)
        """,
        "CREATE UNIQUE INDEX UQ_assets_owner_checksum ON asset(ownerId, checksum) WHERE libraryId IS NULL",
        """
        CREATE TABLE asset_exif (
          assetId TEXT PRIMARY KEY NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
          fileSizeInByte INTEGER, dateTimeOriginal DATETIME, timeZone TEXT)
        """,
        """
        CREATE TABLE asset_file (
          id TEXT PRIMARY KEY NOT NULL,
          assetId TEXT NOT NULL REFERENCES asset(id) ON UPDATE CASCADE ON DELETE CASCADE,
          type TEXT NOT NULL, path TEXT NOT NULL, isEdited BOOLEAN NOT NULL DEFAULT 0,
          isProgressive BOOLEAN NOT NULL DEFAULT 0, isTransparent BOOLEAN NOT NULL DEFAULT 0,
          UNIQUE (assetId, type, isEdited))
        """,
        """
        CREATE TABLE album (
          id TEXT PRIMARY KEY NOT NULL,
          ownerId TEXT NOT NULL REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE,
          albumName TEXT NOT NULL DEFAULT 'Untitled Album', description TEXT NOT NULL DEFAULT '',
          albumThumbnailAssetId TEXT REFERENCES asset(id) ON DELETE SET NULL,
          deletedAt DATETIME, isActivityEnabled BOOLEAN DEFAULT 1, "order" TEXT DEFAULT 'desc',
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)
        """,
        """
        CREATE TABLE album_asset (
          albumId TEXT NOT NULL REFERENCES album(id) ON UPDATE CASCADE ON DELETE CASCADE,
          assetId TEXT NOT NULL REFERENCES asset(id) ON UPDATE CASCADE ON DELETE CASCADE,
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (albumId, assetId))
        """,
        """
        CREATE TABLE album_user (
          albumId TEXT NOT NULL REFERENCES album(id) ON UPDATE CASCADE ON DELETE CASCADE,
          userId TEXT NOT NULL REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE,
          role TEXT NOT NULL DEFAULT 'editor', PRIMARY KEY (albumId, userId))
        """,
        """
        CREATE TABLE partner (
          sharedById TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
          sharedWithId TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
          inTimeline BOOLEAN NOT NULL DEFAULT 0, PRIMARY KEY (sharedById, sharedWithId))
        """,
        """
        CREATE TABLE shared_link (
          id TEXT PRIMARY KEY NOT NULL, description TEXT, password TEXT,
          userId TEXT NOT NULL REFERENCES "user"(id) ON UPDATE CASCADE ON DELETE CASCADE,
          key BLOB NOT NULL UNIQUE, type TEXT NOT NULL,
          createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, expiresAt DATETIME,
          allowUpload BOOLEAN NOT NULL DEFAULT 0, allowDownload BOOLEAN NOT NULL DEFAULT 1,
          showExif BOOLEAN NOT NULL DEFAULT 1,
          albumId TEXT REFERENCES album(id) ON UPDATE CASCADE ON DELETE CASCADE, slug TEXT UNIQUE)
        """,
        """
        CREATE TABLE shared_link_asset (
          assetId TEXT NOT NULL REFERENCES asset(id) ON UPDATE CASCADE ON DELETE CASCADE,
          sharedLinkId TEXT NOT NULL REFERENCES shared_link(id) ON UPDATE CASCADE ON DELETE CASCADE,
          PRIMARY KEY (assetId, sharedLinkId))
        """,
    ]
}
