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
