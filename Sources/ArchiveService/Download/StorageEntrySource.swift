import Backends
import ZipStream

/// The `ZipEntrySource` of an archive download: each entry's bytes from its backend, opened by `ReadAhead`.
struct StorageEntrySource: ZipEntrySource {
    typealias Bytes = StorageByteStream

    let readAhead: ReadAhead

    func bytes(of entry: ZipEntry, at index: Int, from offset: UInt64) async throws -> StorageByteStream {
        try await readAhead.stream(at: index, from: offset)
    }
}
