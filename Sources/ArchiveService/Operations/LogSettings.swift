import Backends
import Logging

/// How the service logs: Immich's `IMMICH_LOG_LEVEL` (verbose, debug, log, warn, error, fatal) and `LOG_FORMAT`
/// (text, json). Checked at start-up like every other variable.
public struct LogSettings: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    /// Immich's level names, mapped to swift-log's.
    enum ImmichLevel: String, CaseIterable {
        case verbose, debug, log, warn, error, fatal

        var level: Logger.Level {
            switch self {
            case .verbose: .trace
            case .debug: .debug
            case .log: .info
            case .warn: .warning
            case .error: .error
            case .fatal: .critical
            }
        }
    }

    public var format: Format
    public var level: Logger.Level

    public init(environment: [String: String]) throws {
        let reader = EnvironmentReader(environment: environment)
        format = try reader.choice("LOG_FORMAT", default: Format.text)
        level = try reader.choice("IMMICH_LOG_LEVEL", default: ImmichLevel.log).level
    }

    /// Makes every logger of the process log this way. Call once, before any logger is made.
    public func bootstrap() {
        let (format, level) = (format, level)
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
