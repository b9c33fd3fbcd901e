/// Which catalog a test's service reads: the embedded SQLite catalog, or a PostgreSQL database with Gallery's
/// tables in one of the two layouts in the field (fixtures/gallery-schema), holding the same rows.
enum TestCatalog: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    /// The Gallery fork / Immich v2.5 layout: `album."ownerId"`, base64 text token digests.
    case postgresFork = "fork-v2.5"
    /// The Immich v3 layout: owners as `album_user` rows, bytea token digests.
    case postgresV3 = "v3"

    var testDescription: String { rawValue }
}

import Testing
