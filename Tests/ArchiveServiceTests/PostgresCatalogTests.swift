import ArchiveService
import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The PostgreSQL catalog's start-up against a real server: Immich's variables, the layout check that refuses
/// older databases by name, and a database that is not there yet (503 and `/health` say so; it is picked up
/// once it exists, without a restart).
@Suite struct PostgresCatalogTests {
    @Test func settingsAreReadAsImmichReadsThem() throws {
        #expect(try PostgresSettings.fromEnvironment(["IMMICH_MEDIA_LOCATION": "/x"]) == nil)
        let parts = try #require(try PostgresSettings.fromEnvironment([
            "DB_HOSTNAME": "db", "DB_PORT": "6543", "DB_USERNAME": "gallery", "DB_PASSWORD": "p", "DB_DATABASE_NAME": "g",
        ]))
        #expect(parts.description == "postgres://gallery@db:6543/g (sslmode disable, pool 10)")
        let defaults = try #require(try PostgresSettings.fromEnvironment(["DB_PASSWORD": "secret"]))
        #expect(defaults.description == "postgres://postgres@database:5432/immich (sslmode disable, pool 10)")
        let url = try #require(try PostgresSettings.fromEnvironment([
            "DB_HOSTNAME": "ignored", "DB_URL": "postgresql://u%40x:p%2Fw@10.0.0.5:5433/photos?sslmode=require",
        ]))
        #expect(url.description == "postgres://u@x@10.0.0.5:5433/photos (sslmode require, pool 10)")
        #expect(url.password == "p/w")
    }

    @Test(arguments: [
        (["DB_PORT": "70000"], "DB_PORT"), (["DB_PORT": "five"], "DB_PORT"), (["DB_URL": "mysql://h/db"], "DB_URL"),
        (["DB_URL": "postgres://h/db?sslmode=sometimes"], "DB_URL"), (["DB_SSL_MODE": "maybe", "DB_HOSTNAME": "h"], "DB_SSL_MODE"),
        (["DB_HOSTNAME": "h", "GALLERY_ARCHIVE_DB_POOL_SIZE": "0"], "GALLERY_ARCHIVE_DB_POOL_SIZE"),
    ])
    func badSettingsNameTheVariable(environment: [String: String], variable: String) {
        let error = #expect(throws: CatalogConfigError.self) { try PostgresSettings.fromEnvironment(environment) }
        #expect(error?.variable == variable)
    }

    /// Before Immich v2.3 the join columns were plural (`album_asset."albumsId"`); such a database is refused at
    /// start-up with the column's name and the oldest release we read.
    @Test func anOlderLayoutIsRefusedNamingWhatIsMissing() async throws {
        let name = "old_layout_\(getpid())"
        let schema = try String(contentsOfFile: TestService.fixtures + "/gallery-schema/v3.sql", encoding: .utf8)
        try await Psql.run("DROP DATABASE IF EXISTS \(name); CREATE DATABASE \(name)")
        try await Psql.run(schema + #"ALTER TABLE album_asset RENAME COLUMN "albumId" TO "albumsId";"#, database: name)
        let catalog = PostgresCatalog(settings: try Self.settings(database: name), logger: Logger(label: "test"))
        await #expect {
            try await catalog.run()
        } throws: { error in
            "\(error)".contains(#""album_asset"."albumId" is missing"#) && "\(error)".contains("Immich v2.3.0")
        }
        #expect(catalog.health == .down(#"postgres: column "album_asset"."albumId" is missing"#))
        try await Psql.run("DROP DATABASE \(name) WITH (FORCE)")
    }

    @Test func aDatabaseThatIsNotThereYetIsA503UntilItIs() async throws {
        let name = "late_\(getpid())"
        try await Psql.run("DROP DATABASE IF EXISTS \(name)")
        let catalog = PostgresCatalog(settings: try Self.settings(database: name), logger: Logger(label: "test"))
        let storage = try StorageSetup(environment: ["IMMICH_MEDIA_LOCATION": NSTemporaryDirectory()])
        let dependencies = ArchiveDependencies(catalog: catalog, storage: storage.router, s3Limiter: nil)
        let app = Application(router: ArchiveApplication.router(dependencies),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: [catalog])
        try await app.test(.live) { client in
            // Until the first attempt fails, /health says "not connected yet"; then PostgreSQL's own reason.
            var health = try await client.get("/health")
            let deadline = ContinuousClock.now + .seconds(20)
            while !String(decoding: health.bytes, as: UTF8.self).contains(name), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                health = try await client.get("/health")
            }
            #expect(health.status == .serviceUnavailable)
            #expect(String(decoding: health.bytes, as: UTF8.self).contains(#"database \"\#(name)\" does not exist"#))
            let info = try await client.post("/api/download/info", .key("alice"), body: Body.assets([Assets.id("cafe")]))
            #expect(info.status == .serviceUnavailable)
            #expect(info.headers[.retryAfter] == "5")
            #expect(info.errorMessage == "The photo library's database is unavailable; try again shortly")
            // Created now, whole (copied from a database that already has Gallery's tables, so the catalog's next
            // attempt cannot see it empty): found with no restart.
            let schema = try String(contentsOfFile: TestService.fixtures + "/gallery-schema/v3.sql", encoding: .utf8)
            try await Psql.run("DROP DATABASE IF EXISTS \(name)_source; CREATE DATABASE \(name)_source")
            try await Psql.run(schema, database: "\(name)_source")
            try await Psql.run("CREATE DATABASE \(name) TEMPLATE \(name)_source")
            try await TestService.waitUntilReady(catalog)
            #expect(try await client.get("/health").status == .ok)
            let unknownKey = try await client.post("/api/download/info", .key("alice"), body: Body.assets([Assets.id("cafe")]))
            #expect(unknownKey.status == .unauthorized)
        }
        try await Psql.run("DROP DATABASE \(name) WITH (FORCE); DROP DATABASE \(name)_source")
    }

    static func settings(database: String) throws -> PostgresSettings {
        try #require(try PostgresSettings.fromEnvironment(["DB_URL": "\(try Psql.serverURL())/\(database)"]))
    }
}
