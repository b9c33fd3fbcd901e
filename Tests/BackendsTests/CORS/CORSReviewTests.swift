@testable import Backends
import Testing

/// `cors check`: each of the seed's "Common CORS Mistakes" that bucket rules can show, one configuration per
/// mistake, is reported (a failed line naming it); the recommended policy passes.
struct CORSReviewTests {
    static let origin = "https://gallery.example.com"
    static let good = CORSRule.recommended(origins: [origin, "http://localhost:2283"])

    struct Mistake: Sendable, CustomTestStringConvertible {
        let name: String
        let rules: [CORSRule]
        let origins: [String]
        let reported: String
        var testDescription: String { name }
    }

    static func with(_ change: (inout CORSRule) -> Void) -> [CORSRule] {
        var rule = good
        change(&rule)
        return [rule]
    }

    static let mistakes: [Mistake] = [
        Mistake(name: "a trailing slash in AllowedOrigins", rules: with { $0.allowedOrigins = [origin + "/"] },
                origins: [origin], reported: "AllowedOrigins entry https://gallery.example.com/ never matches: it ends with a slash"),
        Mistake(name: "a path in AllowedOrigins", rules: with { $0.allowedOrigins = [origin + "/photos"] },
                origins: [origin], reported: "never matches: it has a path (/photos)"),
        Mistake(name: "Gallery opened through another hostname", rules: [good],
                origins: ["https://photos.example.com"], reported: "no rule allows GET from https://photos.example.com"),
        Mistake(name: "HEAD missing", rules: with { $0.allowedMethods = ["GET"] },
                origins: [origin], reported: "HEAD is missing from AllowedMethods"),
        Mistake(name: "* in production", rules: with { $0.allowedOrigins = ["*"] },
                origins: [origin], reported: "AllowedOrigins holds *"),
        Mistake(name: "headers not exposed", rules: with { $0.exposeHeaders = ["ETag"] },
                origins: [origin], reported: "cannot read Accept-Ranges, Content-Length, Content-Range, Content-Type"),
        Mistake(name: "no rules at all", rules: [], origins: [origin], reported: "has no CORS rules"),
        Mistake(name: "an --origin with a slash", rules: [good], origins: [origin + "/"], reported: "--origin https://gallery.example.com/ ends with a slash"),
    ]

    @Test(arguments: mistakes) func mistakeIsReported(_ mistake: Mistake) {
        let checks = CORSReview.review(rules: mistake.rules, origins: mistake.origins, bucket: "photos")
        let failed = checks.filter { !$0.passed }.map(\.summary)
        #expect(failed.contains { $0.contains(mistake.reported) }, "\(checks)")
        #expect(checks.filter { !$0.passed }.allSatisfy { $0.fix?.isEmpty == false })
    }

    @Test func recommendedPolicyPasses() {
        let checks = CORSReview.review(rules: [Self.good], origins: [Self.origin, "http://localhost:2283"], bucket: "photos")
        #expect(checks.allSatisfy { $0.passed }, "\(checks)")
        #expect(checks.count == 6)  // GET, HEAD and exposed headers, for each origin
    }

    @Test func wildcardOriginMatchesAsS3Does() {
        let rule = CORSRule(allowedOrigins: ["https://*.example.com"], allowedMethods: ["GET"])
        #expect(rule.allows(origin: "https://photos.example.com"))
        #expect(!rule.allows(origin: "https://example.org"))
        #expect(!rule.allows(origin: "http://photos.example.com"))
    }

    @Test func originsAreJudgedAsBrowsersSendThem() {
        #expect(CORSOrigin.problem("https://gallery.example.com") == nil)
        #expect(CORSOrigin.problem("http://localhost:2283") == nil)
        #expect(CORSOrigin.problem("https://gallery.example.com/")?.contains("use https://gallery.example.com") == true)
        #expect(CORSOrigin.problem("gallery.example.com") != nil)
        #expect(CORSOrigin.problem("https://Gallery.example.com") != nil)
        #expect(CORSOrigin.problem("ftp://gallery.example.com") != nil)
    }
}
