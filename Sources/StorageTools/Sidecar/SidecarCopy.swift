import Backends
import Catalog
import Foundation

/// `storage copy-sidecar`: copies one asset's XMP sidecar to another, on whichever backends hold them (the seed's
/// "Sidecar copy operations also respect the target asset's backend"). The source is brought to a local temporary
/// file when it is an S3 object (and removed afterwards, whatever happens); the copy goes to the target's own
/// sidecar path, or beside its original (`<original>.xmp`, Gallery's naming) — a disk path or a relative S3 key,
/// as the original is. Then the target's `asset_file` row records it.
public struct SidecarCopy: Sendable {
    let catalog: any Catalog & SidecarStore
    let storage: StorageRouter

    public init(catalog: any Catalog & SidecarStore, storage: StorageRouter) {
        self.catalog = catalog
        self.storage = storage
    }

    /// Copies the sidecar of asset `source` to asset `target`; answers where it went.
    public func copy(from source: String, to target: String) async throws -> SidecarCopyResult {
        let assets = try await catalog.assets(ids: [source, target])
        guard let targetAsset = assets.first(where: { $0.id.uuidString.lowercased() == target.lowercased() }) else {
            throw SidecarCopyRefusal("asset \(target) does not exist (or is in the trash)")
        }
        guard assets.contains(where: { $0.id.uuidString.lowercased() == source.lowercased() }) else {
            throw SidecarCopyRefusal("asset \(source) does not exist (or is in the trash)")
        }
        guard let from = try await catalog.sidecarPath(of: source) else {
            throw SidecarCopyRefusal("asset \(source) has no sidecar")
        }
        let to = try await catalog.sidecarPath(of: target) ?? targetAsset.originalPath + ".xmp"
        let (sourceBackend, sourceKey) = try storage.locate(from)
        let (targetBackend, targetKey) = try storage.locate(to)
        let local = try await sourceBackend.downloadToTemp(sourceKey)
        defer { local.cleanup() }
        try await targetBackend.put(targetKey, from: .file(path: local.path))
        try await catalog.setSidecarPath(to, of: target)
        return SidecarCopyResult(from: from, to: to)
    }
}

/// Where a sidecar was copied from and to (paths or keys, as the catalog stores them).
public struct SidecarCopyResult: Sendable, Equatable {
    public let from: String
    public let to: String
}

/// A copy that cannot be made, said in words for the operator.
public struct SidecarCopyRefusal: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
