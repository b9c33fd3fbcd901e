import Foundation

/// This process's resident set size (VmRSS in /proc/self/status), in bytes.
func residentBytes() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kibibytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else {
        throw CocoaError(.fileReadCorruptFile)
    }
    return kibibytes * 1024
}

/// Runs blocking work (writing a 1 GiB file) on a Dispatch thread, so it does not hold one of the few threads
/// of Swift's cooperative pool that every other test in the process needs.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
