import ArchiveService
import ArgumentParser
import Backends
import Foundation

/// `gallery-archive cors …`: the bucket CORS that redirect mode needs (the seed's section 4), printed, applied,
/// judged and verified the way a browser would see it. The bucket is the one the `IMMICH_S3_*` variables name.
struct CORS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cors",
        abstract: "Print, apply, check and verify the bucket CORS rules redirect mode needs.",
        subcommands: [CORSPolicyCommand.self, CORSApply.self, CORSCheckCommand.self, CORSVerify.self])
}

/// The origins every `cors` command takes.
struct CORSOrigins: ParsableArguments {
    @Option(name: .customLong("origin"), help: "A browser origin people open Gallery from (repeat for each).")
    var origins: [String] = []

    func validate() throws {
        guard !origins.isEmpty else { throw ValidationError("name at least one --origin, e.g. --origin https://gallery.example.com") }
    }

    /// Refuses origins that would never match (the seed's first two mistakes) before anything is sent.
    func requireValid() throws {
        for origin in origins {
            if let problem = CORSOrigin.problem(origin) { throw ValidationError("--origin \(origin) \(problem)") }
        }
    }
}

struct CORSPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Print the recommended CORS policy for the origins.")

    @OptionGroup var origins: CORSOrigins
    @Option(help: "aws (put-bucket-cors JSON, most S3-compatible providers), r2 (the dashboard's JSON) or wrangler.")
    var format: String = "aws"

    func run() throws {
        try origins.requireValid()
        guard let format = CORSPolicyFormat(rawValue: format) else {
            throw ValidationError("--format \(format) is not one of \(CORSPolicyFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        print(format.render([CORSRule.recommended(origins: origins.origins)]))
    }
}

struct CORSApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Put the recommended CORS policy for the origins on the bucket (replacing its rules).")

    @OptionGroup var origins: CORSOrigins

    func run() async throws {
        try origins.requireValid()
        let s3 = try CORSBucket.backend()
        try await s3.putBucketCORS([CORSRule.recommended(origins: origins.origins)])
        print("applied the recommended CORS rule for \(origins.origins.joined(separator: ", ")) to bucket \(s3.bucketName)")
        try Checklist.report(CORSReview.review(rules: try await s3.bucketCORS(), origins: origins.origins, bucket: s3.bucketName))
    }
}

struct CORSCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Read the bucket's CORS rules and judge them for the origins; exit 1 when something is wrong.")

    @OptionGroup var origins: CORSOrigins

    func run() async throws {
        let s3 = try CORSBucket.backend()
        try Checklist.report(CORSReview.review(rules: try await s3.bucketCORS(), origins: origins.origins, bucket: s3.bucketName))
    }
}

struct CORSVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Fetch a presigned URL of a real object with each Origin, and its preflight; exit 1 when a browser would fail.")

    @OptionGroup var origins: CORSOrigins
    @Option(help: "The object to presign (default: the first key in the bucket).") var key: String?

    func run() async throws {
        let s3 = try CORSBucket.backend()
        var key = self.key
        if key == nil { key = try await s3.firstKey() }
        guard let key else {
            throw ValidationError("bucket \(s3.bucketName) holds no object to presign: upload one or name one with --key")
        }
        let rules = try await s3.bucketCORS()
        let transport = CurlTransport()
        var checks: [OperatorCheck] = []
        for origin in origins.origins {
            let url = try await s3.presignedURL(for: key, options: ServeOptions(), expires: 300)
            checks += try await CORSProbe(client: transport).verify(
                presignedGET: url, origin: origin, rulesAllowOrigin: rules.contains { $0.allows(origin: origin) })
        }
        try Checklist.report(checks)
    }
}

/// The bucket the `cors` commands work on.
enum CORSBucket {
    /// The S3 backend of the `IMMICH_S3_*` variables; an error naming them when no bucket is configured.
    static func backend() throws -> S3StorageBackend {
        let environment = ProcessInfo.processInfo.environment
        guard let s3 = try StorageConfig(environment: environment).s3 else {
            throw ValidationError("no S3 bucket is configured: set IMMICH_S3_BUCKET and its IMMICH_S3_* settings")
        }
        return try S3StorageBackend.configured(s3, environment: environment).backend
    }
}
