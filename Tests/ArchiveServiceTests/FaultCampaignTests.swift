import ArchiveCheck
import ArchiveService
import AsyncHTTPClient
import Backends
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// Issue 9's fault campaign: 1,000 archive downloads of assets on disk and on S3 behind the fault proxy in chaos
/// mode (500s, 503 SlowDown, resets mid-body, held heads, trickled bodies), while the assets change under them
/// (S3 objects overwritten, disk files truncated in place or replaced) and clients vanish or stall past the send
/// deadline. Every client must get a valid archive of versions that existed, or a cut connection, or an error
/// answer that leaks nothing; afterwards no S3 permit, file descriptor or temporary file is left behind.
/// The seed (GA_CAMPAIGN_SEED) makes a failing campaign replayable.
@Suite(.enabled(if: S3Settings.isConfigured, S3Settings.skipReason))
struct FaultCampaignTests {
    static let downloads = 1000
    static let workers = 8
    static let connections = 8
    static let seed = UInt64(ProcessInfo.processInfo.environment["GA_CAMPAIGN_SEED"] ?? "") ?? 20_261_202
    static let bigSize = 10 << 20

    @Test func everyClientGetsAValidArchiveOrACutConnectionAndNothingLeaks() async throws {
        print("fault campaign seed \(Self.seed) (GA_CAMPAIGN_SEED replays it)")
        let proxy = try await FaultProxy(["--chaos", "0.08", "--seed", String(Self.seed)])
        var environment = S3Settings.environment(maxConnections: Self.connections)
        environment["IMMICH_S3_ENDPOINT"] = proxy.endpoint
        var settings = ServiceSettings()
        settings.sendTimeout = .seconds(1)
        settings.storageTimeout = .seconds(5)
        settings.clientBounds = .init(perUser: 1000, perSharedLink: 1000, perAddress: 1000)
        let service = try await TestService.make(environment: environment, settings: settings)
        var direct = S3Settings.environment()
        direct["IMMICH_MEDIA_LOCATION"] = service.directory + "/media"
        let bucket = try #require(try StorageSetup(environment: direct).router.s3)
        let media = service.directory + "/media/campaign"
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        let prefix = "archive-service-campaign/\(UUID().uuidString)"
        let library = try await CampaignLibrary(
            diskCount: 7, s3Count: 7, sizes: { $0 % 7 == 0 ? Self.bigSize : 1024 + ($0 * 37_117) % (128 << 10) },
            mediaDirectory: media, prefix: prefix, s3: bucket, catalog: service.catalog)
        let jobs = CampaignJobs(library: library, count: Self.downloads, largeSize: Self.bigSize, seed: Self.seed)
        let limiter = try #require(service.storage.limiter)
        let temporaryBefore = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))

        let tally = try await service.run { client in
            let port = try #require(client.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let campaign = CampaignClient(http: http, port: port, apiKey: DemoLibrary.apiKey("alice"))
            let started = ContinuousClock.now
            let tally = await Self.run(jobs, with: campaign, library: library)
            try await http.shutdown()
            print("campaign: \(tally) in \(ContinuousClock.now - started), \(library.mutationCount) changes, "
                  + "proxy \(try await proxy.stats())")

            let settled = try await MetricsProbe.poll(client, within: .seconds(10)) { metrics in
                limiter.inUse == 0 && metrics["gallery_archive_archives_in_flight"] == 0
            }
            #expect(settled, "S3 permits still held: \(limiter.inUse)")
            let root = service.directory + "/media"
            #expect(OpenFiles.beneath(root).isEmpty, "media files left open: \(OpenFiles.beneath(root))")
            return tally
        }
        await library.removeObjects()
        // SeaweedFS, another process, logs into the temporary directory too, and a Swift build running beside the
        // tests makes its TemporaryDirectory.* there.
        let temporaryAfter = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
            .filter { !$0.hasPrefix("weed.") && !$0.hasPrefix("TemporaryDirectory.") }
        #expect(temporaryAfter.subtracting(temporaryBefore).isEmpty,
                "temporary files left: \(temporaryAfter.subtracting(temporaryBefore))")

        #expect(tally.wrong.isEmpty, "archives that ended cleanly but are wrong: \(tally.wrong.prefix(5))")
        #expect(tally.leaks.isEmpty, "error answers that name internals: \(tally.leaks.prefix(5))")
        // Not a vacuous campaign: most readers got whole archives, stalled readers were cut by the server, and
        // every kind of fault and change happened.
        #expect(tally.valid * 2 >= tally.readers, "only \(tally.valid) of \(tally.readers) readers got an archive")
        #expect(tally.stalledAndCut > 0, "no stalled reader was cut by the send deadline")
        let chaos = try await proxy.stats()["chaos"] as? [String: Int] ?? [:]
        #expect(chaos.count == 5 && chaos.values.allSatisfy { $0 > 0 }, "faults injected: \(chaos)")
        #expect(library.mutationCount > 100)
    }

    /// Runs every job, `workers` at a time, while a mutator changes an asset every 50 ms.
    static func run(_ jobs: CampaignJobs, with client: CampaignClient, library: CampaignLibrary) async
        -> CampaignTally {
        let mutator = Task {
            var random = SplitMix64(seed: seed ^ 0x5EED)
            while (try? await Task.sleep(for: .milliseconds(50))) != nil {
                // A change the storage refused (a PUT failing on a loaded machine) is recorded as a version that
                // may exist, which only widens what a download may hold; the count below says enough succeeded.
                do { try await library.mutate(using: &random) } catch { print("campaign change failed: \(error)") }
            }
        }
        var tally = CampaignTally()
        await withTaskGroup(of: [(CampaignTally.Note, CampaignJobs.Job)].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var notes: [(CampaignTally.Note, CampaignJobs.Job)] = []
                    while let job = jobs.next() {
                        let outcome = await client.download(job.assets.map(\.id), behaviour: job.behaviour,
                                                            deadline: .seconds(60))
                        notes.append((CampaignTally.judge(outcome, of: job, in: library), job))
                    }
                    return notes
                }
            }
            for await notes in group {
                for (note, job) in notes { tally.add(note, of: job) }
            }
        }
        mutator.cancel()
        await mutator.value
        return tally
    }
}
