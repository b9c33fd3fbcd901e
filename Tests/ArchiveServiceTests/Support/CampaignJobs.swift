import Synchronization
import TestSupport

/// The campaign's downloads, drawn from a seed before it starts, handed out one at a time to the workers.
final class CampaignJobs: Sendable {
    /// One download: which assets, and what the client does with the archive.
    struct Job: Sendable {
        let assets: [CampaignLibrary.Asset]
        let behaviour: CampaignClient.Behaviour
    }

    private let jobs: [Job]
    private let taken = Atomic<Int>(0)

    /// `count` jobs (assets of `largeSize` bytes or more are large): 70 % read a few small assets, 15 % vanish part-way through one, 8 % read one large asset with
    /// small ones, 7 % stall on both large assets (more than the socket buffers hold, so the send deadline cuts them).
    init(library: CampaignLibrary, count: Int, largeSize: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let large = library.assets.filter { $0.initialSize >= largeSize }
        let small = library.assets.filter { $0.initialSize < largeSize }
        jobs = (0..<count).map { _ in
            let few = Array(small.shuffled(using: &random).prefix(Int.random(in: 2...6, using: &random)))
            switch Int.random(in: 0..<100, using: &random) {
            case ..<70: return Job(assets: few, behaviour: .reads)
            case ..<85: return Job(assets: few, behaviour: .vanishes(afterBytes: Int.random(in: 0..<(256 << 10), using: &random)))
            case ..<93: return Job(assets: [large.randomElement(using: &random)!] + few, behaviour: .reads)
            default: return Job(assets: large + few, behaviour: .stalls(afterBytes: 64 << 10, pause: .milliseconds(2500)))
            }
        }
    }

    /// The next job, or nil when all have been handed out.
    func next() -> Job? {
        let index = taken.add(1, ordering: .relaxed).oldValue
        return index < jobs.count ? jobs[index] : nil
    }
}
