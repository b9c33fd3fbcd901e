import Backends
import Testing

@Suite struct StorageRoutingTests {
    @Test(arguments: [
        ("/usr/src/app/upload/library/u1/a.jpg", StorageLocation.disk(path: "/usr/src/app/upload/library/u1/a.jpg")),
        ("//x", .disk(path: "//x")),
        ("/", .disk(path: "/")),
        ("/a/../../etc/passwd", .disk(path: "/a/../../etc/passwd")),
        ("library/u1/2024/IMG 0001.JPG", .s3(key: "library/u1/2024/IMG 0001.JPG")),
        ("x", .s3(key: "x")),
        ("a..b/.hidden/c.", .s3(key: "a..b/.hidden/c.")),
        ("library/é ü/😀.heic", .s3(key: "library/é ü/😀.heic")),
        ("C:photo.jpg", .s3(key: "C:photo.jpg")),
        ("a//b", .s3(key: "a//b")),
    ])
    func routesByPathFormat(key: String, expected: StorageLocation) throws {
        #expect(try StorageRouting.resolveBackendForKey(key) == expected)
    }

    @Test(arguments: [
        ("", "empty"),
        ("./x", "'.' or '..'"),
        ("../x", "'.' or '..'"),
        ("library/../x", "'.' or '..'"),
        ("library/./x", "'.' or '..'"),
        ("library/..", "'.' or '..'"),
        ("C:\\Users\\me\\a.jpg", "Windows"),
        ("c:/Users/me/a.jpg", "Windows"),
        ("D:", "Windows"),
        ("\\\\server\\share\\a.jpg", "Windows"),
        ("a\u{0}b", "NUL"),
        (String(repeating: "é", count: 513), "1024-byte"),
    ])
    func rejectsKeysNoBackendCanHold(key: String, reason: String) {
        let error = #expect(throws: StorageKeyError.self) { try StorageRouting.resolveBackendForKey(key) }
        #expect(error?.key == key)
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func keysAtS3sLengthLimitAreAccepted() throws {
        let key = String(repeating: "é", count: 512)
        #expect(try StorageRouting.resolveBackendForKey(key) == .s3(key: key))
    }

    @Test func newFilesGoWhereTheWriteBackendSays() throws {
        let disk = try StorageConfig(environment: ["IMMICH_MEDIA_LOCATION": "/data/upload:/old"])
        let s3 = try StorageConfig(environment: ["IMMICH_STORAGE_BACKEND": "s3", "IMMICH_S3_BUCKET": "photos"])
        let path = "library/u1/2024/a.jpg"
        let onDisk = try StorageRouting.locationForNewFile(path, config: disk)
        #expect(onDisk == .disk(path: "/data/upload/library/u1/2024/a.jpg"))
        #expect(try StorageRouting.locationForNewFile(path, config: s3) == .s3(key: path))
        // What is written is read back from the same backend.
        if case .disk(let written) = onDisk { #expect(try StorageRouting.resolveBackendForKey(written) == onDisk) }
        #expect(throws: StorageKeyError.self) { try StorageRouting.locationForNewFile("/abs/a.jpg", config: s3) }
        #expect(throws: StorageKeyError.self) { try StorageRouting.locationForNewFile("../a.jpg", config: disk) }
    }
}
