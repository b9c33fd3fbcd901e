import CZlib
import Foundation

/// S3's additional checksums, CRC-32 only: the value is the base64 of the big-endian CRC (the same CRC-32 as
/// zlib's and ZIP's).
enum S3Checksum {
    /// The zlib CRC-32 of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }

    /// The `x-amz-checksum-crc32` header value for `crc32`.
    static func header(crc32: UInt32) -> String {
        Data([UInt8(crc32 >> 24), UInt8(crc32 >> 16 & 0xFF), UInt8(crc32 >> 8 & 0xFF), UInt8(crc32 & 0xFF)])
            .base64EncodedString()
    }

    /// The object's CRC-32 from a HeadObject answer, when it is of the whole object. A composite checksum (a
    /// multipart upload's: a CRC of the parts' CRCs, written `…-N`) is not, and gives nil.
    static func fullObjectCRC32(_ value: String?, type: String?) -> UInt32? {
        guard let value, type?.uppercased() != "COMPOSITE", !value.contains("-"),
              let bytes = Data(base64Encoded: value), bytes.count == 4 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
