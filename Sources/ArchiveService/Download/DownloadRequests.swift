import Foundation

/// `POST /api/download/info`: exactly one of `assetIds`, `albumId`, `userId`, and an optional `archiveSize`.
public struct DownloadInfoRequest: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case assets([String])
        case album(String)
        case user(String)
    }

    public var target: Target
    public var archiveSize: UInt64

    /// Gallery's default split size: 4 GiB.
    public static let defaultArchiveSize: UInt64 = 4 << 30
    /// Sizes outside this range are mistakes (a negative, zero or petabyte-scale split), not requests.
    public static let archiveSizeRange: ClosedRange<UInt64> = 1...(1 << 50)
}

/// `POST /api/download/archive`: the assets to pack, whether edited versions are wanted, and the name to save as.
public struct DownloadArchiveRequest: Sendable, Equatable {
    public var assetIDs: [String]
    public var edited: Bool
    public var archiveName: String?
}

/// Parsing and validation of the download request bodies; every failure is a 400 naming the field.
enum DownloadRequestParser {
    static func info(json body: Data, limit: Int) throws -> DownloadInfoRequest {
        let object = try jsonObject(body)
        let archiveSize = try archiveSize(JSONValue.given(object["archiveSize"]))
        let present = ["assetIds", "albumId", "userId"].filter { JSONValue.given(object[$0]) != nil }
        guard present.count == 1 else {
            throw ServiceError.badRequest(present.isEmpty
                ? "one of assetIds, albumId or userId is required"
                : "give only one of assetIds, albumId or userId (got \(present.joined(separator: ", ")))")
        }
        switch present[0] {
        case "assetIds":
            return .init(target: .assets(try uuidList(object["assetIds"], limit: limit)), archiveSize: archiveSize)
        case "albumId":
            return .init(target: .album(try uuid(object["albumId"], field: "albumId")), archiveSize: archiveSize)
        default:
            return .init(target: .user(try uuid(object["userId"], field: "userId")), archiveSize: archiveSize)
        }
    }

    static func archive(json body: Data, limit: Int) throws -> DownloadArchiveRequest {
        let object = try jsonObject(body)
        guard JSONValue.given(object["assetIds"]) != nil else { throw ServiceError.badRequest("assetIds is required") }
        let edited: Bool
        switch JSONValue.given(object["edited"]) {
        case nil: edited = false
        case .bool(let flag): edited = flag
        default: throw ServiceError.badRequest("edited must be a boolean")
        }
        return .init(assetIDs: try uuidList(object["assetIds"], limit: limit), edited: edited, archiveName: nil)
    }

    /// The HTML form the web client posts (`assetIds` comma-separated, `archiveName`), so the browser itself
    /// saves the streamed response instead of buffering it in a Blob.
    static func archive(form body: Data, limit: Int) throws -> DownloadArchiveRequest {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecode(parts[0]) else { throw ServiceError.badRequest("malformed form field") }
            fields[name] = parts.count > 1 ? formDecode(parts[1]) : ""
        }
        guard let list = fields["assetIds"] else { throw ServiceError.badRequest("assetIds is required") }
        let ids: [String?] = list.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let edited = try flag(fields["edited"], field: "edited") ?? false
        let name = fields["archiveName"].flatMap { $0.isEmpty ? nil : $0 }
        return .init(assetIDs: try uuidList(ids, limit: limit), edited: edited, archiveName: name)
    }

    /// A boolean form field or query parameter: "true", "false", or absent (nil); anything else is a 400, as
    /// Gallery's `@ValidateBoolean` answers it.
    static func flag(_ text: String?, field: String) throws -> Bool? {
        switch text {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw ServiceError.badRequest("\(field) must be true or false")
        }
    }

    private static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func jsonObject(_ body: Data) throws -> [String: JSONValue] {
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(body)
        } catch {
            throw ServiceError.badRequest("malformed JSON body")
        }
        guard case .object(let object) = parsed else { throw ServiceError.badRequest("the JSON body must be an object") }
        return object
    }

    private static func archiveSize(_ value: JSONValue?) throws -> UInt64 {
        guard let value else { return DownloadInfoRequest.defaultArchiveSize }
        let range = DownloadInfoRequest.archiveSizeRange
        guard case .number(let number) = value, number.rounded() == number,
              number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw ServiceError.badRequest("archiveSize must be an integer between 1 and \(range.upperBound)")
        }
        return UInt64(number)
    }

    private static func uuidList(_ value: JSONValue?, limit: Int) throws -> [String] {
        guard case .array(let items) = value else { throw ServiceError.badRequest("assetIds must be an array of UUIDs") }
        return try uuidList(items.map { item -> String? in
            if case .string(let text) = item { return text }
            return nil
        }, limit: limit)
    }

    private static func uuidList(_ items: [String?], limit: Int) throws -> [String] {
        guard !items.isEmpty else { throw ServiceError.badRequest("assetIds must not be empty") }
        guard items.count <= limit else {
            throw ServiceError.badRequest("too many assetIds (\(items.count)); at most \(limit) per request")
        }
        var seen = Set<String>()
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            let id = try uuid(item, field: "assetIds[\(index)]")
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    private static func uuid(_ value: JSONValue?, field: String) throws -> String {
        guard case .string(let text) = value else { throw ServiceError.badRequest("\(field) must be a UUID") }
        return try uuid(text, field: field)
    }

    /// A UUID in any version, as Gallery's `@IsUUID` validators accept, normalised to lower case.
    private static func uuid(_ text: String?, field: String) throws -> String {
        guard let text, text.utf8.count == 36, let parsed = UUID(uuidString: text) else {
            throw ServiceError.badRequest("\(field) must be a UUID")
        }
        return parsed.uuidString.lowercased()
    }
}
