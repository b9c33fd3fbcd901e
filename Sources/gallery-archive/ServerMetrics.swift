/// The figures the stress tool reads from the server's `/metrics` (Prometheus text format).
struct ServerMetrics: Sendable {
    var permitsInUse: Double?
    var archivesInFlight: Double?
    /// The server's resident memory (the standard process collector's name) and its peak, when exported.
    var residentMemory: Double?
    var peakResidentMemory: Double?

    init(exposition: String) {
        let values = Self.values(in: exposition)
        permitsInUse = values["gallery_archive_s3_permits_in_use"]
        archivesInFlight = values["gallery_archive_archives_in_flight"]
        residentMemory = values["process_resident_memory_bytes"]
        peakResidentMemory = values["gallery_archive_resident_memory_peak_bytes"]
    }

    /// Whether every download has let go of the server: nothing in flight and no S3 permit held.
    var isDrained: Bool { permitsInUse == 0 && archivesInFlight == 0 }

    /// Each metric's value, summed over its label sets.
    static func values(in exposition: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            let name = series.prefix { $0 != "{" && $0 != " " }
            values[String(name), default: 0] += value
        }
        return values
    }
}
