/// One line of an operator's checklist (`cors check`, `cors verify`, `doctor`): what holds (✓) or what is wrong and
/// how to fix it (✗).
public struct OperatorCheck: Sendable, Equatable, CustomStringConvertible {
    public let passed: Bool
    public let summary: String
    /// What to change; nil for a check that passed.
    public let fix: String?

    public static func pass(_ summary: String) -> OperatorCheck {
        OperatorCheck(passed: true, summary: summary, fix: nil)
    }

    public static func fail(_ summary: String, fix: String) -> OperatorCheck {
        OperatorCheck(passed: false, summary: summary, fix: fix)
    }

    public var description: String {
        passed ? "✓ \(summary)" : "✗ \(summary)\n    fix: \(fix ?? "")"
    }
}
