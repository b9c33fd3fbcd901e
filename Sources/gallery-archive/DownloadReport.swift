/// What became of one download, as the summary counts it.
enum DownloadOutcome: Sendable, Equatable {
    /// Received to the end (resumed or not) and valid, with as many entries as `/download/info` listed.
    case completed
    /// Received to the end and not a valid archive: the one result that must never happen.
    case invalid(String)
    /// Cut by us and not resumed to the end.
    case aborted
    /// Ended by the server or the network: an error status, a cut body, a deadline.
    case failed(String)
    /// 429: the server's per-client bound said no.
    case refused
}

/// What a `--resume` attempt after our disconnect did.
enum ResumeNote: Sendable, Equatable {
    /// 206 from the cut-off byte on, and the archive completed.
    case resumed
    /// The first response offered no `Accept-Ranges: bytes` with an `ETag`: nothing to resume with.
    case skipped
    /// The ranged request was not answered with 206 from the right byte.
    case refused
}

struct DownloadReport: Sendable {
    var outcome: DownloadOutcome
    /// From sending the request to the first body byte.
    var timeToFirstByte: Duration?
    /// Whether we cut the connection on purpose.
    var disconnected = false
    var resume: ResumeNote?
}
