import Foundation
import Logging
import Synchronization

/// Log lines as JSON objects, one per line, for log collectors (`LOG_FORMAT=json`): time, level, label, message
/// and every metadata value as a string, the request id (`hb.request.id`, which Hummingbird puts on each request's
/// logger) included.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: Output

    /// The stream lines go to; one lock so concurrent lines never interleave.
    final class Output: Sendable {
        private let lock = Mutex<Void>(())
        private let handle: FileHandle

        init(handle: FileHandle) { self.handle = handle }

        func write(_ line: Data) { lock.withLock { _ in handle.write(line) } }
    }

    public init(label: String, level: Logger.Level, handle: FileHandle = .standardError) {
        self.label = label
        self.logLevel = level
        output = Output(handle: handle)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var fields = self.metadata
        fields.merge(metadataProvider?.get() ?? [:]) { _, new in new }
        fields.merge(explicit ?? [:]) { _, new in new }
        var object: [String: String] = fields.mapValues { "\($0)" }
        object["time"] = Date().ISO8601Format(.iso8601.time(includingFractionalSeconds: true).year().month().day())
        object["level"] = level.rawValue
        object["label"] = label
        object["message"] = message.description
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        output.write(data)
    }
}
