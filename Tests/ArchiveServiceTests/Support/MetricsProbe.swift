import HummingbirdTesting

/// Reads the service's `/metrics` in tests.
enum MetricsProbe {
    /// Whether `condition` holds on the metrics within `limit`, polling every 20 ms.
    static func poll(_ client: some TestClientProtocol, within limit: Duration,
                     until condition: ([String: Double]) -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if condition(try await values(client)) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition(try await values(client))
    }

    /// `/metrics` as name → value (unlabelled series only).
    static func values(_ client: some TestClientProtocol) async throws -> [String: Double] {
        let text = String(decoding: try await client.get("/metrics").bytes, as: UTF8.self)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }
}
