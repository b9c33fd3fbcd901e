/// Where `storage migrate` moves files, and how a path maps across: a disk path `<root>/<rest>` under a writable
/// media root becomes the S3 key `<rest>` and back (the first root receives files from S3), as the fork's own tool
/// maps them. Paths under no writable root (external libraries, read-only mounts) stay where they are.
public enum MigrationTarget: String, Sendable, CaseIterable {
    case s3
    case disk

    /// The path `path` moves to, or nil when it stays (already there, or outside every writable root).
    func destination(of path: String, roots: [String]) -> String? {
        switch self {
        case .s3:
            guard path.hasPrefix("/") else { return nil }
            for root in roots {
                let prefix = root.hasSuffix("/") ? root : root + "/"
                if path.hasPrefix(prefix), path.count > prefix.count { return String(path.dropFirst(prefix.count)) }
            }
            return nil
        case .disk:
            guard !path.hasPrefix("/"), let root = roots.first else { return nil }
            return (root.hasSuffix("/") ? root : root + "/") + path
        }
    }
}
