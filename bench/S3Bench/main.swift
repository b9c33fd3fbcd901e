// s3-bench: S3 GET throughput of our libcurl client against the curl command line, on the same 1 GiB object
// and the same presigned URL, from the SeaweedFS server scripts/s3-server.sh starts (GA_TEST_S3_* variables).
//   eval "$(scripts/s3-server.sh start /tmp/s3bench)"; swift run -c release s3-bench; scripts/s3-server.sh stop /tmp/s3bench
import Backends
import Foundation

let environment = ProcessInfo.processInfo.environment
guard let endpoint = environment["GA_TEST_S3_ENDPOINT"] else {
    FileHandle.standardError.write(Data("GA_TEST_S3_ENDPOINT is unset: start SeaweedFS with scripts/s3-server.sh\n".utf8))
    exit(2)
}
let objectSize: Int64 = 1 << 30
let rounds = Int(environment["S3_BENCH_ROUNDS"] ?? "") ?? 3
let key = "bench/s3-get-1GiB.bin"

let credentials = AWSCredentials(accessKeyId: environment["GA_TEST_S3_ACCESS_KEY"] ?? "",
                                 secretAccessKey: environment["GA_TEST_S3_SECRET_KEY"] ?? "")
let config = S3Config(bucket: environment["GA_TEST_S3_BUCKET"] ?? "", region: environment["GA_TEST_S3_REGION"] ?? "us-east-1",
                      endpoint: endpoint, credentials: credentials)
/// S3_BENCH_BUFFER_KIB: the stream buffer (how far curl may run ahead of the consumer) to measure.
let bufferLimit = (Int(environment["S3_BENCH_BUFFER_KIB"] ?? "") ?? 1024) * 1024
let transport = CurlTransport(configuration: .init(streamBufferLimit: bufferLimit))
let backend = S3StorageBackend(config: config, credentials: StaticCredentialProvider(credentials),
                               limiter: ConnectionLimiter(limit: 32), transport: transport)

/// Uploads the object once (a sparse-looking but non-constant pattern) unless it is already there.
func ensureObject() async throws {
    if let info = try? await backend.head(key), info.size == objectSize { return }
    let path = NSTemporaryDirectory() + "s3-bench-source.bin"
    guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var block = [UInt8](repeating: 0, count: 1 << 20)
    for index in 0..<Int(objectSize >> 20) {
        for offset in stride(from: 0, to: block.count, by: 4096) { block[offset] = UInt8(truncatingIfNeeded: index &+ offset) }
        try handle.write(contentsOf: Data(block))
    }
    try handle.close()
    try await backend.put(key, from: .file(path: path))
    try FileManager.default.removeItem(atPath: path)
}

/// MB/s (10^6 bytes per second) for `bytes` in `elapsed`.
func rate(_ bytes: Int64, _ elapsed: Duration) -> Double {
    Double(bytes) / 1e6 / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

func curlCommandLine(_ url: String) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-s", "-f", "-o", "/dev/null", "-w", "%{size_download} %{speed_download}", url]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let fields = text.split(separator: " ")
    guard process.terminationStatus == 0, fields.count == 2, Int64(fields[0]) == objectSize, let speed = Double(fields[1]) else {
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "curl failed: \(text)"])
    }
    return speed / 1e6
}

func ourTransport(_ url: String) async throws -> Double {
    let start = ContinuousClock.now
    let response = try await transport.stream(HTTPRequest(method: "GET", url: url))
    var bytes: Int64 = 0
    for try await chunk in response.body { bytes += Int64(chunk.readableBytes) }
    precondition(response.status == 200 && bytes == objectSize, "short read: \(response.status) \(bytes)")
    return rate(bytes, ContinuousClock.now - start)
}

func ourBackend() async throws -> Double {
    let start = ContinuousClock.now
    var bytes: Int64 = 0
    for try await chunk in try await backend.get(key) { bytes += Int64(chunk.readableBytes) }
    precondition(bytes == objectSize, "short read: \(bytes)")
    return rate(bytes, ContinuousClock.now - start)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

try await ensureObject()
let url = try await backend.presignedURL(for: key, options: ServeOptions(), expires: 3600)
var results: [String: [Double]] = [:]
for _ in 0..<rounds {
    // Interleaved, so page-cache warmth and machine load affect all three alike.
    results["curl", default: []].append(try curlCommandLine(url))
    results["transport", default: []].append(try await ourTransport(url))
    results["backend", default: []].append(try await ourBackend())
}
let curlRate = median(results["curl"]!)
print("S3 GET, 1 GiB object, \(rounds) rounds, median MB/s")
print("| client | MB/s (median) | all rounds | ratio to curl |")
print("|---|---|---|---|")
for (name, label) in [("curl", "curl command line, presigned URL"), ("transport", "CurlTransport.stream, same presigned URL"),
                      ("backend", "S3StorageBackend.get (signed headers, resumable reader)")] {
    let values = results[name]!
    print("| \(label) | \(String(format: "%.0f", median(values))) | \(values.map { String(format: "%.0f", $0) }.joined(separator: ", ")) | \(String(format: "%.2f", median(values) / curlRate)) |")
}
