@testable import ArchiveService
import Backends
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Issue 9's operations: the `GALLERY_ARCHIVE_*` bounds and the log settings checked at start-up, JSON log lines
/// carrying the request id, an access line per request, and `/metrics` on an address of its own.
@Suite struct OperationsTests {
    @Test func settingsHaveTheDocumentedDefaults() throws {
        let settings = try ServiceSettings(environment: [:])
        #expect(settings.sendTimeout == .seconds(60))
        #expect(settings.clientBounds == .init(perUser: 6, perSharedLink: 8, perAddress: 4))
        #expect(settings.trustedProxies == ["127.0.0.1", "::1"])
        #expect(settings.storageTimeout == .seconds(30) && settings.shutdownTimeout == .seconds(30))
        #expect(settings.metricsAddress == nil)
    }

    @Test func settingsAreReadFromTheEnvironment() throws {
        let settings = try ServiceSettings(environment: [
            "GALLERY_ARCHIVE_SEND_TIMEOUT": "15", "GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_ADDRESS": "2",
            "GALLERY_ARCHIVE_TRUSTED_PROXIES": "10.0.0.5, 10.0.0.6", "GALLERY_ARCHIVE_METRICS_ADDRESS": "[::1]:9464",
        ])
        #expect(settings.sendTimeout == .seconds(15))
        #expect(settings.clientBounds.perAddress == 2)
        #expect(settings.trustedProxies == ["10.0.0.5", "10.0.0.6"])
        #expect(settings.metricsAddress?.host == "::1" && settings.metricsAddress?.port == 9464)
    }

    @Test(arguments: [
        ("GALLERY_ARCHIVE_SEND_TIMEOUT", "soon"), ("GALLERY_ARCHIVE_SEND_TIMEOUT", "0"),
        ("GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_USER", "-1"), ("GALLERY_ARCHIVE_METRICS_ADDRESS", "9464"),
        ("GALLERY_ARCHIVE_METRICS_ADDRESS", "127.0.0.1:99999"), ("LOG_FORMAT", "xml"), ("IMMICH_LOG_LEVEL", "loud"),
    ])
    func aBadValueIsAStartUpErrorNamingTheVariable(variable: String, value: String) throws {
        let error = #expect(throws: StorageConfigError.self) {
            _ = try ServiceSettings(environment: [variable: value])
            _ = try LogSettings(environment: [variable: value])
        }
        #expect(error?.variable == variable)
        #expect(error?.description.contains(variable) == true)
    }

    @Test func immichLogLevelsMapToSwiftLogLevels() throws {
        let pairs: [(String, Logger.Level)] = [
            ("verbose", .trace), ("debug", .debug), ("log", .info), ("warn", .warning), ("error", .error),
            ("fatal", .critical), ("WARN", .warning),
        ]
        for (immich, level) in pairs {
            #expect(try LogSettings(environment: ["IMMICH_LOG_LEVEL": immich]).level == level, "\(immich)")
        }
        #expect(try LogSettings(environment: [:]).level == .info)
        #expect(try LogSettings(environment: ["LOG_FORMAT": "json"]).format == .json)
    }

    /// Every line a request logs is a JSON object carrying its request id; the request ends with an access line
    /// holding method, route, status, the bytes sent and the duration.
    @Test func jsonLogLinesCarryTheRequestIdAndEachRequestEndsWithAnAccessLine() async throws {
        let path = NSTemporaryDirectory() + "json-log-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let logger = Logger(label: "json-test") { JSONLogHandler(label: $0, level: .info, handle: handle) }
        let service = try await TestService.make()
        let dependencies = ArchiveDependencies(catalog: service.catalog, storage: service.router, s3Limiter: nil)
        let app = Application(router: ArchiveApplication.router(dependencies),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        let ids = ["sunrise", "cafe"].map(Assets.id)
        let length = try await app.test(.live) { client in
            let response = try await client.post("/api/download/archive", .key("alice"), body: Body.assets(ids))
            #expect(response.status == .ok)
            return response.body.readableBytes
        }
        try handle.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]) }
        let requestLines = objects.filter { $0["hb.request.id"] != nil }
        #expect(requestLines.count >= 2, "\(lines)")
        #expect(Set(requestLines.compactMap { $0["hb.request.id"] }).count == 1)
        let access = try #require(requestLines.first { $0["message"] == "request" })
        #expect(access["method"] == "POST" && access["route"] == "/api/download/archive" && access["status"] == "200")
        #expect(access["bytes"] == String(length))
        #expect(access["durationMs"].flatMap(Double.init) != nil)
        #expect(access["level"] == "info" && access["time"] != nil)
    }

    /// The process's resident memory, now and at its peak, as /proc reports it (the outside figure read here).
    @Test func metricsReportResidentMemoryAndItsPeak() async throws {
        let service = try await TestService.make()
        try await service.run { client in
            let metrics = try await MetricsProbe.values(client)
            let rss = try #require(metrics["process_resident_memory_bytes"])
            let peak = try #require(metrics["gallery_archive_resident_memory_peak_bytes"])
            let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            let hwm = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
            let hwmBytes = try #require(Double(hwm.split(whereSeparator: \.isWhitespace)[1])) * 1024
            #expect(rss > Double(16 << 20) && rss <= peak, "resident \(rss), peak \(peak)")
            // The peak only grows: what /proc says after the scrape is at least what the scrape saw.
            #expect(peak <= hwmBytes)
        }
    }

    /// With `GALLERY_ARCHIVE_METRICS_ADDRESS`, `/metrics` leaves the main routes for the operations router.
    @Test func metricsMoveToTheirOwnRouterWhenGivenAnAddress() async throws {
        let service = try await TestService.make()
        var settings = ServiceSettings()
        settings.metricsAddress = ("127.0.0.1", 9464)
        let dependencies = ArchiveDependencies(catalog: service.catalog, storage: service.router, s3Limiter: nil,
                                               settings: settings)
        let main = Application(router: ArchiveApplication.router(dependencies))
        try await main.test(.router) { client async throws in
            #expect(try await client.get("/metrics").status == .notFound)
            #expect(try await client.get("/health").status == .ok)
        }
        let operations = Application(router: ArchiveApplication.operationsRouter(dependencies))
        try await operations.test(.router) { client async throws in
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(String(buffer: metrics.body).contains("gallery_archive_bytes_out_total"))
        }
    }
}
