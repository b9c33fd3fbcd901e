import Catalog

extension MigrationLogEntry {
    /// The last step logged for each file move (a row and the path it left), in log order.
    static func lastSteps(_ log: [MigrationLogEntry]) -> [MigrationLogEntry] {
        var last: [String: Int] = [:]
        for (index, entry) in log.enumerated() { last[entry.rowID + "\u{0}" + entry.oldPath] = index }
        return last.values.sorted().map { log[$0] }
    }
}
