public import CallControl
public import Directory
import Foundation
import SIPMessage

/// `herald explain-call`: which flow Herald would run for a captured INVITE, and why.
public enum CallExplanation {
    /// Why an INVITE could not be explained.
    public enum Failure: Error, CustomStringConvertible {
        /// The file is not a SIP INVITE.
        case notAnInvite(String)
        /// The directory file could not be read.
        case directory(String)

        /// The message for the command line.
        public var description: String {
            switch self {
            case .notAnInvite(let reason): "not an INVITE Herald would accept: \(reason)"
            case .directory(let reason): "cannot read the directory: \(reason)"
            }
        }
    }

    /// Routes the INVITE in `bytes`. The source is `sourceHost` when given, else the top Via's `received`
    /// parameter or sent-by host — where the request came from as captured.
    public static func explain(
        _ bytes: [UInt8], sourceHost: String?, directory: DirectorySnapshot
    ) throws(Failure) -> (source: String, decision: RoutingDecision) {
        let invite: SIPMessage
        do {
            invite = try SIPMessage(parsing: bytes)
            try invite.validate()
        } catch {
            throw .notAnInvite("\(error)")
        }
        guard invite.method == .invite else { throw .notAnInvite("the request is \(invite.method.map { "\($0)" } ?? "a response")") }
        let source: String
        if let sourceHost {
            source = sourceHost
        } else if let via = try? invite.headers.topVia {
            source = via.received ?? via.host
        } else {
            throw .notAnInvite("no Via to tell where it came from; give --source")
        }
        return (source, InboundCallRouter(directory: directory).route(invite, sourceHost: source))
    }

    /// The directory an explanation routes against.
    public typealias DirectoryFile = DirectorySnapshot

    /// Reads a directory from a JSON file (the `DirectorySnapshot` encoding), or the demo directory.
    public static func directory(path: String?) throws(Failure) -> DirectorySnapshot {
        guard let path else { return .demo }
        do {
            return try JSONDecoder().decode(DirectorySnapshot.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .directory("\(path): \(error)")
        }
    }

    /// The report printed for a decision.
    public static func report(file: String, source: String, decision: RoutingDecision) -> String {
        var lines = ["\(file): INVITE from \(source)"]
        lines += decision.explanation.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
