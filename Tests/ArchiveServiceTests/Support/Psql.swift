import Foundation

/// psql, PostgreSQL's own client, against the test server `scripts/test.sh` starts (`GALLERY_TEST_PG_URL`).
enum Psql {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The server's URL without a database; tests fail with this message when it is not set.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["GALLERY_TEST_PG_URL"], !url.isEmpty else {
            throw Failure(description: "GALLERY_TEST_PG_URL is not set: run the tests with scripts/test.sh, " +
                          "which starts PostgreSQL (scripts/pg-server.sh)")
        }
        return url.hasSuffix("/postgres") ? String(url.dropLast("/postgres".count)) : url
    }

    /// Runs `script` in `database`, stopping at the first error; returns what it printed (unaligned, `|`-separated).
    @discardableResult
    static func run(_ script: String, database: String = "postgres") async throws -> String {
        let (status, output, errors) = try await ChildProcess.run("/usr/bin/psql", [
            "\(try serverURL())/\(database)", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-",
        ], input: script)
        guard status == 0 else { throw Failure(description: "psql failed (\(status)): \(errors)") }
        return output
    }
}
