import Foundation

/// GET download links, kept by the catalog in our own table so a link works on every replica and survives a
/// restart. Only the SHA-256 digest of a link's token is stored (as Gallery stores API keys): a copy of the table
/// opens no download.
public protocol DownloadLinkStore: Sendable {
    /// Stores a new link (and forgets links that expired long ago).
    func saveDownloadLink(_ link: DownloadLinkRecord) async throws
    /// The link whose token has this SHA-256 digest.
    func downloadLink(digest: [UInt8]) async throws -> DownloadLinkRecord?
}

/// One download link: who made it, what it downloads, until when.
public struct DownloadLinkRecord: Sendable, Equatable {
    /// SHA-256 of the token in the link's URL.
    public var digest: [UInt8]
    /// Whose access the link carries; it is checked again on every GET. A user's link never carries a PIN
    /// unlock (`elevated` is false), which expires long before a link does.
    public var subject: AccessSubject
    /// The assets, in the order the archive holds them.
    public var assetIDs: [String]
    public var edited: Bool
    public var archiveName: String?
    public var expiresAt: Date

    public init(digest: [UInt8], subject: AccessSubject, assetIDs: [String], edited: Bool, archiveName: String?,
                expiresAt: Date) {
        self.digest = digest
        self.subject = subject
        self.assetIDs = assetIDs
        self.edited = edited
        self.archiveName = archiveName
        self.expiresAt = expiresAt
    }
}
