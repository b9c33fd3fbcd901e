import ArchiveService
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// Bad requests get a 4xx JSON message naming what is wrong; the server keeps serving.
@Suite struct BadInputTests {
    static let cases: [(String, String, String)] = [
        ("/api/download/info", "{not json", "malformed JSON"),
        ("/api/download/info", "[1,2]", "must be an object"),
        ("/api/download/info", "{}", "one of assetIds, albumId or userId is required"),
        ("/api/download/info", #"{"assetIds":[]}"#, "assetIds must not be empty"),
        ("/api/download/info", #"{"assetIds":"abc"}"#, "assetIds must be an array"),
        ("/api/download/info", #"{"assetIds":[42]}"#, "assetIds[0] must be a UUID"),
        ("/api/download/info", #"{"assetIds":["not-a-uuid"]}"#, "assetIds[0] must be a UUID"),
        ("/api/download/info", #"{"albumId":12}"#, "albumId must be a UUID"),
        ("/api/download/info", #"{"albumId":"x","userId":"y"}"#, "give only one"),
        ("/api/download/info", #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":-1}"#, "archiveSize must be an integer"),
        ("/api/download/info", #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":0}"#, "archiveSize must be an integer"),
        ("/api/download/info", #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":1e300}"#, "archiveSize must be an integer"),
        ("/api/download/info", #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":1.5}"#, "archiveSize must be an integer"),
        ("/api/download/info", #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":"big"}"#, "archiveSize must be an integer"),
        ("/api/download/archive", "", "malformed JSON"),
        ("/api/download/archive", #"{"ids":[]}"#, "assetIds is required"),
        ("/api/download/archive", #"{"assetIds":["\#(DemoLibrary.uuid("asset:cafe"))"],"edited":"yes"}"#, "edited must be a boolean"),
        ("/api/download/archive", #"{"assetIds":[null]}"#, "assetIds[0] must be a UUID"),
        // JSON booleans and numbers stay apart: 1 is no boolean, true no size.
        ("/api/download/archive", #"{"assetIds":["\#(DemoLibrary.uuid("asset:cafe"))"],"edited":1}"#, "edited must be a boolean"),
        ("/api/download/info", #"{"userId":"\#(DemoLibrary.userID("alice"))","archiveSize":true}"#, "archiveSize must be an integer"),
        // Nesting deeper than the parser's 512 levels is malformed, not a stack overflow.
        ("/api/download/info", #"{"assetIds":"# + String(repeating: "[", count: 100_000) + "}", "malformed JSON"),
    ]

    @Test(arguments: TestCatalog.allCases.flatMap { catalog in cases.map { (catalog, $0.0, $0.1, $0.2) } })
    func badBodiesAreRefusedWithAMessage(catalog: TestCatalog, path: String, body: String, message: String) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let response = try await client.post(path, .key("alice"), body: Body.json(body))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains(message) == true, "got \(response.errorMessage ?? "no message")")
            // Still serving.
            #expect(try await client.get("/health").status == .ok)
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func aHundredThousandIdsAreRefusedNotProcessed(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let ids = (0..<100_000).map { _ in UUID().uuidString.lowercased() }
            for path in ["/api/download/info", "/api/download/archive"] {
                let response = try await client.post(path, .key("alice"), body: Body.assets(ids))
                #expect(response.status == .badRequest)
                #expect(response.errorMessage?.contains("too many assetIds (100000)") == true)
            }
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func unknownAssetsAndBadPathIdsAreRefused(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            let unknown = UUID().uuidString.lowercased()
            let info = try await client.post("/api/download/archive", .key("alice"), body: Body.assets([unknown]))
            #expect(info.status == .forbidden)
            #expect(info.errorMessage?.contains(unknown) == true)
            let original = try await client.get("/api/assets/not-a-uuid/original", .key("alice"))
            #expect(original.status == .badRequest)
            #expect(original.errorMessage == "id must be a UUID")
        }
    }

    @Test(arguments: TestCatalog.allCases)
    func formWithABadIdNamesItsPosition(catalog: TestCatalog) async throws {
        let service = try await TestService.make(catalog)
        try await service.run { client in
            var headers = Credential.key("alice").headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let response = try await client.execute(
                uri: "/api/download/archive", method: .post, headers: headers,
                body: ByteBuffer(string: "assetIds=\(DemoLibrary.uuid("asset:cafe"))%2Cnope&archiveName=x"))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage == "assetIds[1] must be a UUID")
        }
    }
}
