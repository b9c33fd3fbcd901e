@testable import Backends
import Foundation
import NIOConcurrencyHelpers
import Testing

struct S3XMLDocumentTests {
    /// A ListObjectsV2 answer as SeaweedFS and AWS send it, with an escaped key.
    static let listing = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>\
        <Contents><Key>library/a &amp; b.jpg</Key><Size>12</Size></Contents>\
        <Contents><Key>library/c.jpg</Key><Size>7</Size></Contents>\
        <IsTruncated>false</IsTruncated></ListBucketResult>
        """.utf8)

    @Test func pathsAndUnescapedTextsInDocumentOrder() throws {
        let document = try #require(S3XMLDocument(Self.listing))
        #expect(document.values("ListBucketResult/Contents/Key") == ["library/a & b.jpg", "library/c.jpg"])
        #expect(document.value("ListBucketResult/IsTruncated") == "false")
    }

    /// Parses from many threads at once, as concurrent S3 calls do: every parse sees its own document.
    @Test func parsesFromManyThreadsAtOnce() {
        let failures = NIOLockedValueBox(0)
        DispatchQueue.concurrentPerform(iterations: 4_000) { _ in
            let keys = S3XMLDocument(Self.listing)?.values("ListBucketResult/Contents/Key")
            if keys != ["library/a & b.jpg", "library/c.jpg"] { failures.withLockedValue { $0 += 1 } }
        }
        #expect(failures.withLockedValue { $0 } == 0)
    }
}
