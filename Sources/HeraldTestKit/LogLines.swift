public import Logging
import Synchronization

/// Every line logged through `logger` or `handler` (`level message key=value …`, with the event's own metadata),
/// for a test to look for.
public final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty collection.
    public init() {}

    /// A logger at debug level that writes here.
    public func logger(label: String) -> Logger {
        Logger(label: label) { _ in Handler(lines: self) }
    }

    /// The lines so far.
    public var snapshot: [String] { lines.withLock { $0 } }

    /// Whether a line satisfying `condition` is logged within 20 s.
    public func eventually(_ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        repeat {
            if lines.withLock({ $0.contains(where: condition) }) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return lines.withLock { $0.contains(where: condition) }
    }

    private struct Handler: LogHandler {
        let lines: LogLines
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            lines.lines.withLock { $0.append("\(event.level) \(event.message)\(fields)") }
        }
    }
}
