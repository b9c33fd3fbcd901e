import Backends
import Foundation

/// `gallery-archive doctor`: the checklist an operator runs before switching to redirect mode — every `IMMICH_*`
/// variable parsed, the endpoint reachable, the credentials taken (and from which source of the chain), the bucket
/// there, the clocks in step, a presigned URL that works, and, for each `--origin`, the seed's CORS mistakes.
public struct Doctor: Sendable {
    let environment: [String: String]
    let origins: [String]

    public init(environment: [String: String], origins: [String]) {
        self.environment = environment
        self.origins = origins
    }

    /// Runs every check that its predecessors make meaningful; never throws (a failure is a line).
    public func run() async -> [OperatorCheck] {
        let config: StorageConfig
        do {
            config = try StorageConfig(environment: environment)
        } catch {
            return [.fail("the IMMICH_* settings do not parse: \(error)", fix: "correct the variable the message names")]
        }
        let media = mediaCheck(config)
        guard let s3 = config.s3 else {
            return [.pass("the IMMICH_* settings parse: disk only (no IMMICH_S3_BUCKET), nothing to check on S3"), media]
        }
        var checks = [OperatorCheck.pass("the IMMICH_* settings parse: bucket \(s3.bucket), IMMICH_S3_SERVE_MODE=\(s3.serveMode.rawValue)"), media]
        checks += EndpointExposure.review(s3, origins: origins)
        let transport = CurlTransport(configuration: .init(maxConnectionsPerHost: 4, connectTimeout: .seconds(5)))
        let credentials: any CredentialProvider
        do {
            credentials = try CredentialChain.provider(explicit: s3.credentials, environment: environment, client: transport)
        } catch {
            return checks + [.fail("the credential chain cannot start: \(error)", fix: "set one source of credentials completely")]
        }
        // One attempt: the doctor reports an endpoint that does not answer, it does not wait it out.
        let backend = S3StorageBackend(config: s3, credentials: credentials, limiter: ConnectionLimiter(limit: 4),
                                       transport: transport, options: .init(retry: S3RetryPolicy(maxAttempts: 1)))
        let outcome: S3BucketProbe
        do {
            outcome = try await backend.probe()
        } catch {
            return checks + [.fail("the credentials from \(credentials.sourceName) cannot be obtained: \(error)",
                                   fix: "check that credential source")]
        }
        checks += BucketChecks.review(outcome, config: s3, credentialSource: credentials.sourceName, now: Date())
        guard case .listed(let firstKey, _) = outcome else { return checks }
        return checks + (await objectChecks(backend, transport: transport, firstKey: firstKey))
    }

    /// Whether the media roots (`IMMICH_MEDIA_LOCATION` and the read-only library roots) are there to serve disk files.
    private func mediaCheck(_ config: StorageConfig) -> OperatorCheck {
        do {
            _ = try MediaRoots(config.mediaRoots, readOnly: config.readOnlyRoots)
            return .pass("the media roots exist: \((config.mediaRoots + config.readOnlyRoots).joined(separator: ", "))")
        } catch {
            return .fail("\(error)", fix: "set IMMICH_MEDIA_LOCATION to the directory Gallery stores its files in (mounted here)")
        }
    }

    /// The presigned round trip and, for each origin, the bucket's CORS rules and what a browser sees.
    private func objectChecks(_ backend: S3StorageBackend, transport: CurlTransport, firstKey: String?) async -> [OperatorCheck] {
        var checks: [OperatorCheck] = []
        do {
            var url: String?
            if let firstKey {
                url = try await backend.presignedURL(for: firstKey, options: ServeOptions(), expires: 300)
            }
            if let url {
                let answer = try await transport.send(HTTPRequest(method: "GET", url: url, headers: [("Range", "bytes=0-0")]), timeout: .seconds(15))
                checks.append((200..<300).contains(answer.status)
                    ? .pass("a presigned GET of an object works")
                    : .fail("a presigned GET of an object is answered \(answer.status)", fix: "check the clock, IMMICH_S3_REGION and IMMICH_S3_ENDPOINT"))
            } else {
                checks.append(.pass("the bucket is empty: the presigned round trip is checked once it holds an object"))
            }
            guard !origins.isEmpty else { return checks }
            let rules = try await backend.bucketCORS()
            checks += CORSReview.review(rules: rules, origins: origins, bucket: backend.bucketName)
            guard let url else { return checks }
            for origin in origins where CORSOrigin.problem(origin) == nil {
                checks += try await CORSProbe(client: transport).verify(
                    presignedGET: url, origin: origin, rulesAllowOrigin: rules.contains { $0.allows(origin: origin) })
            }
        } catch {
            checks.append(.fail("reading the bucket fails: \(error)", fix: "check the credentials' permissions (s3:GetObject, s3:GetBucketCORS)"))
        }
        return checks
    }
}
