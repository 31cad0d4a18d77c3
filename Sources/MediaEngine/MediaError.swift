/// Why a media operation failed.
public enum MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No port pair in the configured range could be bound.
    case noPortAvailable(ClosedRange<Int>)
    /// A socket operation failed.
    case socket(String)
    /// The session has no negotiated stream yet, or its codec cannot be served.
    case notNegotiated
    /// The negotiated codec has no encoder or decoder here.
    case codec(String)
    /// The SRTP keys of the negotiation could not be installed.
    case srtp(String)
    /// A prompt file could not be read or is not a WAV file we can play.
    case prompt(path: String, reason: String)
    /// A recording file could not be created or written.
    case recording(path: String, reason: String)
    /// The session was closed (the call ended) while the operation waited.
    case sessionClosed
    /// Another operation of the same kind is already running on this session.
    case busy(String)

    /// A one-line explanation for logs and error messages.
    public var description: String {
        switch self {
        case .noPortAvailable(let range): "no free RTP port pair in \(range.lowerBound)-\(range.upperBound)"
        case .socket(let reason): "RTP socket: \(reason)"
        case .notNegotiated: "no media stream has been negotiated"
        case .codec(let reason): "codec: \(reason)"
        case .srtp(let reason): "SRTP: \(reason)"
        case .prompt(let path, let reason): "prompt \(path): \(reason)"
        case .recording(let path, let reason): "recording \(path): \(reason)"
        case .sessionClosed: "the media session is closed"
        case .busy(let what): "\(what) is already in progress"
        }
    }
}
