import Backends
import Foundation

/// The lines one bucket probe (`S3BucketProbe`) gives the doctor: the endpoint answers, the credentials are taken,
/// the bucket exists, and the clocks agree.
enum BucketChecks {
    /// S3 refuses a signature more than 15 minutes off its clock; a quarter of an hour of drift is flagged early.
    static let clockSkewLimit: TimeInterval = 300

    static func review(_ probe: S3BucketProbe, config: S3Config, credentialSource: String, now: Date) -> [OperatorCheck] {
        let endpoint = config.endpoint ?? "AWS S3 (\(config.region))"
        switch probe {
        case .unreachable(let message):
            return [.fail("\(endpoint) does not answer: \(message)",
                          fix: "check IMMICH_S3_ENDPOINT (scheme, host and port), DNS and firewalls")]
        case .refused(let status, let code, let message):
            return [.pass("\(endpoint) answers")] + [refusal(status: status, code: code, message: message,
                                                             config: config, credentialSource: credentialSource)]
        case .listed(let firstKey, let serverDate):
            return [
                .pass("\(endpoint) answers"),
                .pass("the credentials from \(credentialSource) are accepted"),
                .pass("bucket \(config.bucket) exists" + (firstKey == nil ? " (empty)" : "")),
                clock(serverDate, now: now),
            ]
        }
    }

    private static func refusal(status: Int, code: String?, message: String?, config: S3Config,
                                credentialSource: String) -> OperatorCheck {
        let said = "S3 answered \(status)\(code.map { " \($0)" } ?? "")\(message.map { ": \($0)" } ?? "")"
        switch code {
        case "SignatureDoesNotMatch", "InvalidAccessKeyId":
            return .fail("the credentials from \(credentialSource) are rejected (\(said))", fix: "check the access key id and the secret")
        case "RequestTimeTooSkewed":
            return .fail("this machine's clock is too far from S3's (\(said))", fix: "synchronise the clock (NTP)")
        case "NoSuchBucket":
            return .fail("bucket \(config.bucket) does not exist (\(said))", fix: "create it, or correct IMMICH_S3_BUCKET")
        case "AccessDenied":
            return .fail("the credentials from \(credentialSource) may not list bucket \(config.bucket) (\(said))",
                         fix: "grant s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on the bucket (the seed's IAM policy)")
        case "AuthorizationHeaderMalformed", "PermanentRedirect":
            return .fail("the bucket is in another region than \(config.region) (\(said))", fix: "correct IMMICH_S3_REGION")
        default:
            return .fail("listing bucket \(config.bucket) fails (\(said))", fix: "check IMMICH_S3_BUCKET, IMMICH_S3_REGION and the credentials")
        }
    }

    private static func clock(_ serverDate: Date?, now: Date) -> OperatorCheck {
        guard let serverDate else {
            return .fail("S3 sent no Date header, so the clock cannot be compared", fix: "check that IMMICH_S3_ENDPOINT is an S3 server")
        }
        let skew = now.timeIntervalSince(serverDate)
        guard abs(skew) <= clockSkewLimit else {
            return .fail("this machine's clock is \(Int(skew)) s off S3's", fix: "synchronise the clock (NTP): S3 refuses signatures 15 minutes off")
        }
        return .pass("this machine's clock agrees with S3's (\(Int(skew)) s)")
    }
}
