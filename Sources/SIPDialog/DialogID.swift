/// A dialog's identity (RFC 3261 §12): Call-ID, local tag and remote tag.
public struct DialogID: Sendable, Hashable, CustomStringConvertible {
    /// The Call-ID shared by every request in the dialog.
    public var callID: String
    /// Our tag: the From tag of requests we send.
    public var localTag: String
    /// The peer's tag.
    public var remoteTag: String

    /// Creates an identity.
    public init(callID: String, localTag: String, remoteTag: String) {
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
    }

    /// `callID;local=…;remote=…`, for logs.
    public var description: String { callID + ";local=" + localTag + ";remote=" + remoteTag }
}
