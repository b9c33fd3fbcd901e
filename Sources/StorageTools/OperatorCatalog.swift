import Catalog

/// Everything the storage commands ask of a catalog: Gallery's rows, the users' folders, sidecars and migrations.
/// Both `SQLiteCatalog` and `PostgresCatalog` are one.
public typealias OperatorCatalog = Catalog & UserStorageLookup & SidecarStore & MigrationStore
