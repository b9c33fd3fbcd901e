/// How much lies under a prefix: what a clean-up reports before it deletes, and checks is gone after.
public struct PrefixInventory: Sendable, Equatable {
    public var objects: Int
    public var bytes: Int64

    public init(objects: Int = 0, bytes: Int64 = 0) {
        self.objects = objects
        self.bytes = bytes
    }

    public var isEmpty: Bool { objects == 0 }

    public static func + (lhs: PrefixInventory, rhs: PrefixInventory) -> PrefixInventory {
        PrefixInventory(objects: lhs.objects + rhs.objects, bytes: lhs.bytes + rhs.bytes)
    }
}

/// A backend that can count what lies under a prefix, with the same reading of "under" as its `deletePrefix`
/// (a folder: `library/alice` never covers `library/alice2`).
public protocol PrefixListing: StorageBackend {
    func inventory(_ prefix: String) async throws -> PrefixInventory
}
