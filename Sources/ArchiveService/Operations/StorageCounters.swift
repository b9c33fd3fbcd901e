import Backends
import Prometheus
import Synchronization

/// The storage layer's event counts (`StorageEvents`) as Prometheus counters, and its paused S3 streams as a
/// gauge, brought up to date at each scrape.
final class StorageCounters: Sendable {
    private let events: StorageEvents
    private let retries: Counter
    private let resumes: Counter
    private let refreshFailures: Counter
    private let pausedStreams: Gauge
    /// The counts already added to the counters (retries, resumes, refresh failures).
    private let reported = Mutex((0, 0, 0))

    init(_ events: StorageEvents, registry: PrometheusCollectorRegistry) {
        self.events = events
        retries = registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "gallery_archive", metricName: "s3_retries", unitName: "total",
                                             helpText: "S3 requests sent again after a retryable failure."))
        resumes = registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "gallery_archive", metricName: "s3_resumed_reads",
                                             unitName: "total", helpText: "S3 reads reopened after breaking mid-body."))
        refreshFailures = registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "gallery_archive", metricName: "s3_credential_refresh_failures",
                                             unitName: "total", helpText: "Failed fetches of temporary S3 credentials."))
        pausedStreams = registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "gallery_archive", metricName: "s3_streams_paused",
                                             helpText: "S3 reads holding their connection while a slow client catches up."))
    }

    /// Adds what happened since the last scrape and reads the paused streams now.
    func update() {
        let now = (events.s3Retries, events.s3Resumes, events.credentialRefreshFailures)
        let before = reported.withLock { reported in
            defer { reported = now }
            return reported
        }
        retries.increment(by: Int64(now.0 - before.0))
        resumes.increment(by: Int64(now.1 - before.1))
        refreshFailures.increment(by: Int64(now.2 - before.2))
        pausedStreams.set(Double(events.pausedStreams.value))
    }
}
