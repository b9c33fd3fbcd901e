import Foundation

/// The folders Gallery keeps one user's files in, relative to the media location on disk and as key prefixes in
/// the bucket: Immich's `StorageCore` puts originals in `library/<storageLabel or id>` and uploads, profile
/// images, thumbnails and transcodes in `upload/`, `profile/`, `thumbs/` and `encoded-video/` under the id.
public struct UserFolders: Sendable, Equatable {
    public let userID: String
    /// The name of the library folder: the storage label when the user has one, else the id.
    public let libraryName: String

    /// - Throws: `UserCleanupRefusal` when the id is not a UUID or the label is not one plain path segment (an
    ///   empty or `..` label would name the whole library, or someone else's).
    public init(userID: String, storageLabel: String?) throws {
        guard let uuid = UUID(uuidString: userID) else {
            throw UserCleanupRefusal("\(userID) is not a user id (Gallery's user ids are UUIDs)")
        }
        self.userID = uuid.uuidString.lowercased()
        if let label = storageLabel {
            guard Self.isPlainSegment(label) else {
                throw UserCleanupRefusal("the storage label \"\(label)\" is not a plain folder name: refusing to guess its folder")
            }
            libraryName = label
        } else {
            libraryName = self.userID
        }
    }

    /// Every folder, the library first.
    public var all: [String] {
        ["library/\(libraryName)"] + ["upload", "profile", "thumbs", "encoded-video"].map { "\($0)/\(userID)" }
    }

    private static func isPlainSegment(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }
}

/// Why a clean-up does not start: the message says what to do instead.
public struct UserCleanupRefusal: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
