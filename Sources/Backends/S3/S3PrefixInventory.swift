extension S3StorageBackend: PrefixListing {
    /// Counts the objects under the folder `prefix` by listing it (1,000 keys a request).
    public func inventory(_ prefix: String) async throws -> PrefixInventory {
        var inventory = PrefixInventory()
        try await forEachPage(under: prefix) { page, _ in
            inventory = inventory + PrefixInventory(objects: page.keys.count, bytes: page.sizes.reduce(0, +))
        }
        return inventory
    }
}
