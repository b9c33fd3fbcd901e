import NIOCore

/// A backend that answers what `head` answers with the object's bytes in the same request, when the object is
/// small: an archive planned over S3 then costs one request per small object instead of a HEAD and a GET.
/// Only S3 has it; a disk file's stat costs microseconds, and its read is no round trip.
public protocol WholeObjectReading: StorageBackend {
    /// The largest object `getWhole` hands over whole: one chunk of the stream `get` opens (256 KiB), so an object
    /// held whole costs no more memory than the same object opened ahead as a stream.
    var wholeObjectLimit: Int { get }

    /// One request for `key`: its `ObjectInfo`, exactly as `head` gives it, and all its bytes when it holds at most
    /// `limit` bytes (and at most `wholeObjectLimit`); for a larger object only the info, its body left unread.
    func getWhole(_ key: String, upTo limit: Int) async throws -> WholeObject
}

/// What `getWhole` answers.
public struct WholeObject: Sendable {
    public let info: ObjectInfo
    /// Every byte of the object, `info.size` of them; nil when the object was larger than asked for.
    public let bytes: ByteBuffer?

    public init(info: ObjectInfo, bytes: ByteBuffer?) {
        self.info = info
        self.bytes = bytes
    }
}
