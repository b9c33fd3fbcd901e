/// Runs `body`, then `cleanup`, awaited, whether `body` threw or not. A `defer { Task { … } }` would leave the
/// clean-up running detached, perhaps still signing S3 requests while the test process exits.
func withCleanup<Value>(_ body: () async throws -> Value, cleanup: () async -> Void) async throws -> Value {
    do {
        let value = try await body()
        await cleanup()
        return value
    } catch {
        await cleanup()
        throw error
    }
}
