/// One m-line of an offer we make, in the order they appear (RFC 3264 §5).
public enum OfferedStream: Sendable, Hashable {
    /// An RTP audio stream with our codecs, telephone-event and, per policy, SRTP. `direction`
    /// puts the call on hold (`sendonly`, RFC 3264 §8.4) or resumes it (`sendrecv`).
    case audio(LocalStream, direction: MediaDirection = .sendrecv)
    /// A T.38 fax relay stream over UDPTL (`m=image <port> udptl t38`).
    case t38(LocalStream)
    /// A stream of the previous offer taken out of the session: port 0 (RFC 3264 §8.2).
    case removed
}
