import Foundation

/// A parsed JSON value that keeps booleans and numbers apart (Foundation's `JSONSerialization` returns both as
/// `NSNumber`), so request validation can name a wrong type precisely.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// nil for JSON `null` and for absence alike: Gallery's DTOs treat both as "not given".
    static func given(_ value: JSONValue?) -> JSONValue? {
        if case .null = value { return nil }
        return value
    }
}
