/// RFC 8866 §5.2 origin (`o=`): who created the session description and which version of it this is.
///
/// ```
/// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
/// ```
/// RFC 3264 §8 uses `sessionVersion` to tell a changed description from a repeated one: each new
/// description an agent sends in a session carries a version one higher when anything in it changed.
public struct Origin: Sendable, Hashable {
    /// The originator's login on the originating host, or `-` when there is none.
    public var username: String
    /// A numeric string that, with the other fields but the version, identifies the session
    /// globally. Kept as text because RFC 8866 puts no upper bound on its length.
    public var sessionID: String
    /// The version of this session description (RFC 3264 §8).
    public var sessionVersion: UInt64
    /// The network type, `IN` for the Internet.
    public var networkType: String
    /// The address type of `unicastAddress`: `IP4` or `IP6`.
    public var addressType: String
    /// The address (or fully qualified domain name) of the machine that created the session.
    public var unicastAddress: String

    /// Creates an origin line.
    public init(
        username: String = "-", sessionID: String, sessionVersion: UInt64,
        networkType: String = "IN", addressType: String, unicastAddress: String
    ) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.unicastAddress = unicastAddress
    }
}
