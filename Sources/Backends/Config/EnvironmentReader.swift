import Foundation

/// Typed, validated reads of environment variables. An empty value counts as unset (container env files often
/// carry `NAME=` lines); every rejected value throws a `StorageConfigError` naming the variable.
public struct EnvironmentReader: Sendable {
    let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The trimmed value, or nil when unset or empty.
    public func string(_ name: String) -> String? {
        guard let raw = environment[name] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// One of `choices` (compared case-insensitively), or `defaultValue` when unset.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) throws -> T
        where T.RawValue == String {
        guard let value = string(name) else { return defaultValue }
        guard let match = T(rawValue: value.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: " or ")
            throw StorageConfigError(variable: name, value: value, expected: "expected \(allowed)")
        }
        return match
    }

    /// A decimal integer within `range`, or `defaultValue` when unset.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>, unit: String) throws -> Int {
        guard let value = string(name) else { return defaultValue }
        guard let number = Int(value), range.contains(number) else {
            throw StorageConfigError(variable: name, value: value, expected:
                "expected a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
