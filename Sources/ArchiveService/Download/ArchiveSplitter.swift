import ZipStream

/// Splits groups of items (a still and its motion video stay together) into archives of at most `limit` bytes and
/// `maxAssets` assets — what `/download/archive` accepts, so no archive `info` lists is refused later — in the
/// order given, and measures each archive exactly as the ZIP planner lays it out.
enum ArchiveSplitter {
    /// An upper bound of one entry's bytes beyond its data: local header (30) and central header (46), the name twice
    /// (sanitising never lengthens a name by more than the de-duplication suffix allows for), the 0x5455 extra twice
    /// (9 + 9), a ZIP64 extra twice (28 + 28) and a ZIP64 data descriptor (24).
    static func entryBound(_ item: ArchiveItem) -> UInt64 {
        let name = UInt64(min(ZipNames.maxPathBytes, item.fileName.utf8.count + 16))
        return item.size + 30 + 46 + 2 * name + 18 + 56 + 24
    }

    /// The end records: end of central directory (22), ZIP64 end record (56) and locator (20).
    static let endBound: UInt64 = 98

    /// - Parameter groupSizes: how many consecutive items form each group (1, or 2 for a live photo pair).
    static func split(_ items: InfoItems, groupSizes: [UInt8], limit: UInt64, maxAssets: Int)
        -> [DownloadInfo.Archive] {
        var archives: [Range<Int>] = []
        var (start, end, bound) = (0, 0, endBound)
        for size in groupSizes.lazy.map(Int.init) {
            let groupBound = items[end..<end + size].reduce(0) { $0 + entryBound($1) }
            if end > start, bound + groupBound > limit || end - start + size > maxAssets {
                archives.append(start..<end)
                (start, bound) = (end, endBound)
            }
            end += size
            bound += groupBound
        }
        if end > start { archives.append(start..<end) }
        return archives.map { range in
            // The allocator's names need no second check here (the archive's own plan makes it when it is sent).
            let size = ZipPlan.storedLength(of: ArchiveLayout.entries(for: items[range])) ?? 0
            return DownloadInfo.Archive(size: size, assetIds: items[range].map(\.assetID))
        }
    }
}
