@testable import Backends
import Foundation
import Testing

@Suite struct SigningBasicsTests {
    @Test func digestsMatchKnownValues() {
        // FIPS 180-2 "abc", RFC 4231 test case 2, RFC 1321 "abc".
        #expect(Digests.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digests.hex(Digests.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Digests.md5Base64(Array("abc".utf8)) == "kAFQmDzST7DWlj99KOF/cg==")
        #expect(Digests.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // A non-contiguous collection takes the copying path and gives the same answer.
        #expect(Digests.sha256Hex(Array("abc".utf8).lazy.map { $0 }) == Digests.sha256Hex("abc"))
    }

    @Test func incrementalHashingMatchesOneShot() {
        let payload = (0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = DigestHasher(.sha256)
        var offset = 0
        for size in [0, 1, 63, 64, 65, 4096, 100_000] + Array(repeating: 131_072, count: 7) where offset < payload.count {
            let end = min(payload.count, offset + size)
            hasher.update(payload[offset..<end])
            offset = end
        }
        hasher.update(payload[offset...])
        #expect(hasher.finalizeHex() == Digests.sha256Hex(payload))
    }

    @Test func s3KeyEncoding() {
        #expect(S3URI.encodePath("a b/c+d=é;&~%") == "a%20b/c%2Bd%3D%C3%A9%3B%26~%25")
        #expect(S3URI.encodeQuery("a/b c+=&~") == "a%2Fb%20c%2B%3D%26~")
    }

    @Test func hostHeaderDropsDefaultPortsAndUserInfo() {
        #expect(SignableURL("http://127.0.0.1:8333/b/k").hostHeader == "127.0.0.1:8333")
        #expect(SignableURL("https://Bucket.S3.amazonaws.com:443/k?x=1").hostHeader == "bucket.s3.amazonaws.com")
        #expect(SignableURL("http://user:pw@[::1]:80/").hostHeader == "[::1]")
        #expect(SignableURL("http://[::1]:9000").path == "/")
        #expect(SignableURL("http://h/p?q=1#frag").query == "q=1")
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s3cr3t", sessionToken: "t0k3n")
        let text = "\(credentials)"
        #expect(text.contains("AKID"))
        #expect(!text.contains("s3cr3t") && !text.contains("t0k3n"))
    }
}
