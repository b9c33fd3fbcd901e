import Synchronization

/// Per-client bounds on concurrent streamed downloads (per user, per shared link, per address), so one client —
/// or the anonymous visitors of one public link — cannot take the whole S3 pool. A download holds a `Ticket` for
/// as long as its body streams; a client past a bound gets 429 with `Retry-After`.
final class DownloadAdmission: Sendable {
    private let bounds: ServiceSettings.ClientBounds
    private let held = Mutex<[String: Int]>([:])

    init(bounds: ServiceSettings.ClientBounds) {
        self.bounds = bounds
    }

    /// Admits one download of `principal` from `address`, or throws a 429 naming the bound that was reached.
    func admit(_ principal: Principal, address: String) throws -> Ticket {
        let keys = [principalKey(principal), ("address:" + address, bounds.perAddress, "this address")]
        let refused: String? = held.withLock { held in
            if let full = keys.first(where: { held[$0.0, default: 0] >= $0.1 }) { return full.2 }
            for (key, _, _) in keys { held[key, default: 0] += 1 }
            return nil
        }
        if let refused {
            throw ServiceError(.tooManyRequests, "Too many downloads at once for \(refused); try again when one ends",
                               retryAfter: 10)
        }
        return Ticket(admission: self, keys: keys.map(\.0))
    }

    /// Downloads held now under `key` (`user:<id>`, `link:<id>`, `address:<ip>`), for tests and the log.
    func count(_ key: String) -> Int { held.withLock { $0[key, default: 0] } }

    private func principalKey(_ principal: Principal) -> (String, Int, String) {
        switch principal {
        case .user(let user): ("user:" + user.id, bounds.perUser, "this user")
        case .sharedLink(let link): ("link:" + link.id, bounds.perSharedLink, "this shared link")
        }
    }

    fileprivate func release(_ keys: [String]) {
        held.withLock { held in
            for key in keys {
                let left = held[key, default: 1] - 1
                held[key] = left > 0 ? left : nil
            }
        }
    }

    /// One admitted download. Released once, when the body ends or — should the body never run (the client left
    /// before the head was written) — when the last reference goes.
    final class Ticket: Sendable {
        private let admission: DownloadAdmission
        private let keys: Mutex<[String]?>

        fileprivate init(admission: DownloadAdmission, keys: [String]) {
            self.admission = admission
            self.keys = Mutex(keys)
        }

        func release() {
            if let keys = keys.withLock({ $0.take() }) { admission.release(keys) }
        }

        deinit { release() }
    }
}
