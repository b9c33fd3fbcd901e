/// One bucket CORS rule, as S3's PutBucketCors / GetBucketCors carry it (`CORSRule`).
public struct CORSRule: Sendable, Equatable {
    public var allowedOrigins: [String]
    public var allowedMethods: [String]
    public var allowedHeaders: [String]
    public var exposeHeaders: [String]
    public var maxAgeSeconds: Int?

    public init(allowedOrigins: [String], allowedMethods: [String], allowedHeaders: [String] = [],
                exposeHeaders: [String] = [], maxAgeSeconds: Int? = nil) {
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// The headers Gallery's browser media features read from a presigned answer (range, size, type, cache
    /// validation): the seed's "Recommended S3 CORS Policy" exposes exactly these.
    public static let galleryExposedHeaders = ["Accept-Ranges", "Content-Length", "Content-Range", "Content-Type", "ETag"]

    /// The seed's recommended rule for `origins`: GET loads media, HEAD serves metadata checks, any request header
    /// passes the preflight, and an hour of preflight caching.
    public static func recommended(origins: [String]) -> CORSRule {
        CORSRule(allowedOrigins: origins, allowedMethods: ["GET", "HEAD"], allowedHeaders: ["*"],
                 exposeHeaders: galleryExposedHeaders, maxAgeSeconds: 3600)
    }

    /// Whether one of the rule's origins matches `origin` as S3 matches them: exactly, or through the one `*`
    /// wildcard an entry may hold (`https://*.example.com`).
    public func allows(origin: String) -> Bool {
        allowedOrigins.contains { pattern in
            guard let star = pattern.firstIndex(of: "*") else { return pattern == origin }
            let head = pattern[..<star], tail = pattern[pattern.index(after: star)...]
            return origin.count >= head.count + tail.count && origin.hasPrefix(head) && origin.hasSuffix(tail)
        }
    }

    /// Whether the rule allows `method` (S3 compares methods case-sensitively, in upper case).
    public func allows(method: String) -> Bool {
        allowedMethods.contains(method)
    }
}
