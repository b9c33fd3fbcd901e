import PostgresNIO

/// Which PostgreSQL failures mean "the database is unavailable" (a 503 to retry) rather than a fault of ours.
enum PostgresErrors {
    /// `CatalogUnavailable` for a lost or refused connection or a query cancelled at its deadline; nil otherwise.
    static func unavailable(_ error: any Error) -> CatalogUnavailable? {
        guard let error = error as? PSQLError else { return nil }
        if error.code == .server, error.serverInfo?[.sqlState] != "57014" { return nil }
        return CatalogUnavailable(reason: reason(error))
    }

    /// A short reason for logs and `/health`: PostgreSQL's own message when it sent one, never the query or binds.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return "\(error.code)"
    }
}
