/// RFC 8866 §6.7 media direction: `a=sendrecv`, `a=sendonly`, `a=recvonly` or `a=inactive`.
///
/// A direction is always read from the point of view of the agent that wrote the description.
/// A media-level attribute overrides the session-level one, and with neither the stream is
/// `sendrecv` (RFC 8866 §6.7). RFC 3264 §6.1 maps an offered direction to the answer's with
/// `answering(localDirection:)`.
public enum MediaDirection: String, Sendable, Hashable, CaseIterable {
    /// Send and receive (the default).
    case sendrecv
    /// Send only: the writer will not receive (RFC 3264 §8.4 hold).
    case sendonly
    /// Receive only: the writer will not send.
    case recvonly
    /// Neither send nor receive; RTCP still flows (RFC 8866 §6.7.4).
    case inactive

    /// Creates a direction from its attribute name, compared without regard to case.
    public init?(attributeName: String) {
        guard let direction = Self.allCases.first(where: { attributeName.caseInsensitiveEquals($0.rawValue) }) else {
            return nil
        }
        self = direction
    }

    /// Creates the direction that sends and receives as asked.
    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    /// Whether the writer sends media.
    public var sends: Bool { self == .sendrecv || self == .sendonly }

    /// Whether the writer receives media.
    public var receives: Bool { self == .sendrecv || self == .recvonly }

    /// The same stream seen from the other end: `sendonly` becomes `recvonly` and the reverse.
    public var reversed: MediaDirection {
        MediaDirection(sends: receives, receives: sends)
    }

    /// What both this direction and `other` allow.
    public func intersection(_ other: MediaDirection) -> MediaDirection {
        MediaDirection(sends: sends && other.sends, receives: receives && other.receives)
    }

    /// RFC 3264 §6.1: the direction to answer an offered stream with, given the direction we would
    /// like on our side. An offered `sendonly` is answered `recvonly` (or `inactive`), `recvonly`
    /// is answered `sendonly` (or `inactive`), `inactive` is answered `inactive`, and `sendrecv`
    /// with whatever we like.
    public func answering(localDirection: MediaDirection = .sendrecv) -> MediaDirection {
        reversed.intersection(localDirection)
    }
}
