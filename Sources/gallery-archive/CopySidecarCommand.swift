import ArchiveService
import ArgumentParser
import Foundation
import Logging
import StorageTools

/// `gallery-archive storage copy-sidecar --from ASSET --to ASSET`: copies an asset's XMP sidecar to another asset,
/// from and to whichever backend holds each.
struct CopySidecarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-sidecar",
        abstract: "Copy an asset's XMP sidecar to another asset, on disk or in the bucket as each asset is.")

    @Option(help: "The asset whose sidecar is copied (a UUID).") var from: String
    @Option(help: "The asset that receives it (a UUID).") var to: String
    @Option(help: "Data directory holding catalog.sqlite (when no DB_* variable names a PostgreSQL database).")
    var data = "data"

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] where UUID(uuidString: value) == nil {
            throw ValidationError("\(name) must be an asset's id (a UUID), not \(value)")
        }
        guard from.lowercased() != to.lowercased() else { throw ValidationError("--from and --to name the same asset") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let storage = try StorageSetup(environment: environment)
        let choice = try CatalogChoice.make(environment: environment, data: data, logger: Logger(label: "gallery-archive storage"))
        let (from, to) = (self.from, self.to)
        do {
            let result = try await choice.withReadyCatalog { catalog in
                try await SidecarCopy(catalog: catalog, storage: storage.router).copy(from: from, to: to)
            }
            print("copied \(result.from) → \(result.to)")
        } catch let refusal as SidecarCopyRefusal {
            throw ValidationError(refusal.description)
        }
    }
}
