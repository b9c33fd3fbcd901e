import ArgumentParser

/// The `gallery-archive` command line.
@main
struct GalleryArchive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery-archive",
        abstract: "Streams album, selection and shared-link ZIP downloads for a Gallery photo library.",
        subcommands: [Serve.self, Demo.self, ImportAlbum.self])
}
