@testable import ArchiveService
import Backends
import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

/// Issue 9's hostile clients on disk storage: readers that stall, too many downloads from one client, password
/// guessing, a storage that stops answering, and a shutdown that must not wait for ever.
@Suite struct HostileClientTests {
    /// A file large enough that a reader taking nothing stalls the server's writes long before its end.
    static let largeBytes = 48 << 20

    /// A client that takes no byte is cut off at the send deadline: its download ends (counted as an abort) and
    /// the file it read is closed.
    @Test func aReaderThatTakesNothingIsCutOffAtTheSendDeadline() async throws {
        var settings = ServiceSettings()
        settings.sendTimeout = .seconds(1)
        let service = try await TestService.make(settings: settings)
        let large = try await Self.addLargeFile(to: service)
        try await service.run { client in
            let stalled = try await Self.stallDownload(of: large.id, on: client)
            let started = ContinuousClock.now
            #expect(try await MetricsProbe.poll(client, within: .seconds(15)) {
                $0["gallery_archive_archives_in_flight"] == 0 && $0["gallery_archive_aborts_total"] == 1
            }, "the stalled download was not cut off")
            print("stalled reader cut off \(ContinuousClock.now - started) after its download started (deadline 1 s)")
            #expect(try Self.openDescriptors(to: large.path) == 0, "the stalled download's file is still open")
            withExtendedLifetime(stalled) {}
        }
    }

    /// With the default bounds (4 downloads per address), a fifth download from the same address is a 429 with
    /// `Retry-After`; once the others end, the address downloads again.
    @Test func downloadsPastThePerAddressBoundAreRefusedWith429() async throws {
        let service = try await TestService.make()
        let large = try await Self.addLargeFile(to: service)
        try await service.run { client in
            let port = try #require(client.port)
            var stalled: [StalledClient] = []
            for _ in 0..<ServiceSettings().clientBounds.perAddress {
                stalled.append(try await StalledClient.open(port: port, request: StalledClient.post(
                    "/api/download/archive", apiKey: DemoLibrary.apiKey("alice"),
                    json: #"{"assetIds":["\#(large.id)"]}"#)))
            }
            #expect(try await MetricsProbe.poll(client, within: .seconds(30)) {
                $0["gallery_archive_archives_in_flight"] == Double(stalled.count)
            })
            let cafe = Body.assets([Assets.id("cafe")])
            let refused = try await client.post("/api/download/archive", .key("bob"), body: cafe)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(refused.errorMessage?.contains("this address") == true, "\(refused.errorMessage ?? "no message")")
            stalled.removeAll()
            #expect(try await MetricsProbe.poll(client, within: .seconds(30)) {
                $0["gallery_archive_archives_in_flight"] == 0
            }, "the closed connections' downloads did not end")
            #expect(try await client.post("/api/download/archive", .key("bob"), body: cafe).status == .ok)
        }
    }

    /// Per user: past the user's bound that user gets 429, another user from the same address does not.
    @Test func downloadsPastThePerUserBoundAreRefusedWith429() async throws {
        var settings = ServiceSettings()
        settings.clientBounds = .init(perUser: 2, perSharedLink: 2, perAddress: 100)
        let service = try await TestService.make(settings: settings)
        let large = try await Self.addLargeFile(to: service)
        try await service.run { client in
            let port = try #require(client.port)
            let stalled = try await (0..<2).asyncMap { _ in
                try await StalledClient.open(port: port, request: StalledClient.post(
                    "/api/download/archive", apiKey: DemoLibrary.apiKey("alice"),
                    json: #"{"assetIds":["\#(large.id)"]}"#))
            }
            #expect(try await MetricsProbe.poll(client, within: .seconds(30)) {
                $0["gallery_archive_archives_in_flight"] == 2
            })
            let cafe = Body.assets([Assets.id("cafe")])
            let refused = try await client.post("/api/download/archive", .key("alice"), body: cafe)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorMessage?.contains("this user") == true)
            #expect(try await client.post("/api/download/archive", .key("bob"), body: cafe).status == .ok)
            withExtendedLifetime(stalled) {}
        }
    }

    /// Behind a trusted proxy the address is the one the proxy appended to `X-Forwarded-For`; from any other peer the
    /// header is the client's own word and is ignored.
    @Test(arguments: [true, false])
    func theAddressComesFromXForwardedForOnlyThroughATrustedProxy(trusted: Bool) async throws {
        var settings = ServiceSettings()
        settings.clientBounds = .init(perUser: 100, perSharedLink: 100, perAddress: 1)
        if !trusted { settings.trustedProxies = [] }
        let service = try await TestService.make(settings: settings)
        let large = try await Self.addLargeFile(to: service)
        try await service.run { client in
            let stalled = try await Self.stallDownload(of: large.id, on: client)
            let cafe = Body.assets([Assets.id("cafe")])
            let forwarded: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1, 203.0.113.7"]
            let other = try await client.post("/api/download/archive", .key("bob"), body: cafe, extraHeaders: forwarded)
            #expect(other.status == (trusted ? .ok : .tooManyRequests))
            #expect(try await client.post("/api/download/archive", .key("bob"), body: cafe).status == .tooManyRequests)
            withExtendedLifetime(stalled) {}
        }
    }

    /// Wrong shared-link passwords: after the allowed failures, the link answers 429 with `Retry-After` — even to
    /// the right password, so a guesser cannot tell a hit — until the window ends.
    @Test func wrongSharedLinkPasswordsAreRateLimited() async throws {
        var settings = ServiceSettings()
        settings.passwordFailures = 3
        let service = try await TestService.make(settings: settings)
        try await service.run { client in
            let route = "/api/download/info?key=\(DemoLibrary.Link.password.urlKey)"
            let asset = Body.assets([Assets.id("cafe")])
            for attempt in 1...3 {
                let wrong = try await client.post(route, body: asset, extraHeaders: Self.cookie(password: "guess\(attempt)"))
                #expect(wrong.status == .unauthorized, "attempt \(attempt)")
            }
            for password in ["guess4", DemoLibrary.linkPassword] {
                let limited = try await client.post(route, body: asset, extraHeaders: Self.cookie(password: password))
                #expect(limited.status == .tooManyRequests, "\(password)")
                let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...61).contains(retryAfter))
            }
        }
    }

    /// A storage that stops answering a HEAD while an archive is planned fails the plan with 504 naming the asset,
    /// at the storage deadline, instead of holding the request.
    @Test func aStorageHEADPastItsDeadlineIsA504NamingTheAsset() async throws {
        var settings = ServiceSettings()
        settings.storageTimeout = .seconds(1)
        let service = try await TestService.make(
            wrapDisk: { FailingBackend(inner: $0, failingSuffix: "tokyo.png", stallsHead: true) }, settings: settings)
        try await service.run { client in
            let started = ContinuousClock.now
            let ids = ["sunrise", "tokyo"].map(Assets.id)
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            print("stalled HEAD answered after \(ContinuousClock.now - started) (deadline 1 s)")
            #expect(response.status == .gatewayTimeout)
            let message = try #require(response.errorMessage)
            #expect(message.contains(Assets.id("tokyo")) && message.contains("did not answer in time"))
            #expect(!message.contains("/"), "the message shows a path: \(message)")
        }
    }

    /// A request that arrives while the service drains gets 503 with `Retry-After`.
    @Test func requestsDuringTheDrainAre503() async throws {
        let service = try await TestService.make()
        let dependencies = ArchiveDependencies(catalog: service.catalog, storage: service.router,
                                               s3Limiter: nil)
        let app = Application(router: ArchiveApplication.router(dependencies))
        try await app.test(.router) { client in
            #expect(try await client.get("/health").status == .ok)
            dependencies.drain.begin()
            let response = try await client.post("/api/download/info", .key("alice"), body: Body.assets([Assets.id("cafe")]))
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
        }
    }

    /// Graceful shutdown waits for running downloads only until the shutdown deadline, then cuts them off.
    @Test func shutdownCutsOffWhatStillRunsAtItsDeadline() async throws {
        var settings = ServiceSettings()
        settings.shutdownTimeout = .seconds(1)
        let service = try await TestService.make(settings: settings)
        let large = try await Self.addLargeFile(to: service)
        let dependencies = ArchiveDependencies(catalog: service.catalog, storage: service.router, s3Limiter: nil,
                                               settings: settings)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(router: ArchiveApplication.router(dependencies),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) })
        let group = ArchiveApplication.serviceGroup(dependencies, app: app, signals: [],
                                                    logger: Logger(label: "shutdown-test"))
        let running = Task { try await group.run() }
        defer { running.cancel() }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())
        let stalled = try await StalledClient.open(port: port, request: StalledClient.post(
            "/api/download/archive", apiKey: DemoLibrary.apiKey("alice"), json: #"{"assetIds":["\#(large.id)"]}"#))
        try await Self.waitFor(within: .seconds(30)) { Self.metric("archives_in_flight", dependencies) == 1 }
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await withDeadline(.seconds(20), "the graceful shutdown") { try await running.value }
        print("shutdown with a stalled download took \(ContinuousClock.now - started) (deadline 1 s)")
        #expect(Self.metric("aborts_total", dependencies) == 1)
        #expect(Self.metric("archives_in_flight", dependencies) == 0)
        withExtendedLifetime(stalled) {}
    }

    // MARK: - Helpers

    static func cookie(password: String) -> HTTPFields {
        let token = Data(SHA256Probe.digest("\(DemoLibrary.Link.password.id)-\(password)")).base64EncodedString()
        return [.cookie: "immich_shared_link_token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"]
    }

    /// Alice's download of `assetID` by a client that then takes nothing, once the server has started it.
    static func stallDownload(of assetID: String, on client: some TestClientProtocol) async throws -> StalledClient {
        let stalled = try await StalledClient.open(port: try #require(client.port), request: StalledClient.post(
            "/api/download/archive", apiKey: DemoLibrary.apiKey("alice"), json: #"{"assetIds":["\#(assetID)"]}"#))
        let started = try await MetricsProbe.poll(client, within: .seconds(30)) {
            $0["gallery_archive_archives_in_flight"] == 1
        }
        #expect(started, "the stalled download never started")
        return stalled
    }

    /// A large file of Alice's, on disk, with its asset row.
    static func addLargeFile(to service: TestService) async throws -> (id: String, path: String) {
        let path = service.directory + "/media/library/alice/large.bin"
        let created = FileManager.default.createFile(atPath: path, contents: nil)
        #expect(created)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(largeBytes))
        try handle.close()
        let asset = NewAsset(id: DemoLibrary.uuid("asset:large"), ownerID: DemoLibrary.userID("alice"),
                             originalPath: path, originalFileName: "large.bin",
                             fileCreatedAt: Date(timeIntervalSince1970: 1_720_000_000), fileSizeInByte: Int64(largeBytes))
        try await service.catalog.write { try $0.asset(asset) }
        return (asset.id, path)
    }

    /// How many of this process's descriptors are open on `path`.
    static func openDescriptors(to path: String) throws -> Int {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == resolved
        }.count
    }

    /// An unlabelled series of the service's metrics, read in-process.
    static func metric(_ name: String, _ dependencies: ArchiveDependencies) -> Double? {
        let text = String(decoding: dependencies.metrics.render(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("gallery_archive_\(name) ") }
        return line.flatMap { Double($0.split(separator: " ")[1]) }
    }

    /// Polls `condition` every 20 ms until it holds; throws after `limit`.
    static func waitFor(within limit: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else { throw StalledClient.Failure(description: "timed out") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
