@testable import Backends
import Foundation
import Testing

/// S3's CRC-32 checksum: sent with every PutObject, read back from HeadObject. The expected values are the
/// published CRC-32 check value of "123456789" (0xCBF43926) and its base64 (Python: base64 of struct.pack('>I')).
struct S3ChecksumTests {
    @Test func headerIsTheBase64OfTheBigEndianCRC() {
        #expect(S3Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(S3Checksum.header(crc32: 0xCBF4_3926) == "y/Q5Jg==")
    }

    @Test func onlyAFullObjectChecksumIsTheObjectsCRC() {
        #expect(S3Checksum.fullObjectCRC32("y/Q5Jg==", type: nil) == 0xCBF4_3926)
        #expect(S3Checksum.fullObjectCRC32("y/Q5Jg==", type: "FULL_OBJECT") == 0xCBF4_3926)
        #expect(S3Checksum.fullObjectCRC32("y/Q5Jg==", type: "COMPOSITE") == nil)
        #expect(S3Checksum.fullObjectCRC32("y/Q5Jg==-3", type: nil) == nil)
        #expect(S3Checksum.fullObjectCRC32("not base64", type: nil) == nil)
        #expect(S3Checksum.fullObjectCRC32(nil, type: nil) == nil)
    }
}

/// The checksum on a real server: what our PutObject sends, SeaweedFS keeps, and both our HEAD and the AWS command
/// line (the outside oracle) read back.
@Suite(.enabled(if: S3TestEnvironment.isConfigured, S3TestEnvironment.skipReason))
struct S3ChecksumRoundTripTests {
    @Test func anObjectWeUploadCarriesItsCRC32() async throws {
        let backend = S3TestEnvironment.backend().backend
        let key = S3TestEnvironment.uniquePrefix("checksum") + "/check.txt"
        try await backend.put(key, from: .bytes(Array("123456789".utf8)))
        #expect(try await backend.head(key).crc32 == 0xCBF4_3926)
        let answer = try await AWSCommandLine.run(["s3api", "head-object", "--bucket", backend.bucketName, "--key", key,
                                                   "--checksum-mode", "ENABLED"])
        let object = try JSONSerialization.jsonObject(with: answer) as? [String: Any]
        #expect(object?["ChecksumCRC32"] as? String == "y/Q5Jg==")
        try await backend.delete(key)
    }
}
