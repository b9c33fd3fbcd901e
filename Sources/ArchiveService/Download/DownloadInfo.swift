import Foundation
import NIOCore

/// The answer of `POST /api/download/info`, in Gallery's shape.
public struct DownloadInfo: Codable, Sendable, Equatable {
    public struct Archive: Codable, Sendable, Equatable {
        /// The exact byte count of the ZIP that `/download/archive` sends for `assetIds`.
        public var size: UInt64
        /// 16-byte ids, written in lower case (Gallery's form) into the JSON.
        public var assetIds: [UUID]
    }

    public var totalSize: UInt64
    public var archives: [Archive]
}

extension DownloadInfo {
    /// The JSON body, written straight into one buffer: for a quarter of a million ids, `JSONEncoder`'s intermediate
    /// tree would cost more memory than the plan itself, and it would write the ids in upper case.
    func jsonBody() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(64 + archives.reduce(0) { $0 + 32 + 39 * $1.assetIds.count })
        buffer.writeString(#"{"totalSize":\#(totalSize),"archives":["#)
        for (index, archive) in archives.enumerated() {
            buffer.writeString(index == 0 ? #"{"size":"# : #",{"size":"#)
            buffer.writeString(#"\#(archive.size),"assetIds":["#)
            for (position, id) in archive.assetIds.enumerated() {
                buffer.writeString(position == 0 ? "\"" : ",\"")
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 36) { bytes in
                    id.writeLowercased(into: bytes)
                    return 36
                }
                buffer.writeString("\"")
            }
            buffer.writeString("]}")
        }
        buffer.writeString("]}")
        return buffer
    }
}
