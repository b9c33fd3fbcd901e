/// The XML body of PutBucketCors and answer of GetBucketCors (`CORSConfiguration`, one `CORSRule` element per rule).
enum CORSConfigurationXML {
    static func encode(_ rules: [CORSRule]) -> String {
        "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + rules.map(encodeRule).joined() + "</CORSConfiguration>"
    }

    private static func encodeRule(_ rule: CORSRule) -> String {
        var xml = "<CORSRule>"
        xml += elements("AllowedOrigin", rule.allowedOrigins) + elements("AllowedMethod", rule.allowedMethods)
        xml += elements("AllowedHeader", rule.allowedHeaders) + elements("ExposeHeader", rule.exposeHeaders)
        if let maxAge = rule.maxAgeSeconds { xml += "<MaxAgeSeconds>\(maxAge)</MaxAgeSeconds>" }
        return xml + "</CORSRule>"
    }

    private static func elements(_ name: String, _ values: [String]) -> String {
        values.map { "<\(name)>\($0.xmlEscaped)</\(name)>" }.joined()
    }

    /// The rules of a GetBucketCors answer, in document order; nil when it is not such a document.
    static func decode(_ bytes: [UInt8]) -> [CORSRule]? {
        guard let document = S3XMLDocument(bytes), document.elements.last?.path == "CORSConfiguration" else { return nil }
        var rules: [CORSRule] = []
        var rule = CORSRule(allowedOrigins: [], allowedMethods: [])
        // The document lists an element when it closes, so a rule's children come before the rule itself.
        for (path, text) in document.elements {
            switch path {
            case "CORSConfiguration/CORSRule/AllowedOrigin": rule.allowedOrigins.append(text)
            case "CORSConfiguration/CORSRule/AllowedMethod": rule.allowedMethods.append(text)
            case "CORSConfiguration/CORSRule/AllowedHeader": rule.allowedHeaders.append(text)
            case "CORSConfiguration/CORSRule/ExposeHeader": rule.exposeHeaders.append(text)
            case "CORSConfiguration/CORSRule/MaxAgeSeconds": rule.maxAgeSeconds = Int(text)
            case "CORSConfiguration/CORSRule":
                rules.append(rule)
                rule = CORSRule(allowedOrigins: [], allowedMethods: [])
            default: continue
            }
        }
        return rules
    }
}
