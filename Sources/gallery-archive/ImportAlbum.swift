import ArchiveService
import ArgumentParser
import Backends
import Foundation

/// `gallery-archive import-album DIR`: adds a user (authenticating with `--api-key`) and an album of the files in
/// DIR, referenced in place, to the catalog in `--data`; prints the album id. For trials and benchmarks on one's
/// own files; `serve` must have DIR under `IMMICH_MEDIA_LOCATION`. With `--s3-prefix`, the files are uploaded to
/// the bucket the `IMMICH_S3_*` variables name and the assets reference the objects.
struct ImportAlbum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-album",
        abstract: "Add an album of a directory's files (referenced in place) to the catalog; print its id.")

    @Argument(help: "Directory whose regular files become the album's assets.") var directory: String
    @Option(help: "Data directory holding catalog.sqlite (created when missing).") var data = "data"
    @Option(help: "Plaintext API key of the album's new owner (x-api-key).") var apiKey: String
    @Option(help: "Album name.") var name = "Import"
    @Option(help: "Upload the files to the IMMICH_S3_* bucket under this key prefix and reference the objects.")
    var s3Prefix: String?

    func run() async throws {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var upload: (backend: any StorageBackend, prefix: String)?
        if let s3Prefix {
            guard let s3 = try StorageSetup(environment: ProcessInfo.processInfo.environment).router.s3 else {
                throw ValidationError("--s3-prefix needs an S3 bucket: set IMMICH_S3_BUCKET and its IMMICH_S3_* settings")
            }
            upload = (s3, s3Prefix)
        }
        let imported = try await AlbumImporter(directory: directory, dataDirectory: data, upload: upload)
            .run(albumName: name, apiKey: apiKey)
        if !imported.duplicates.isEmpty {
            FileHandle.standardError.write(Data(("left out \(imported.duplicates.count) files with the bytes of an earlier one "
                + "(Gallery keeps one asset per content): " + imported.duplicates.joined(separator: ", ") + "\n").utf8))
        }
        print(imported.albumID)
    }
}
