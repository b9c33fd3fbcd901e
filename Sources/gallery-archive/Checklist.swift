import ArgumentParser
import Backends

/// How the checklist commands (`cors check`, `cors verify`, `doctor`) print their lines and exit.
enum Checklist {
    /// Prints each check; exits 1 when one failed.
    static func report(_ checks: [OperatorCheck]) throws {
        for check in checks { print(check) }
        if checks.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
