import Dispatch

/// Runs a blocking file-system call on a Dispatch worker thread instead of one of the few threads of Swift's
/// cooperative pool, which every S3 stream and HTTP connection in the process shares. (NIO's NonBlockingFileIO
/// does the same with its own thread pool; Backends depends on NIOCore only.)
enum BlockingIO {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
