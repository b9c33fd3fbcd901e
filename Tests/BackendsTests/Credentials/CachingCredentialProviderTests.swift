@testable import Backends
import Foundation
import Synchronization
import TestSupport
import Testing

/// Caching and shared refresh, against the fake IMDS (each fetch is counted there).
@Suite struct CachingCredentialProviderTests {
    /// A settable clock shared with the provider.
    final class TestClock: Sendable {
        private let now = Mutex(Date())
        func read() -> Date { now.withLock { $0 } }
        func advance(by seconds: TimeInterval) { now.withLock { $0 += seconds } }
    }

    func makeProvider(_ fake: FakeCredentialEndpoints, clock: TestClock,
                      events: StorageEvents? = nil) -> CachingCredentialProvider {
        // A request timeout well above the fake's injected delays (0.5 s): IMDS's own 1 s leaves no margin on a
        // loaded machine or under ThreadSanitizer, and a timed-out refresh is not retried while the test clock stands.
        let source = InstanceMetadataCredentialProvider(client: URLSessionHTTPClient(), endpoint: fake.base,
                                                        timeout: .seconds(10))
        return CachingCredentialProvider(source, events: events, clock: { clock.read() })
    }

    /// Polls until `events` has counted `count` failed refreshes (up to 20 s).
    func eventually(_ events: StorageEvents, countsFailures count: Int) async throws -> Bool {
        _ = try await TestSupport.eventually(within: .seconds(20)) { events.credentialRefreshFailures >= count }
        return events.credentialRefreshFailures == count
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let fake = try await FakeCredentialEndpoints()
        try await fake.configure(["delay_seconds": 0.3])
        let provider = makeProvider(fake, clock: TestClock())
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await provider.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIAFAKE0001"])
        #expect(try await fake.stats()["imds_credentials"] == 1)
    }

    /// Polls until the background refresh has replaced the cached credentials (up to 20 s: a loaded CI machine).
    func eventually(_ provider: CachingCredentialProvider, returns key: String) async throws -> Bool {
        for _ in 0..<1000 {
            if try await provider.credentials().accessKeyId == key { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func refreshesAFewMinutesBeforeExpiryWithoutMakingCallersWait() async throws {
        let fake = try await FakeCredentialEndpoints()
        let clock = TestClock()
        let provider = makeProvider(fake, clock: clock)
        #expect(try await provider.credentials().accessKeyId == "ASIAFAKE0001")
        clock.advance(by: 3600 - 310)
        #expect(try await provider.credentials().accessKeyId == "ASIAFAKE0001")
        #expect(try await fake.stats()["imds_credentials"] == 1)
        // Inside the margin: the still-valid credentials are returned and the refresh runs behind them.
        try await fake.configure(["delay_seconds": 0.5])
        clock.advance(by: 20)
        #expect(try await provider.credentials().accessKeyId == "ASIAFAKE0001")
        #expect(try await eventually(provider, returns: "ASIAFAKE0002"))
        #expect(try await fake.stats()["imds_credentials"] == 2)
    }

    @Test func aFailingEndpointIsRetriedSparinglyWhileTheCacheIsValid() async throws {
        let fake = try await FakeCredentialEndpoints()
        let clock = TestClock()
        let events = StorageEvents()
        let provider = makeProvider(fake, clock: clock, events: events)
        _ = try await provider.credentials()
        try await fake.configure(["fail_credentials": true])
        clock.advance(by: 3600 - 60)
        #expect(try await provider.credentials().accessKeyId == "ASIAFAKE0001")
        // That call started one background attempt (two requests: one retry); wait for it to fail.
        var fetches = 0
        for _ in 0..<1000 where fetches < 3 {
            try await Task.sleep(for: .milliseconds(20))
            fetches = try await fake.stats()["imds_credentials"] ?? 0
        }
        #expect(fetches == 3)
        #expect(try await eventually(events, countsFailures: 1), "the failed background refresh was not counted")
        for _ in 0..<20 { #expect(try await provider.credentials().accessKeyId == "ASIAFAKE0001") }
        try await Task.sleep(for: .milliseconds(300))
        // Not one attempt per call: the next waits for the retry interval.
        #expect(try await fake.stats()["imds_credentials"] == 3)
        clock.advance(by: 120)
        await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(try await eventually(events, countsFailures: 2))
    }

    @Test func shortLivedCredentialsAreUsedForHalfTheirLife() async throws {
        let fake = try await FakeCredentialEndpoints()
        try await fake.configure(["expires_in": 240])
        let clock = TestClock()
        let provider = makeProvider(fake, clock: clock)
        _ = try await provider.credentials()
        clock.advance(by: 100)
        _ = try await provider.credentials()
        #expect(try await fake.stats()["imds_credentials"] == 1)
        clock.advance(by: 30)
        #expect(try await eventually(provider, returns: "ASIAFAKE0002"))
    }
}
