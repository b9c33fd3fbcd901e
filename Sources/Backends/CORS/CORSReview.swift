/// Judges a bucket's CORS rules for the origins people open Gallery from, against the seed's recommended policy
/// and its "Common CORS Mistakes": origins with a slash or a path (never matched), `*`, a missing HEAD, headers
/// Gallery reads but cannot see, and origins no rule allows (Gallery opened through another hostname).
public enum CORSReview {
    public static func review(rules: [CORSRule], origins: [String], bucket: String) -> [OperatorCheck] {
        var checks = origins.compactMap { origin in
            CORSOrigin.problem(origin).map {
                OperatorCheck.fail("--origin \(origin) \($0)", fix: "give the origin exactly as the browser's address bar shows it, without a path")
            }
        }
        guard !rules.isEmpty else {
            return checks + [.fail("bucket \(bucket) has no CORS rules: browsers cannot read presigned answers in redirect mode",
                                   fix: "gallery-archive cors apply " + origins.map { "--origin \($0)" }.joined(separator: " "))]
        }
        checks += entryChecks(rules)
        for origin in origins { checks += originChecks(origin, rules: rules) }
        return checks
    }

    /// Entries of AllowedOrigins that never match, or match everyone.
    private static func entryChecks(_ rules: [CORSRule]) -> [OperatorCheck] {
        rules.flatMap(\.allowedOrigins).compactMap { entry in
            if entry == "*" {
                return .fail("AllowedOrigins holds *: any web site may read answers of presigned URLs",
                             fix: "list Gallery's own origins instead of * (the seed: do not use * in production)")
            }
            return CORSOrigin.problem(entry).map {
                .fail("AllowedOrigins entry \(entry) never matches: it \($0)", fix: "list the origin alone, e.g. https://gallery.example.com")
            }
        }
    }

    private static func originChecks(_ origin: String, rules: [CORSRule]) -> [OperatorCheck] {
        // S3 answers with the first rule that matches the origin and method, so that rule's lists are what count.
        guard let rule = rules.first(where: { $0.allows(origin: origin) && $0.allows(method: "GET") }) else {
            return [.fail("no rule allows GET from \(origin)",
                          fix: "add \(origin) to AllowedOrigins (is Gallery opened through another hostname than the policy names?)")]
        }
        var checks = [OperatorCheck.pass("GET from \(origin) is allowed")]
        if rules.contains(where: { $0.allows(origin: origin) && $0.allows(method: "HEAD") }) {
            checks.append(.pass("HEAD from \(origin) is allowed"))
        } else {
            checks.append(.fail("HEAD is missing from AllowedMethods for \(origin)", fix: "allow the methods GET and HEAD"))
        }
        let exposed = Set(rule.exposeHeaders.map { $0.lowercased() })
        let hidden = CORSRule.galleryExposedHeaders.filter { !exposed.contains($0.lowercased()) }
        if hidden.isEmpty {
            checks.append(.pass("\(origin) can read \(CORSRule.galleryExposedHeaders.joined(separator: ", "))"))
        } else {
            checks.append(.fail("\(origin) cannot read \(hidden.joined(separator: ", ")) (not in ExposeHeaders)",
                                fix: "expose \(CORSRule.galleryExposedHeaders.joined(separator: ", "))"))
        }
        if rule.allowedHeaders.isEmpty {
            checks.append(.fail("AllowedHeaders is empty for \(origin): preflights that name a request header fail",
                                fix: "allow the headers * as the recommended policy does"))
        }
        return checks
    }
}
