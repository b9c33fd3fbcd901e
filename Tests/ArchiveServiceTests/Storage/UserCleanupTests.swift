import Backends
import Catalog
import Foundation
import Logging
import StorageTools
import Testing

/// `storage delete-user` on disk: a deleted user's five folders go, every other user's stay (a folder whose name
/// only begins like the user's label, a symlink's target outside the tree), and a second run finds nothing. The
/// refusals — a user Gallery still has, a library folder named by someone else's label, a label that is not one
/// folder name — are each checked on every catalog, since the lookup is a query of its own per engine.
@Suite struct UserCleanupTests {
    static let dana = UUID().uuidString.lowercased()
    static let erin = UUID().uuidString.lowercased()
    static let frank = UUID().uuidString.lowercased()
    static let gone = UUID().uuidString.lowercased()
    static let active = UUID().uuidString.lowercased()

    /// Dana (deleted, label "dana"), Erin (deleted, no label), Frank (active, label "frank"), and Active (active,
    /// labelled with Erin's id, so library/<erin> is Active's folder too).
    static func users(_ writer: CatalogWriter, erinLabelOwner: Bool = false) throws {
        let yesterday = Date(timeIntervalSinceNow: -86_400)
        try writer.user(id: dana, email: "dana@example.com", name: "Dana", deletedAt: yesterday, storageLabel: "dana")
        try writer.user(id: erin, email: "erin@example.com", name: "Erin", deletedAt: yesterday)
        try writer.user(id: frank, email: "frank@example.com", name: "Frank", storageLabel: "frank")
        if erinLabelOwner {
            try writer.user(id: active, email: "active@example.com", name: "Active", storageLabel: erin)
        }
    }

    @Test func removesEveryFolderOfTheUserOnDiskAndNothingElse() async throws {
        let media = try MediaTree()
        defer { media.remove() }
        let danaFiles = ["library/dana/2026/07/IMG_0001.jpg", "library/dana/2026/07/IMG_0002.heic",
                         "upload/\(Self.dana)/ab/cd/upload.jpg", "profile/\(Self.dana)/face.jpg",
                         "thumbs/\(Self.dana)/ab/cd/thumb.webp", "encoded-video/\(Self.dana)/ab/cd/clip.mp4"]
        let others = ["library/dana2/keep.jpg", "library/frank/keep.jpg", "upload/\(Self.frank)/keep.jpg",
                      "thumbs/\(Self.frank)/keep.webp", "library/danakeep.jpg"]
        for (index, path) in (danaFiles + others).enumerated() { try media.write(path, bytes: index + 1) }
        // A link in Dana's tree to Frank's file: the link goes, Frank's file stays.
        try FileManager.default.createSymbolicLink(atPath: media.root + "/library/dana/link.jpg",
                                                   withDestinationPath: media.root + "/library/frank/keep.jpg")
        let catalog = try await Self.sqlite { try Self.users($0) }
        let cleanup = UserStorageCleanup(users: catalog, locations: [try media.location])

        let plan = try await cleanup.plan(userID: Self.dana)
        #expect(plan.folders.all == ["library/dana", "upload/\(Self.dana)", "profile/\(Self.dana)",
                                     "thumbs/\(Self.dana)", "encoded-video/\(Self.dana)"])
        // Six files of 1…6 bytes and the link.
        #expect(plan.total == PrefixInventory(objects: 7, bytes: 21))
        let outcome = try await cleanup.run(plan)
        #expect(outcome.complete)
        #expect(outcome.deleted == PrefixInventory(objects: 7, bytes: 21))
        for path in danaFiles { #expect(!media.exists(path), "\(path) is left") }
        for path in others { #expect(media.exists(path), "\(path) was deleted") }
        #expect(!media.exists("library/dana"))

        let again = try await cleanup.plan(userID: Self.dana)
        #expect(again.total.isEmpty)
        #expect(try await cleanup.run(again).deleted.isEmpty)
    }

    @Test(arguments: TestCatalogKind.allCases)
    func refusesWhatIsNotADeletedUsersOwnFolder(catalog kind: TestCatalogKind) async throws {
        let media = try MediaTree()
        defer { media.remove() }
        try media.write("library/frank/keep.jpg", bytes: 3)
        try await kind.withCatalog({ try Self.users($0, erinLabelOwner: true) }) { catalog in
            let cleanup = UserStorageCleanup(users: catalog, locations: [try media.location])
            await #expect(throws: UserCleanupRefusal.self, "an active user") {
                try await cleanup.plan(userID: Self.frank)
            }
            let refusal = await #expect(throws: UserCleanupRefusal.self, "library/<erin> is Active's folder too") {
                try await cleanup.plan(userID: Self.erin)
            }
            #expect(refusal?.description.contains(Self.active) == true)
            await #expect(throws: UserCleanupRefusal.self, "a label that would name the whole library") {
                try await cleanup.plan(userID: Self.gone, storageLabel: "..")
            }
            await #expect(throws: UserCleanupRefusal.self, "a label other than the database's") {
                try await cleanup.plan(userID: Self.dana, storageLabel: "frank")
            }
            await #expect(throws: UserCleanupRefusal.self, "Frank's label given for a user no longer in the database") {
                try await cleanup.plan(userID: Self.gone, storageLabel: "frank")
            }
            let dana = try await cleanup.plan(userID: Self.dana.uppercased())
            #expect(dana.folders.libraryName == "dana")
            #expect(dana.note?.contains("was deleted in Gallery") == true)
            let gone = try await cleanup.plan(userID: Self.gone)
            #expect(gone.folders.libraryName == Self.gone)
            #expect(gone.note?.contains("not in Gallery's database") == true)
            #expect(media.exists("library/frank/keep.jpg"))
        }
    }

    static func sqlite(_ rows: @escaping @Sendable (CatalogWriter) throws -> Void) async throws -> SQLiteCatalog {
        let catalog = try SQLiteCatalog(directory: NSTemporaryDirectory() + "user-cleanup-" + UUID().uuidString)
        try await catalog.write(rows)
        return catalog
    }
}

/// The catalogs the storage commands' own queries run on.
enum TestCatalogKind: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// Runs `body` with a catalog holding `rows`: SQLite, or a PostgreSQL database of the v3 layout copied from it.
    func withCatalog(_ rows: @escaping @Sendable (CatalogWriter) throws -> Void,
                     _ body: @escaping @Sendable (any OperatorCatalog) async throws -> Void)
        async throws {
        let directory = NSTemporaryDirectory() + "storage-catalog-" + UUID().uuidString
        let sqlite = try SQLiteCatalog(directory: directory)
        try await sqlite.write(rows)
        guard self == .postgres else { return try await body(sqlite) }
        let database = try await PostgresTestDatabase.make(layout: .postgresV3, copying: directory + "/catalog.sqlite")
        let postgres = PostgresCatalog(settings: try database.settings(), logger: Logger(label: "test-catalog"))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await postgres.run() }
                defer { group.cancelAll() }
                try await TestService.waitUntilReady(postgres)
                try await body(postgres)
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

/// A temporary media location with files of given sizes.
struct MediaTree {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "media-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    var location: CleanupLocation {
        get throws { .disk(DiskStorageBackend(roots: try MediaRoots([root])), root: root) }
    }

    func write(_ relative: String, bytes count: Int) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(repeating: 0x47, count: count).write(to: URL(fileURLWithPath: path))
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root + "/" + relative)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
