import Backends
import Prometheus

/// The operator's view (DESIGN §4, Operations): bytes out, archives in flight, S3 permits in use and waiting,
/// source failures and aborted downloads, S3 retries, resumed reads and failed credential refreshes, in Prometheus
/// text format at `/metrics`, with the process's resident memory now and at its peak.
public final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let bytesOut: Counter
    let archivesInFlight: Gauge
    let archivesCompleted: Counter
    let sourceFailures: Counter
    let aborts: Counter
    private let permitsInUse: Gauge
    private let permitsWaiting: Gauge
    private let residentMemory: Gauge
    private let peakResidentMemory: Gauge
    private let limiter: ConnectionLimiter?
    private let storage: StorageCounters?

    /// `limiter` is the global S3 connection limiter whose permits are reported, `storageEvents` the storage
    /// layer's counts; nil without S3.
    public init(limiter: ConnectionLimiter?, storageEvents: StorageEvents? = nil) {
        self.limiter = limiter
        let registry = registry
        storage = storageEvents.map { StorageCounters($0, registry: registry) }
        bytesOut = registry.makeCounter(
            descriptor: Self.name("bytes_out", unit: "total", help: "Archive and original bytes written to clients."))
        archivesInFlight = registry.makeGauge(
            descriptor: Self.name("archives_in_flight", help: "Archive downloads being streamed now."))
        archivesCompleted = registry.makeCounter(
            descriptor: Self.name("archives_completed", unit: "total", help: "Archive downloads sent to the end."))
        sourceFailures = registry.makeCounter(
            descriptor: Self.name("source_failures", unit: "total",
                                  help: "Sources that failed while an archive streamed."))
        aborts = registry.makeCounter(
            descriptor: Self.name("aborts", unit: "total",
                                  help: "Archive downloads cut off after the first byte (source failure or client gone)."))
        permitsInUse = registry.makeGauge(
            descriptor: Self.name("s3_permits_in_use", help: "S3 connection permits held now."))
        permitsWaiting = registry.makeGauge(
            descriptor: Self.name("s3_permits_waiting", help: "Requests waiting for an S3 connection permit."))
        // The standard process collector's name, which dashboards (and the stress tool) look for.
        residentMemory = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "process", metricName: "resident_memory", unitName: "bytes", helpText: "Resident memory size."))
        peakResidentMemory = registry.makeGauge(
            descriptor: Self.name("resident_memory_peak", unit: "bytes", help: "The process's peak resident memory."))
    }

    /// `gallery_archive_<metric>[_<unit>]`.
    private static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gallery_archive", metricName: metric, unitName: unit, helpText: help)
    }

    /// The exposition text, with the limiter's gauges read at scrape time.
    public func render() -> [UInt8] {
        permitsInUse.set(Double(limiter?.inUse ?? 0))
        permitsWaiting.set(Double(limiter?.waiting ?? 0))
        storage?.update()
        if let memory = ProcessMemory.read() {
            residentMemory.set(memory.residentBytes)
            peakResidentMemory.set(memory.peakResidentBytes)
        }
        return registry.emitToBuffer()
    }
}
