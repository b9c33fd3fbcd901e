import ArgumentParser

/// `gallery-archive storage …`: operations on the files themselves, on every backend that holds them.
struct StorageCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Operate on Gallery's stored files, on disk and in the bucket.",
        subcommands: [MigrateCommand.self, StatusCommand.self, DeleteUserCommand.self, CopySidecarCommand.self])
}
