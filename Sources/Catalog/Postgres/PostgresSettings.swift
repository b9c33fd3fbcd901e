import Foundation
import NIOSSL
import PostgresNIO

/// Where Gallery's database is, read from Immich's own variables exactly as Immich reads them: `DB_URL`
/// (`postgres://user:password@host:port/database?sslmode=…`) wins; otherwise `DB_HOSTNAME` (database), `DB_PORT`
/// (5432), `DB_USERNAME` (postgres), `DB_PASSWORD` (postgres), `DB_DATABASE_NAME` (immich), `DB_SSL_MODE`.
/// Ours: `GALLERY_ARCHIVE_DB_POOL_SIZE` (connections, default 10) and `GALLERY_ARCHIVE_DB_QUERY_TIMEOUT` (seconds a
/// query may run before PostgreSQL cancels it, default 30).
public struct PostgresSettings: Sendable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS (Immich's default: the database is on the same Docker network).
        case disable
        /// TLS when the server offers it, without certificate checks (libpq's `prefer`).
        case prefer
        /// TLS or no connection, without certificate checks (libpq's `require`).
        case require
        /// TLS with the certificate checked against the system's roots and the host name (libpq's `verify-full`).
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String
    public var database: String
    public var sslMode: SSLMode
    public var poolSize: Int
    public var queryTimeoutSeconds: Int

    /// The variables whose presence selects the PostgreSQL catalog.
    public static let variables = ["DB_URL", "DB_HOSTNAME", "DB_PORT", "DB_USERNAME", "DB_PASSWORD",
                                   "DB_DATABASE_NAME", "DB_SSL_MODE"]

    /// The settings when any of Immich's `DB_*` variables is set; nil means the embedded SQLite catalog.
    public static func fromEnvironment(_ environment: [String: String]) throws -> PostgresSettings? {
        guard variables.contains(where: { !(environment[$0] ?? "").isEmpty }) else { return nil }
        return try PostgresSettings(environment: environment)
    }

    init(environment: [String: String]) throws {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        host = value("DB_HOSTNAME") ?? "database"
        port = try Self.integer(value("DB_PORT"), variable: "DB_PORT", default: 5432, range: 1...65535)
        username = value("DB_USERNAME") ?? "postgres"
        password = value("DB_PASSWORD") ?? "postgres"
        database = value("DB_DATABASE_NAME") ?? "immich"
        sslMode = try Self.sslMode(value("DB_SSL_MODE"), variable: "DB_SSL_MODE")
        poolSize = try Self.integer(value("GALLERY_ARCHIVE_DB_POOL_SIZE"), variable: "GALLERY_ARCHIVE_DB_POOL_SIZE",
                                    default: 10, range: 1...200)
        queryTimeoutSeconds = try Self.integer(value("GALLERY_ARCHIVE_DB_QUERY_TIMEOUT"),
                                               variable: "GALLERY_ARCHIVE_DB_QUERY_TIMEOUT", default: 30, range: 1...3600)
        if let url = value("DB_URL") { try apply(url: url) }
    }

    /// `postgres://` or `postgresql://` URL parts override the separate variables, as in Immich.
    private mutating func apply(url text: String) throws {
        let expected = "a URL like postgres://user:password@host:5432/immich"
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
              let host = url.host, !host.isEmpty else {
            throw CatalogConfigError(variable: "DB_URL", expected: expected)
        }
        self.host = host
        if let port = url.port {
            guard (1...65535).contains(port) else { throw CatalogConfigError(variable: "DB_URL", expected: expected) }
            self.port = port
        }
        if let user = url.user, !user.isEmpty { username = user.removingPercentEncoding ?? user }
        if let password = url.password { self.password = password.removingPercentEncoding ?? password }
        let path = url.path.drop(while: { $0 == "/" })
        if !path.isEmpty { database = String(path).removingPercentEncoding ?? String(path) }
        if let mode = url.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            sslMode = try Self.sslMode(mode, variable: "DB_URL")
        }
    }

    /// The pool's configuration: bounded, with a statement timeout on every connection and a name that shows in
    /// `pg_stat_activity`.
    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: tlsConfiguration.map { sslMode == .prefer ? .prefer($0) : .require($0) } ?? .disable)
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// One connection's configuration, for the start-up check: unlike the pool, a single connection reports why it
    /// failed (refused, unknown database, bad password) at once.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = try tlsConfiguration.map { configuration in
            let context = try NIOSSLContext(configuration: configuration)
            return sslMode == .prefer ? .prefer(context) : .require(context)
        } ?? .disable
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var startupParameters: [(String, String)] {
        [("application_name", "gallery-archive"), ("statement_timeout", "\(queryTimeoutSeconds * 1000)")]
    }

    /// nil without TLS; certificates are checked only for `verify-full`, as libpq does.
    private var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyFull: break
        }
        return configuration
    }

    /// For the log: where, never the password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database) (sslmode \(sslMode.rawValue), pool \(poolSize))"
    }

    private static func integer(_ text: String?, variable: String, default value: Int,
                                range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw CatalogConfigError(variable: variable, expected:
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return number
    }

    private static func sslMode(_ text: String?, variable: String) throws -> SSLMode {
        guard let text else { return .disable }
        guard let mode = SSLMode(rawValue: text.lowercased()) else {
            throw CatalogConfigError(variable: variable, expected:
                "sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"")
        }
        return mode
    }
}
