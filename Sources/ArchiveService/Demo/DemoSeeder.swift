import Catalog
import Backends
import Foundation

/// Writes the demo library: copies `fixtures/media` under `<data>/media`, uploads one file to S3 when configured,
/// and fills a fresh catalog.
public struct DemoSeeder {
    let fixtures: String
    public let dataDirectory: String
    let storage: StorageSetup

    public init(fixtures: String, dataDirectory: String, storage: StorageSetup) {
        self.fixtures = fixtures
        self.dataDirectory = dataDirectory
        self.storage = storage
    }

    /// The media root the demo's disk files live in; `serve` must have it among `IMMICH_MEDIA_LOCATION`.
    public var mediaRoot: String { dataDirectory + "/media" }

    /// Seeds, replacing any earlier demo catalog, and returns the ids a download of the shared album packs: its
    /// assets, each live photo's motion video right after its still (what `/download/info` returns for it).
    public func seed() async throws -> [String] {
        let files = FileManager.default
        try? files.removeItem(atPath: dataDirectory + "/catalog.sqlite")
        try? files.removeItem(atPath: dataDirectory + "/catalog.sqlite-wal")
        try? files.removeItem(atPath: dataDirectory + "/catalog.sqlite-shm")
        try files.createDirectory(atPath: mediaRoot + "/library", withIntermediateDirectories: true)
        let catalog = try SQLiteCatalog(directory: dataDirectory)
        var assets = try diskAssets()
        if storage.router.s3 != nil { assets.append(try await s3Asset()) }
        let rows = assets
        let alice = DemoLibrary.userID("alice")
        // The album holds Alice's visible assets; the live photo's motion video comes with its still.
        let albumAssets = rows.filter { $0.visibility != .hidden && $0.ownerID == alice }.map(\.id)
        let editedPath = mediaRoot + "/library/edited-sunrise.jpg"
        try await catalog.write { writer in
            for person in DemoLibrary.people {
                let id = DemoLibrary.userID(person)
                try writer.user(id: id, email: "\(person)@example.com", name: person.capitalized)
                try writer.apiKey(id: DemoLibrary.uuid("apikey:\(person)"), userID: id, secret: DemoLibrary.apiKey(person))
                try writer.session(id: DemoLibrary.uuid("session:\(person)"), userID: id,
                                   secret: DemoLibrary.sessionToken(person))
            }
            // A still references its motion video (foreign key): motion videos go in first.
            for asset in rows.filter({ $0.livePhotoVideoID == nil }) + rows.filter({ $0.livePhotoVideoID != nil }) {
                try writer.asset(asset)
            }
            try writer.editedFile(id: DemoLibrary.uuid("edited:sunrise"), assetID: DemoLibrary.uuid("asset:sunrise"),
                                  path: editedPath)
            try Self.sharing(writer, albumAssets: albumAssets)
        }
        return albumAssets.flatMap { id in
            rows.first { $0.id == id }?.livePhotoVideoID.map { [id, $0] } ?? [id]
        }
    }

    private static func sharing(_ writer: CatalogWriter, albumAssets: [String]) throws {
        let alice = DemoLibrary.userID("alice")
        try writer.album(id: DemoLibrary.sharedAlbumID, ownerID: alice, name: DemoLibrary.sharedAlbumName,
                         assetIDs: albumAssets)
        try writer.albumMember(albumID: DemoLibrary.sharedAlbumID, userID: DemoLibrary.userID("carol"))
        try writer.album(id: DemoLibrary.uuid("album:private"), ownerID: alice, name: "Private",
                         assetIDs: [DemoLibrary.uuid("asset:beach-1")])
        try writer.partner(sharedByID: alice, sharedWithID: DemoLibrary.userID("bob"))
        let individual = [DemoLibrary.uuid("asset:sunrise"), DemoLibrary.uuid("asset:cafe")]
        for link in DemoLibrary.Link.allCases {
            try writer.sharedLink(NewSharedLink(
                id: link.id, userID: alice, key: link.key,
                albumID: [.album, .albumNoDownload, .password].contains(link) ? DemoLibrary.sharedAlbumID : nil,
                assetIDs: [.individual, .expired].contains(link) ? individual : [],
                expiresAt: link == .expired ? Date(timeIntervalSince1970: 1_700_000_000) : nil,
                allowDownload: link != .albumNoDownload,
                password: link == .password ? DemoLibrary.linkPassword : nil, slug: link.slug))
        }
    }

    /// (fixture file, label, name shown in Gallery, owner, taken at (Unix seconds)).
    private static let diskFiles: [(String, String, String, String, TimeInterval)] = [
        ("sunrise.jpg", "sunrise", "sunrise.jpg", "alice", 1_719_900_000),
        ("beach-1.jpg", "beach-1", "beach.jpg", "alice", 1_719_910_000),
        ("beach-2.jpg", "beach-2", "beach.jpg", "alice", 1_719_920_000),
        ("IMG_0001.JPG", "img-upper", "IMG_0001.JPG", "alice", 1_719_930_000),
        ("img_0001-lower.jpg", "img-lower", "img_0001.jpg", "alice", 1_719_940_000),
        ("cafe.jpg", "cafe", "café déjà vu.jpg", "alice", 1_719_950_000),
        ("tokyo.png", "tokyo", "東京タワー.png", "alice", 1_719_960_000),
        ("live-still.jpg", "live-still", "IMG_0100.JPG", "alice", 1_719_970_000),
        ("live-motion.mov", "live-motion", "IMG_0100.MOV", "alice", 1_719_970_000),
        ("partner.jpg", "bob-own", "bob.jpg", "bob", 1_719_980_000),
    ]

    private func diskAssets() throws -> [NewAsset] {
        try copy("edited-sunrise.jpg", to: mediaRoot + "/library/edited-sunrise.jpg")
        return try Self.diskFiles.map { file, label, name, owner, taken in
            let path = mediaRoot + "/library/\(owner)/\(file)"
            let size = try copy(file, to: path)
            let isMotion = label == "live-motion"
            return NewAsset(
                id: DemoLibrary.uuid("asset:\(label)"), ownerID: DemoLibrary.userID(owner),
                type: isMotion ? "VIDEO" : "IMAGE", originalPath: path, originalFileName: name,
                fileCreatedAt: Date(timeIntervalSince1970: taken), fileSizeInByte: size,
                livePhotoVideoID: label == "live-still" ? DemoLibrary.uuid("asset:live-motion") : nil,
                visibility: isMotion ? .hidden : .timeline)
        }
    }

    private func s3Asset() async throws -> NewAsset {
        let key = "library/\(DemoLibrary.userID("alice"))/s3-cloud.jpg"
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixtures + "/media/s3-cloud.jpg")))
        try await storage.router.s3?.put(key, from: .bytes(bytes))
        return NewAsset(
            id: DemoLibrary.uuid("asset:s3-cloud"), ownerID: DemoLibrary.userID("alice"), originalPath: key,
            originalFileName: "cloud (from S3).jpg", fileCreatedAt: Date(timeIntervalSince1970: 1_719_990_000),
            fileSizeInByte: Int64(bytes.count), checksum: Digests.sha1(bytes))
    }

    @discardableResult
    private func copy(_ fixture: String, to path: String) throws -> Int64 {
        let files = FileManager.default
        try files.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? files.removeItem(atPath: path)
        try files.copyItem(atPath: fixtures + "/media/" + fixture, toPath: path)
        return Int64(try files.attributesOfItem(atPath: path)[.size] as? Int ?? 0)
    }
}
