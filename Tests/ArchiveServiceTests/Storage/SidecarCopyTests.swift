import Backends
import Catalog
import Foundation
import StorageTools
import Testing

/// `storage copy-sidecar`: the sidecar's bytes land beside the target's original (or at the target's own sidecar
/// path) on the target's backend, the target's `asset_file` row records it, and nothing is left in the temporary
/// directory. On disk with every catalog (the row is a query of its own per engine), and across disk and S3.
@Suite struct SidecarCopyTests {
    static let owner = UUID().uuidString.lowercased()
    static let xmp = Array(#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>"#.utf8)

    static func asset(_ id: String, at path: String) -> NewAsset {
        NewAsset(id: id, ownerID: owner, originalPath: path, originalFileName: (path as NSString).lastPathComponent,
                 fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: 1)
    }

    @Test(arguments: TestCatalogKind.allCases)
    func copiesBesideTheTargetsOriginalOnDiskAndRecordsIt(catalog kind: TestCatalogKind) async throws {
        let media = try MediaTree()
        defer { media.remove() }
        let (source, target, bare) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
        try media.write("library/a.jpg", bytes: 1)
        try media.write("library/b.jpg", bytes: 2)  // other bytes: one asset per content and owner
        try Data(Self.xmp).write(to: URL(fileURLWithPath: media.root + "/library/a.jpg.xmp"))
        let router = StorageRouter(disk: DiskStorageBackend(roots: try MediaRoots([media.root])), s3: nil)
        try await kind.withCatalog({ writer in
            try writer.user(id: Self.owner, email: "owner@example.com", name: "Owner")
            try writer.asset(Self.asset(source, at: media.root + "/library/a.jpg"))
            try writer.asset(Self.asset(target, at: media.root + "/library/b.jpg"))
            try writer.asset(Self.asset(bare, at: media.root + "/library/c.jpg"))
            try writer.sidecarFile(id: UUID().uuidString.lowercased(), assetID: source, path: media.root + "/library/a.jpg.xmp")
        }) { catalog in
            let copy = SidecarCopy(catalog: catalog, storage: router)
            let result = try await copy.copy(from: source, to: target)
            #expect(result.to == media.root + "/library/b.jpg.xmp")
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: result.to))) == Self.xmp)
            #expect(try await catalog.sidecarPath(of: target) == result.to)
            // Again: the target's own sidecar path is kept and rewritten.
            #expect(try await copy.copy(from: source, to: target) == result)

            await #expect { try await copy.copy(from: bare, to: target) } throws: {
                ($0 as? SidecarCopyRefusal)?.description == "asset \(bare) has no sidecar"
            }
            let unknown = UUID().uuidString.lowercased()
            await #expect { try await copy.copy(from: source, to: unknown) } throws: {
                ($0 as? SidecarCopyRefusal)?.description.contains(unknown) == true
            }
        }
    }

    /// An S3 sidecar comes down to a temporary file (removed afterwards) and goes to a disk target; a disk sidecar
    /// goes up to an S3 target's relative key, where the AWS command line finds it.
    @Test(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
    func crossesBetweenDiskAndTheBucket() async throws {
        let media = try MediaTree()
        defer { media.remove() }
        let environment = S3Settings.environment()
        let config = try StorageConfig(environment: environment.merging(["IMMICH_MEDIA_LOCATION": media.root]) { $1 })
        let s3 = try S3StorageBackend.configured(try #require(config.s3), environment: environment).backend
        let router = StorageRouter(disk: DiskStorageBackend(roots: try MediaRoots([media.root])), s3: s3)
        let folder = "library/\(Self.owner)/sidecars-\(UUID().uuidString)"
        let (inBucket, onDisk, alsoInBucket) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased(),
                                                UUID().uuidString.lowercased())
        try await s3.put(folder + "/a.jpg.xmp", from: .bytes(Self.xmp))
        try media.write("library/d.jpg", bytes: 1)
        try await TestCatalogKind.sqlite.withCatalog({ writer in
            try writer.user(id: Self.owner, email: "owner@example.com", name: "Owner")
            try writer.asset(Self.asset(inBucket, at: folder + "/a.jpg"))
            try writer.asset(Self.asset(onDisk, at: media.root + "/library/d.jpg"))
            try writer.asset(Self.asset(alsoInBucket, at: folder + "/e.jpg"))
            try writer.sidecarFile(id: UUID().uuidString.lowercased(), assetID: inBucket, path: folder + "/a.jpg.xmp")
        }) { catalog in
            let copy = SidecarCopy(catalog: catalog, storage: router)
            let down = try await copy.copy(from: inBucket, to: onDisk)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: down.to))) == Self.xmp)
            let up = try await copy.copy(from: onDisk, to: alsoInBucket)
            #expect(up.to == folder + "/e.jpg.xmp")
            #expect(try await AWSOracle.keys(under: folder + "/") == [folder + "/a.jpg.xmp", folder + "/e.jpg.xmp"])
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.hasPrefix("gallery-s3-") && $0.hasSuffix(".xmp") }
        #expect(left.isEmpty, "temporary sidecars left: \(left)")
        try await s3.deletePrefix(folder)
    }
}
