import ArchiveService
import ArgumentParser
import Foundation

/// `gallery-archive import-album DIR`: adds a user (authenticating with `--api-key`) and an album of the files in
/// DIR, referenced in place, to the catalog in `--data`; prints the album id. For trials and benchmarks on one's
/// own files; `serve` must have DIR under `IMMICH_MEDIA_LOCATION`.
struct ImportAlbum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-album",
        abstract: "Add an album of a directory's files (referenced in place) to the catalog; print its id.")

    @Argument(help: "Directory whose regular files become the album's assets.") var directory: String
    @Option(help: "Data directory holding catalog.sqlite (created when missing).") var data = "data"
    @Option(help: "Plaintext API key of the album's new owner (x-api-key).") var apiKey: String
    @Option(help: "Album name.") var name = "Import"

    func run() async throws {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let imported = try await AlbumImporter(directory: directory, dataDirectory: data)
            .run(albumName: name, apiKey: apiKey)
        print(imported.albumID)
    }
}
