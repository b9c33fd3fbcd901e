/// The answer of `POST /api/download/info`, in Gallery's shape.
public struct DownloadInfo: Codable, Sendable, Equatable {
    public struct Archive: Codable, Sendable, Equatable {
        /// The exact byte count of the ZIP that `/download/archive` sends for `assetIds`.
        public var size: UInt64
        public var assetIds: [String]
    }

    public var totalSize: UInt64
    public var archives: [Archive]
}
