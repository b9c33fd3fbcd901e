import Backends
import Catalog
import Foundation

/// Adds one user, an API key and one album holding every regular file directly in a directory, each referenced
/// in place (nothing is copied), to the catalog in `dataDirectory`: trials and benchmarks on one's own files
/// (`bench/archive-bench.sh`). `serve` needs the directory under one of its `IMMICH_MEDIA_LOCATION` roots.
/// With `upload`, each file is stored in that backend (an S3 bucket) under `prefix/<name>` instead, and the
/// asset references the object (`bench/stress.sh`).
public struct AlbumImporter {
    let directory: String
    let dataDirectory: String
    let upload: (backend: any StorageBackend, prefix: String)?

    /// The rows written: the album and the owner's ids, and the assets in album order (file names sorted).
    public struct Imported: Sendable {
        public let albumID: String
        public let userID: String
        public let assetIDs: [String]
        /// Files left out because an earlier one has the same bytes: Gallery keeps one asset per content and owner
        /// (`asset.checksum`, the SHA-1 of the bytes, is unique per owner).
        public let duplicates: [String]
    }

    public init(directory: String, dataDirectory: String, upload: (backend: any StorageBackend, prefix: String)? = nil) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.dataDirectory = dataDirectory
        self.upload = upload
    }

    /// Writes the rows in one transaction; `apiKey` is the plaintext the new owner authenticates with, and must not
    /// be in the catalog already.
    public func run(albumName: String, apiKey: String) async throws -> Imported {
        let files = try regularFiles()
        guard !files.isEmpty else { throw AlbumImportError.noFiles(directory) }
        let userID = Self.newID(), albumID = Self.newID()
        let now = Date()
        let catalog = try SQLiteCatalog(directory: dataDirectory)
        // A second owner with the same key would be unreachable: the key finds the first one.
        guard try await catalog.apiKeyOwner(digest: GallerySecrets.tokenDigest(apiKey)) == nil else {
            throw AlbumImportError.apiKeyInUse
        }
        var stored: [(asset: NewAsset, local: String)] = []
        for (name, size) in files {
            stored.append((NewAsset(id: Self.newID(), ownerID: userID, originalPath: try await store(name),
                                    originalFileName: name, fileCreatedAt: now, fileSizeInByte: size),
                           directory + "/" + name))
        }
        let candidates = stored
        // Hashed in the write transaction, on the database's own thread: reading files blocks.
        let (assets, duplicates) = try await catalog.write { writer -> ([NewAsset], [String]) in
            try writer.user(id: userID, email: "import-\(userID.prefix(8))@example.com", name: "Import")
            try writer.apiKey(id: Self.newID(), userID: userID, secret: apiKey)
            var (seen, assets, duplicates) = (Set<[UInt8]>(), [NewAsset](), [String]())
            for (candidate, local) in candidates {
                var asset = candidate
                asset.checksum = try Digests.sha1(ofFileAt: local)
                if let checksum = asset.checksum, !seen.insert(checksum).inserted {
                    duplicates.append(asset.originalFileName)
                    continue
                }
                try writer.asset(asset)
                assets.append(asset)
            }
            try writer.album(id: albumID, ownerID: userID, name: albumName, assetIDs: assets.map(\.id))
            return (assets, duplicates)
        }
        return Imported(albumID: albumID, userID: userID, assetIDs: assets.map(\.id), duplicates: duplicates)
    }

    /// Where the asset for file `name` points: the file itself, or the object it was uploaded to.
    private func store(_ name: String) async throws -> String {
        guard let (backend, prefix) = upload else { return directory + "/" + name }
        let key = prefix + "/" + name
        try await backend.put(key, from: .file(path: directory + "/" + name))
        return key
    }

    /// (name, size) of the regular files directly in `directory`, sorted by name; subdirectories are skipped.
    private func regularFiles() throws -> [(String, Int64)] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else {
            throw AlbumImportError.unreadableDirectory(directory)
        }
        return try names.sorted().compactMap { name in
            let attributes = try manager.attributesOfItem(atPath: directory + "/" + name)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
            return (name, (attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Gallery's ids are lowercase UUIDs.
    private static func newID() -> String { UUID().uuidString.lowercased() }
}

/// Why `AlbumImporter` wrote nothing.
public enum AlbumImportError: Error, CustomStringConvertible {
    case unreadableDirectory(String)
    case noFiles(String)
    case apiKeyInUse

    public var description: String {
        switch self {
        case .unreadableDirectory(let path): "cannot list the directory \(path)"
        case .noFiles(let path): "no regular files directly in \(path)"
        case .apiKeyInUse: "the API key is already in the catalog; give each imported album's owner its own"
        }
    }
}
