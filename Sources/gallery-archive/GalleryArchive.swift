import ArgumentParser

/// The `gallery-archive` command line (started from main.swift).
struct GalleryArchive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery-archive",
        abstract: "Streams album, selection and shared-link ZIP downloads for a Gallery photo library.",
        subcommands: [Serve.self, Demo.self, ImportAlbum.self, Stress.self, CORS.self, DoctorCommand.self, StorageCommands.self,
                      CRCCommands.self])

    /// Parses the command line and runs the chosen command. (A plain `main()` call from main.swift resolves to
    /// ArgumentParser's synchronous entry point, which cannot run async commands; inside an async function the async
    /// overload is chosen.)
    static func launch() async {
        await main(nil)
    }
}
