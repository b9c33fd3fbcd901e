import Foundation

/// The ways an operator hands a CORS policy to a provider, as the seed shows them: the AWS JSON of
/// `aws s3api put-bucket-cors --cors-configuration` (most S3-compatible providers accept it too), the JSON array
/// of Cloudflare R2's dashboard, and the document `wrangler r2 bucket cors set --file` reads.
public enum CORSPolicyFormat: String, Sendable, CaseIterable {
    case aws
    case r2
    case wrangler

    /// The rules as this format's JSON, pretty-printed with sorted keys.
    public func render(_ rules: [CORSRule]) -> String {
        let document: Any
        switch self {
        case .aws: document = ["CORSRules": rules.map(Self.awsRule)]
        case .r2: document = rules.map(Self.awsRule)
        case .wrangler: document = ["rules": rules.map(Self.wranglerRule)]
        }
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func awsRule(_ rule: CORSRule) -> [String: Any] {
        var object: [String: Any] = ["AllowedOrigins": rule.allowedOrigins, "AllowedMethods": rule.allowedMethods]
        if !rule.allowedHeaders.isEmpty { object["AllowedHeaders"] = rule.allowedHeaders }
        if !rule.exposeHeaders.isEmpty { object["ExposeHeaders"] = rule.exposeHeaders }
        if let maxAge = rule.maxAgeSeconds { object["MaxAgeSeconds"] = maxAge }
        return object
    }

    private static func wranglerRule(_ rule: CORSRule) -> [String: Any] {
        var allowed: [String: Any] = ["origins": rule.allowedOrigins, "methods": rule.allowedMethods]
        if !rule.allowedHeaders.isEmpty { allowed["headers"] = rule.allowedHeaders }
        var object: [String: Any] = ["allowed": allowed]
        if !rule.exposeHeaders.isEmpty { object["exposeHeaders"] = rule.exposeHeaders }
        if let maxAge = rule.maxAgeSeconds { object["maxAgeSeconds"] = maxAge }
        return object
    }
}
