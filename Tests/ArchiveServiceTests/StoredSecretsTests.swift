import ArchiveService
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Testing

/// Secrets stored the way Gallery stores them are accepted, on every catalog. Every expected value is a literal
/// computed outside the project with Gallery's formulas (Python's hashlib and base64):
///   sha256("gallery-archive-literal-api-key"), sha256("gallery-archive-literal-session") — raw and base64;
///   a link key of the bytes 200…249 — base64url (67 characters) and hex (100);
///   the password cookie base64(sha256("7b0e0c6e-3c1f-4e4b-9a55-2f6d1c0a9b31-correct horse")).
@Suite struct StoredSecretsTests {
    static let apiKey = "gallery-archive-literal-api-key"
    static let apiKeyDigestHex = "d8b16e83dfb797cdbafd4095a84faee28c94cdf514151368227b583efec81e95"
    static let apiKeyDigestBase64 = "2LFug9+3l826/UCVqE+u4oyUzfUUFRNoIntYPv7IHpU="
    static let session = "gallery-archive-literal-session"
    static let sessionDigestHex = "1b3af142a4f4c405cc1c7a8d43e31a4a72c3127f8a4fd0854b5382f4b0a485a9"
    static let sessionDigestBase64 = "GzrxQqT0xAXMHHqNQ+MaSnLDEn+KT9CFS1OC9LCkhak="
    static let linkKeyHex = "c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
    static let linkKeyBase64URL = "yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5ufo6err7O3u7_Dx8vP09fb3-Pk"
    static let linkID = "7b0e0c6e-3c1f-4e4b-9a55-2f6d1c0a9b31"
    static let passwordCookie = "v7jZzDoaUStOw03H5IkZBgPzCB44rIwLWoAHAN/dGFI="

    @Test(arguments: TestCatalog.allCases)
    func galleryStoredSecretsAreAccepted(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        let alice = DemoLibrary.userID("alice")
        // Raw rows with the literal digests and key, not written through the project's writer.
        try await DatabaseQueue(path: service.directory + "/catalog.sqlite").write { db in
            try db.execute(sql: """
                INSERT INTO api_key (id, name, key, userId, permissions)
                  VALUES ('\(DemoLibrary.uuid("apikey:literal"))', 'literal', X'\(Self.apiKeyDigestHex)', '\(alice)', '["all"]');
                INSERT INTO session (id, token, userId)
                  VALUES ('\(DemoLibrary.uuid("session:literal"))', X'\(Self.sessionDigestHex)', '\(alice)');
                INSERT INTO shared_link (id, userId, key, type, albumId, password)
                  VALUES ('\(Self.linkID)', '\(alice)', X'\(Self.linkKeyHex)', 'ALBUM', '\(DemoLibrary.sharedAlbumID)',
                          'correct horse');
                """)
        }
        try await service.run(inspect: { database in
            // The PostgreSQL layouts hold the digests as Gallery does: base64 text through v2.5, raw bytea after.
            let stored = try await Psql.run("""
                SELECT key FROM api_key WHERE id = '\(DemoLibrary.uuid("apikey:literal"))';
                SELECT token FROM session WHERE id = '\(DemoLibrary.uuid("session:literal"))';
                """, database: database.name)
            let expected = database.layout == .postgresFork
                ? [Self.apiKeyDigestBase64, Self.sessionDigestBase64]
                : ["\\x" + Self.apiKeyDigestHex, "\\x" + Self.sessionDigestHex]
            #expect(stored.split(separator: "\n").map(String.init) == expected)
        }) { client in
            let asset = Body.assets([Assets.id("cafe")])
            #expect(try await client.post("/api/download/info", .apiKey(Self.apiKey), body: asset).status == .created)
            #expect(try await client.post("/api/download/info", .session(Self.session), body: asset).status == .created)
            let cookie: HTTPFields = [.cookie: "immich_shared_link_token=" +
                Self.passwordCookie.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!]
            for key in [Self.linkKeyBase64URL, Self.linkKeyHex] {
                let unlocked = try await client.post("/api/download/info?key=\(key)", body: asset, extraHeaders: cookie)
                #expect(unlocked.status == .created, "\(key)")
                let locked = try await client.post("/api/download/info?key=\(key)", body: asset)
                #expect(locked.status == .unauthorized, "\(key)")
            }
        }
    }
}
