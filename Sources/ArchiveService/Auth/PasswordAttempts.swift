import Synchronization

/// Counts wrong shared-link passwords per link and per client address in fixed windows; past the limit, further
/// tries are refused with 429 and `Retry-After` until the window ends — whether or not the guess would be right, so
/// a guesser learns nothing more. Per process: each replica bounds what reaches it (an attacker spread across
/// replicas gets the limit once per replica, still a few guesses a second at most).
final class PasswordAttempts: Sendable {
    private let limit: Int
    private let window: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let failures = Mutex<[String: Window]>([:])
    /// Entries kept before expired ones are swept, and the most ever kept: a flood of addresses cannot grow the
    /// table without bound (past the cap new addresses go uncounted, but every failure still counts for its link).
    private static let sweepAbove = 4096
    private static let capacity = 65_536

    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    init(limit: Int, window: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// Throws 429 when the link or the address has used up its tries in the current window.
    func checkAllowed(link: String, address: String) throws {
        let instant = now()
        let wait: Duration? = failures.withLock { failures in
            [Self.linkKey(link), Self.addressKey(address)].compactMap { key -> Duration? in
                guard let entry = failures[key], instant - entry.start < window, entry.count >= limit else { return nil }
                return entry.start + window - instant
            }.max()
        }
        if let wait {
            let seconds = max(1, Int(wait.components.seconds) + 1)
            throw ServiceError(.tooManyRequests, "Too many wrong passwords for this shared link; try again later",
                               retryAfter: seconds)
        }
    }

    /// Records one wrong password for the link and the address.
    func recordFailure(link: String, address: String) {
        let instant = now()
        failures.withLock { failures in
            if failures.count > Self.sweepAbove { failures = failures.filter { instant - $0.value.start < window } }
            for key in [Self.linkKey(link), Self.addressKey(address)] {
                if let entry = failures[key], instant - entry.start < window {
                    failures[key]?.count = entry.count + 1
                } else if failures[key] != nil || failures.count < Self.capacity || key.hasPrefix("link:") {
                    failures[key] = Window(start: instant, count: 1)
                }
            }
        }
    }

    private static func linkKey(_ link: String) -> String { "link:" + link }
    private static func addressKey(_ address: String) -> String { "address:" + address }
}
