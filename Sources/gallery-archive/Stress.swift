import ArgumentParser
import AsyncHTTPClient
import NIOCore

/// `gallery-archive stress`: concurrent album downloads against a running service, each archive validated as it
/// streams; prints what completed, what failed and how fast, and the server's own view before and after.
struct Stress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download an album's archives concurrently, validate every one, and report.")

    @Option(help: "The service's base URL.") var url: String
    @Option(help: "API key (sent as x-api-key).") var apiKey: String?
    @Option(help: "Shared link key (sent as ?key=).") var shareKey: String?
    @Option(help: "Album id.") var album: String
    @Option(help: "Concurrent downloading clients.") var clients = 16
    @Option(help: "Run time in seconds.") var duration = 60.0
    @Option(help: "Share of downloads we cut at a random byte (0...1).") var disconnectRate = 0.0
    @Option(help: "Extra clients that start a download and stop reading.") var slowReaders = 0
    @Flag(help: "Continue cut downloads with Range/If-Range when the server offers ranges.") var resume = false
    @Option(help: "Seconds one download may take, its resume included.") var downloadTimeout = 300.0
    @Option(help: "Seconds to wait after the run for the server to release every download.") var drainTimeout = 30.0

    func validate() throws {
        guard (apiKey == nil) != (shareKey == nil) else { throw ValidationError("give one of --api-key, --share-key") }
        guard clients >= 1, slowReaders >= 0, duration > 0 else { throw ValidationError("clients >= 1, duration > 0") }
        guard (0...1).contains(disconnectRate) else { throw ValidationError("--disconnect-rate is a share, 0...1") }
    }

    func run() async throws {
        let credential: StressCredential = apiKey.map { .apiKey($0) } ?? .shareKey(shareKey!)
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.http(connections: clients,
                                                                                           readTimeout: .seconds(30)))
        let slowHTTP = HTTPClient(eventLoopGroupProvider: .singleton,
                                  configuration: Self.http(connections: max(slowReaders, 1), readTimeout: nil))
        let client = GalleryClient(http: http, base: base, credential: credential, deadline: .seconds(30))
        var failed = false, failure: (any Error)?
        do {
            failed = try await stress(client, slowClient: GalleryClient(http: slowHTTP, base: base,
                                                                        credential: credential, deadline: .seconds(30)))
        } catch {
            failure = error
        }
        try await http.shutdown()
        try await slowHTTP.shutdown()
        if let failure { throw failure }
        if failed { throw ExitCode(1) }
    }

    /// Runs the stress and prints its report; true when an archive was invalid or the server did not drain.
    private func stress(_ client: GalleryClient, slowClient: GalleryClient) async throws -> Bool {
        let info = try await client.downloadInfo(album: album)
        guard !info.archives.isEmpty else { throw ValidationError("album \(album) has nothing to download") }
        let before = try ServerMetrics(exposition: await client.metricsText())
        let tally = StressTally()
        let started = ContinuousClock.now
        let run = StressRun(client: client, slowClient: slowClient, archives: info.archives, clients: clients,
                            slowReaders: slowReaders, duration: .seconds(duration), disconnectRate: disconnectRate,
                            resume: resume, downloadDeadline: .seconds(downloadTimeout), tally: tally)
        let progress = Task { await StressProgress(tally: tally, started: started, duration: .seconds(duration)).run() }
        await run.run()
        progress.cancel()
        await progress.value
        let elapsed = started.duration(to: .now)
        let (after, drainedAfter) = try await drain(client)
        let report = StressReport(settings: settings(info), counts: tally.snapshot, elapsed: elapsed, before: before,
                                  after: after, drainedAfter: drainedAfter, resume: resume)
        print(report.text)
        return report.counts.invalid > 0 || drainedAfter == nil
    }

    /// Reads `/metrics` until nothing is in flight and no permit is held, for at most `drainTimeout` seconds.
    private func drain(_ client: GalleryClient) async throws -> (ServerMetrics, Duration?) {
        let start = ContinuousClock.now
        let deadline = start + .seconds(drainTimeout)
        while true {
            let metrics = try ServerMetrics(exposition: await client.metricsText())
            if metrics.isDrained { return (metrics, start.duration(to: .now)) }
            if ContinuousClock.now >= deadline { return (metrics, nil) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    private func settings(_ info: GalleryClient.DownloadInfo) -> String {
        let assets = info.archives.reduce(0) { $0 + $1.assetIds.count }
        return "stress \(url): \(clients) clients, \(slowReaders) slow readers, \(duration) s, disconnect rate "
            + "\(disconnectRate), resume \(resume ? "on" : "off"); album \(album): \(info.archives.count) archive(s), "
            + "\(assets) assets, \(info.totalSize) bytes"
    }

    private static func http(connections: Int, readTimeout: TimeAmount?) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: readTimeout)
        return configuration
    }
}
