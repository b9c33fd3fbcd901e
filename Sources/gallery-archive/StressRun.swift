/// The client loops of one stress run: `clients` downloaders, each taking one archive after another for the
/// duration (cutting some on purpose), and `slowReaders` clients that stall.
struct StressRun: Sendable {
    let client: GalleryClient
    /// The slow readers' client: without a read timeout, since not reading is what they do.
    let slowClient: GalleryClient
    let archives: [GalleryClient.DownloadInfo.Archive]
    let clients: Int
    let slowReaders: Int
    let duration: Duration
    let disconnectRate: Double
    let resume: Bool
    /// Bounds each download, its resume included.
    let downloadDeadline: Duration
    let tally: StressTally

    /// Runs every loop; returns when the duration is over and every download begun has ended.
    func run() async {
        let end = ContinuousClock.now + duration
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients { group.addTask { await downloadLoop(until: end) } }
            for _ in 0..<slowReaders { group.addTask { await slowReaderLoop(until: end) } }
        }
    }

    private func downloadLoop(until end: ContinuousClock.Instant) async {
        while ContinuousClock.now < end {
            let archive = archives.randomElement()!
            let download = ArchiveDownload(client: client, archive: archive, cutAfter: cutPoint(archive.size),
                                           resume: resume, tally: tally)
            let report = await download.run(deadline: downloadDeadline)
            tally.record(report)
            if report.outcome == .refused { await backOff(until: end) }
        }
    }

    /// Where to disconnect, for a `disconnectRate` share of downloads: anywhere from the first byte to the last
    /// but one.
    private func cutPoint(_ size: UInt64) -> UInt64? {
        guard size > 1, Double.random(in: 0..<1) < disconnectRate else { return nil }
        return UInt64.random(in: 1..<size)
    }

    private func slowReaderLoop(until end: ContinuousClock.Instant) async {
        while ContinuousClock.now < end {
            let reader = SlowReader(client: slowClient, archive: archives.randomElement()!)
            let outcome = await withDeadline(ContinuousClock.now.duration(to: end) + downloadDeadline) {
                await reader.hold(until: end)
            } ?? .failed("not started within the deadline")
            tally.recordSlowReader(outcome)
            if outcome != .aborted { await backOff(until: end) }
        }
    }

    /// A refused client waits a little (jittered, so refused clients do not come back in step) before trying again.
    private func backOff(until end: ContinuousClock.Instant) async {
        let pause = Duration.milliseconds(Int.random(in: 100...400))
        try? await Task.sleep(until: min(ContinuousClock.now + pause, end))
    }
}
