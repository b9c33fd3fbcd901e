import ArchiveCheck

/// What the campaign's clients saw, judged against the library's versions.
struct CampaignTally: Sendable, CustomStringConvertible {
    /// A download's verdict.
    enum Note: Sendable {
        case valid, cut, left, refused(UInt)
        /// Wrong bytes or a short archive that ended cleanly, with why.
        case wrong(String)
        /// An error answer naming internals (a path, key or endpoint).
        case leak(String)
    }

    var valid = 0
    var cut = 0
    var left = 0
    var refused: [UInt: Int] = [:]
    var wrong: [String] = []
    var leaks: [String] = []
    /// Jobs that read the archive through (stalled readers included).
    var readers = 0
    /// Stalled readers whose connection the server cut.
    var stalledAndCut = 0

    /// `outcome` of `job`: a whole archive must hold exactly the job's assets, each as one of its versions.
    static func judge(_ outcome: CampaignClient.Outcome, of job: CampaignJobs.Job, in library: CampaignLibrary) -> Note {
        switch outcome {
        case .valid(let entries):
            guard entries.count == job.assets.count else {
                return .wrong("\(entries.count) entries for \(job.assets.count) assets")
            }
            for asset in job.assets where !entries.contains(where: { library.holds($0, of: asset) }) {
                return .wrong("\(asset.fileName): no entry holds a version it had (\(entries.map(\.name)))")
            }
            return .valid
        case .cut: return .cut
        case .left: return .left
        case .refused(let status, let body):
            let internals = ["campaign/", "archive-service-", "127.0.0.1", "/tmp"]
            return internals.contains(where: body.contains) ? .leak("\(status): \(body)") : .refused(status)
        case .wrong(let reason): return .wrong(reason)
        }
    }

    mutating func add(_ note: Note, of job: CampaignJobs.Job) {
        if case .vanishes = job.behaviour {} else { readers += 1 }
        switch note {
        case .valid: valid += 1
        case .cut:
            cut += 1
            if case .stalls = job.behaviour { stalledAndCut += 1 }
        case .left: left += 1
        case .refused(let status): refused[status, default: 0] += 1
        case .wrong(let reason): wrong.append(reason)
        case .leak(let detail): leaks.append(detail)
        }
    }

    var description: String {
        "\(valid) valid, \(cut) cut (\(stalledAndCut) stalled readers), \(left) left, refused \(refused), "
            + "\(wrong.count) wrong, \(leaks.count) leaking"
    }
}
