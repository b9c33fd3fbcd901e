import Catalog

/// The items of an info request in download order, each built when asked for from the ordered records: the
/// splitter reads them archive by archive, so a timeline's quarter of a million items never exist beside its
/// records.
struct InfoItems: RandomAccessCollection {
    let assets: OrderedAssets
    let edited: Bool
    /// The sizes the backend told, by position in the download order: those the catalog does not know.
    let backendSizes: [Int: UInt64]

    var startIndex: Int { 0 }
    var endIndex: Int { assets.order.count }

    subscript(index: Int) -> ArchiveItem {
        let asset = assets[assets.order[index]]
        let path = AssetResolver.path(of: asset, edited: edited)
        // Every position the catalog cannot size is in backendSizes (AssetResolver.infoItems).
        let size = backendSizes[index] ?? AssetResolver.catalogSize(of: asset, path: path) ?? 0
        return ArchiveItem(asset, path: path, size: size, storageTag: nil)
    }
}
