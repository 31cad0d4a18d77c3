import SIPMessage

/// Why an outgoing call did not connect.
public enum SIPCallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// 486 Busy Here or 600 Busy Everywhere.
    case busy
    /// Nobody answered before the ring timeout (we sent CANCEL), or the peer said 408/480.
    case noAnswer
    /// Any other final response, with its status and reason phrase.
    case rejected(status: Int, reason: String)
    /// The request could not be delivered: transport error or transaction timeout (no response at all).
    case unreachable(String)
    /// The peer wanted credentials we do not have, or refused the ones we sent.
    case authenticationFailed(realm: String?)
    /// The request could not be built (bad target URI).
    case invalidTarget(String)

    /// Maps a final non-2xx response to a failure.
    static func from(_ response: SIPMessage) -> SIPCallFailure {
        let status = response.statusCode ?? 500
        switch status {
        case 486, 600: return .busy
        case 408, 480, 487: return .noAnswer
        default: return .rejected(status: status, reason: response.reasonPhrase ?? "")
        }
    }

    /// A one-line description.
    public var description: String {
        switch self {
        case .busy: "busy"
        case .noAnswer: "no answer"
        case .rejected(let status, let reason): "rejected with \(status) \(reason)"
        case .unreachable(let why): "unreachable: \(why)"
        case .authenticationFailed(let realm): "authentication failed" + (realm.map { " for realm \($0)" } ?? "")
        case .invalidTarget(let why): "invalid target: \(why)"
        }
    }
}
