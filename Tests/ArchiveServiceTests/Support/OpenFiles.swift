import Foundation

/// This process's open file descriptors, read from /proc/self/fd.
enum OpenFiles {
    /// The paths of open descriptors beneath `directory`.
    static func beneath(_ directory: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0.hasPrefix(directory + "/") }
    }
}
