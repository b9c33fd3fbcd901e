@testable import Backends
import Foundation
import Testing

/// The printed policies equal the seed's own examples (../shared/seed/gallery-s3-storage.txt, copied here as
/// literals): the AWS JSON of "Recommended S3 CORS Policy", the R2 dashboard JSON and the Wrangler file.
struct CORSPolicyFormatTests {
    static let seedAWS = """
        {"CORSRules":[{"AllowedOrigins":["https://gallery.example.com","http://localhost:3000","http://localhost:2283"],"AllowedMethods":["GET","HEAD"],"AllowedHeaders":["*"],"ExposeHeaders":["Accept-Ranges","Content-Length","Content-Range","Content-Type","ETag"],"MaxAgeSeconds":3600}]}
        """
    static let seedR2 = """
        [{"AllowedOrigins": ["https://gallery.example.com", "http://localhost:2283"], "AllowedMethods": ["GET", "HEAD"],
          "AllowedHeaders": ["*"], "ExposeHeaders": ["Accept-Ranges", "Content-Length", "Content-Range", "Content-Type", "ETag"],
          "MaxAgeSeconds": 3600}]
        """
    static let seedWrangler = """
        {"rules": [{"allowed": {"origins": ["https://gallery.example.com", "http://localhost:2283"], "methods": ["GET", "HEAD"],
          "headers": ["*"]}, "exposeHeaders": ["Accept-Ranges", "Content-Length", "Content-Range", "Content-Type", "ETag"],
          "maxAgeSeconds": 3600}]}
        """

    @Test func awsPolicyIsTheSeedsRecommendedPolicy() throws {
        let rule = CORSRule.recommended(origins: ["https://gallery.example.com", "http://localhost:3000", "http://localhost:2283"])
        #expect(try json(CORSPolicyFormat.aws.render([rule])) == json(Self.seedAWS))
    }

    @Test func r2AndWranglerPoliciesAreTheSeeds() throws {
        let rule = CORSRule.recommended(origins: ["https://gallery.example.com", "http://localhost:2283"])
        #expect(try json(CORSPolicyFormat.r2.render([rule])) == json(Self.seedR2))
        #expect(try json(CORSPolicyFormat.wrangler.render([rule])) == json(Self.seedWrangler))
    }

    @Test func xmlRoundTripsEveryField() throws {
        let rules = [CORSRule.recommended(origins: ["https://a.example", "https://*.b.example"]),
                     CORSRule(allowedOrigins: ["http://localhost:2283"], allowedMethods: ["GET"])]
        #expect(CORSConfigurationXML.decode(Array(CORSConfigurationXML.encode(rules).utf8)) == rules)
        #expect(CORSConfigurationXML.decode(Array("<Error><Code>x</Code></Error>".utf8)) == nil)
    }

    private func json(_ text: String) throws -> NSObject {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSObject
    }
}
