/// The one error type of the RTP target: malformed wire data, or a libsrtp2 failure.
///
/// Both come from the network (a peer's bad packet, a forged or replayed SRTP packet), so callers log them
/// at `notice`/`warning` and drop the packet; they are never our fault.
public enum RTPError: Error, Sendable, Hashable {
    /// The bytes are not a valid packet; the text says which rule failed and where (octet offset).
    case malformed(String)
    /// libsrtp2 refused the operation; the text is the `srtp_err_status_t` name without its prefix,
    /// e.g. `"auth_fail"`, `"replay_fail"`, `"replay_old"`, `"bad_param"`.
    case srtp(String)
}
