// swift-tools-version:6.0
// gallery-archive: streaming album, selection and shared-link ZIP downloads for a Gallery (Immich-compatible)
// photo library, from disk and S3-compatible storage. Layers (arrows point down only):
//   gallery-archive → { ArchiveService, StorageTools } → { ZipStream, Catalog → Backends } → system libraries.
import PackageDescription

let package = Package(
    name: "gallery-archive",
    products: [
        .library(name: "ZipStream", targets: ["ZipStream"]),
        .library(name: "Backends", targets: ["Backends"]),
        .library(name: "Catalog", targets: ["Catalog"]),
        .library(name: "ArchiveService", targets: ["ArchiveService"]),
        .library(name: "StorageTools", targets: ["StorageTools"]),
        .library(name: "ArchiveCheck", targets: ["ArchiveCheck"]),
        .executable(name: "gallery-archive", targets: ["gallery-archive"]),
        .executable(name: "s3-bench", targets: ["s3-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // System libraries the user asked for: zlib (CRC-32, deflate), libcurl (the S3 HTTP client),
        // OpenSSL's libcrypto (SHA-256 / HMAC for SigV4; TLS happens inside curl).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        // Linux's openat2(2) (no glibc wrapper; a raw syscall), for reads confined beneath a media root.
        .systemLibrary(name: "COpenat2", path: "Sources/COpenat2"),
        // glibc's mallopt, for the service's malloc arena limit; mallinfo2, for zip-bench's heap figures.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // The carry-less-multiply CRC-32 folding kernel (PCLMULQDQ / VPCLMULQDQ), chosen at run time.
        .target(name: "CCRC32", path: "Sources/CCRC32"),

        .target(
            name: "ZipStream",
            dependencies: ["CZlib", "CCRC32", .product(name: "NIOCore", package: "swift-nio")]),
        .target(
            name: "Backends",
            dependencies: [
                "CCurl", "COpenSSL", "COpenat2",
                // zlib's CRC-32, for the checksum each PutObject sends (`x-amz-checksum-crc32`).
                "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                // NIOThreadPool: the bounded pool blocking file-system calls run on (BlockingIO).
                .product(name: "NIOPosix", package: "swift-nio"),
                // NIOLockedValueBox, a pthread mutex, for the state curl's thread and tasks share: ThreadSanitizer
                // sees pthread locks but not Synchronization.Mutex's raw futex on Linux, and would report every
                // access under a Mutex as a race (scripts/sanitizers.sh).
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Gallery's database: the Catalog protocol, SQLite (embedded) and PostgreSQL (Gallery's own). No HTTP.
        .target(
            name: "Catalog",
            dependencies: [
                "Backends",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, to read asset ids from the column's bytes (SQLiteAssetID).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "ArchiveService",
            dependencies: [
                "ZipStream", "Backends", "Catalog",
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            // The OpenAPI description `GET /api/openapi.json` serves, compiled into the binary.
            resources: [.embedInCode("API/openapi.json")]),
        // The operator's commands over storage and the catalog (doctor, user clean-up); knows no HTTP server.
        .target(
            name: "StorageTools",
            dependencies: ["Backends", "Catalog", "ZipStream", .product(name: "Logging", package: "swift-log")]),
        // A streaming ZIP validator for archives read off the wire (the stress tool); knows no HTTP.
        .target(
            name: "ArchiveCheck",
            dependencies: ["ZipStream", .product(name: "NIOCore", package: "swift-nio")]),
        .executableTarget(
            name: "gallery-archive",
            dependencies: [
                "ArchiveService", "StorageTools", "Catalog", "Backends", "ZipStream", "CMalloc", "ArchiveCheck",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "zip-bench", dependencies: ["ZipStream", "CMalloc", .product(name: "NIOCore", package: "swift-nio")],
            path: "bench/ZipBench"),
        .executableTarget(name: "s3-bench", dependencies: ["Backends"], path: "bench/S3Bench"),

        // What several test targets share: the fault proxy's process, a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Readers/ holds the Java and Python checkers the conformance tests run as outside processes.
        .testTarget(name: "ZipStreamTests", dependencies: ["ZipStream", "TestSupport"], exclude: ["Readers"]),
        // Tools/ holds the Python script that makes archives with real tools and reads them back (the oracle).
        .testTarget(name: "ArchiveCheckTests", dependencies: ["ArchiveCheck", "ZipStream"], exclude: ["Tools"]),
        .testTarget(name: "BackendsTests", dependencies: ["Backends", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ArchiveServiceTests",
            dependencies: [
                "ArchiveService", "StorageTools", "Catalog", "ZipStream", "Backends", "ArchiveCheck", "CZlib", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
    ]
)
