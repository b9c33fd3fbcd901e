import Foundation

/// This process's resident memory, now and at its peak (`VmRSS`, `VmHWM` of /proc/self/status, Linux); nil
/// elsewhere. A read of procfs, which never waits on a device.
struct ProcessMemory: Sendable {
    var residentBytes: Double
    var peakResidentBytes: Double

    static func read() -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        var kibibytes: [Substring: Double] = [:]
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") || line.hasPrefix("VmHWM:") {
            // "VmRSS:\t  65432 kB": a tab after the name, spaces before the number.
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count >= 2, let value = Double(fields[1]) { kibibytes[fields[0]] = value }
        }
        guard let rss = kibibytes["VmRSS:"], let peak = kibibytes["VmHWM:"] else { return nil }
        return ProcessMemory(residentBytes: rss * 1024, peakResidentBytes: peak * 1024)
    }
}
