/// A bad catalog setting found at start-up, naming the variable, what it held and what was expected.
public struct CatalogConfigError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let expected: String

    public init(variable: String, expected: String) {
        self.variable = variable
        self.expected = expected
    }

    public var description: String { "\(variable): \(expected)" }
}
