import StorageTools
import ArgumentParser
import Backends
import Foundation

/// `gallery-archive doctor [--origin O…]`: the checklist to run before switching to redirect mode; exit 1 when
/// something is wrong.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the IMMICH_* storage settings, the bucket and (with --origin) its CORS before redirect mode.")

    @Option(name: .customLong("origin"), help: "A browser origin people open Gallery from (repeat for each).")
    var origins: [String] = []

    func run() async throws {
        let checks = await Doctor(environment: ProcessInfo.processInfo.environment, origins: origins).run()
        try Checklist.report(checks)
    }
}
