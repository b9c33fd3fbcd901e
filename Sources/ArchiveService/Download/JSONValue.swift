import Foundation

/// A parsed JSON value that keeps booleans and numbers apart, so request validation can name a wrong type precisely.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `data` with Foundation's `JSONSerialization`, which refuses nesting deeper than 512 levels.
    ///
    /// Not `JSONDecoder` with a `Decodable` enum: it can only learn a value's type by trying each type in turn, and
    /// every failed try throws a `DecodingError` with its message built. A 4 MiB body of 2 million numbers then cost
    /// seconds of a cooperative thread before any limit could refuse it (100,000 ids took 3.5 s in a debug build).
    static func parse(_ data: Data) throws -> JSONValue {
        JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed))
    }

    private init(foundation value: Any) {
        // NSNumber first: on Linux a failed cast of an NSNumber to String tries bridging, a third of the time of
        // 2 million numbers.
        switch value {
        case let number as NSNumber:
            // `JSONSerialization` gives `true` and `1` alike as NSNumber; a JSON boolean is the one of C type `char`
            // (`__NSCFBoolean` on Darwin and Linux), which no JSON number is parsed into.
            let isBoolean = number.objCType.pointee == CChar(UInt8(ascii: "c"))
            self = isBoolean ? .bool(number.boolValue) : .number(number.doubleValue)
        case let text as String:
            self = .string(text)
        case let items as [Any]:
            self = .array(items.map(JSONValue.init(foundation:)))
        case let members as [String: Any]:
            self = .object(members.mapValues(JSONValue.init(foundation:)))
        default:
            self = .null  // NSNull, the only other thing JSONSerialization returns.
        }
    }

    /// nil for JSON `null` and for absence alike: Gallery's DTOs treat both as "not given".
    static func given(_ value: JSONValue?) -> JSONValue? {
        if case .null = value { return nil }
        return value
    }
}
