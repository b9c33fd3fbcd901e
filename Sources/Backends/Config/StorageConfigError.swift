/// A start-up configuration error: names the environment variable, the value found and what is allowed, so an
/// operator can fix it from the message alone.
public struct StorageConfigError: Error, Equatable, CustomStringConvertible {
    /// The environment variable at fault.
    public let variable: String
    /// The value found, `nil` when the variable is missing.
    public let value: String?
    /// What would have been accepted.
    public let expected: String

    public init(variable: String, value: String?, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String {
        guard let value else { return "\(variable) is not set: \(expected)" }
        return "\(variable)=\"\(value)\" is invalid: \(expected)"
    }
}
