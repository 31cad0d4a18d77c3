/// RFC 8866 §5 session description: the session-level lines and the media descriptions.
///
/// ```
/// v=0                                          version, always 0
/// o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
/// s=Call to John Smith                         session name
/// i=* u=* e=* p=* c=* b=*                      optional session-level lines
/// t=0 0                                        one or more time descriptions (with r=*, z=*)
/// k=* a=*                                      obsolete key, session attributes
/// m=audio 49170 RTP/AVP 0                      zero or more media descriptions
/// ```
/// A value type that compares by content. Parse with `init(parsing:)`, write with `serialized()`;
/// `SessionDescription(parsing: x.serialized()) == x` for every description whose fields hold
/// what their lines can carry: no CR, LF or NUL in text, no blanks at the end of a value (the
/// parser drops them, as deployed devices add them), tokens where the grammar wants tokens, and
/// at least one time description.
public struct SessionDescription: Sendable, Hashable {
    /// The protocol version (`v=`); 0 is the only one defined.
    public var version: Int
    /// The origin (`o=`).
    public var origin: Origin
    /// The session name (`s=`). RFC 8866 asks for at least one character (`-` when there is no
    /// name), but deployed devices send `s=` with nothing, which is accepted and kept.
    public var sessionName: String
    /// The session information (`i=`).
    public var information: String?
    /// The URI of a description of the session (`u=`).
    public var uri: String?
    /// The email addresses (`e=`).
    public var emailAddresses: [String]
    /// The phone numbers (`p=`).
    public var phoneNumbers: [String]
    /// The session-level connection data (`c=`), the default for media descriptions without one.
    public var connection: ConnectionData?
    /// The session-level bandwidth lines (`b=`).
    public var bandwidths: [Bandwidth]
    /// The time descriptions (`t=` with `r=` and `z=`). An empty list is written as `t=0 0`, the
    /// one line RFC 8866 requires; the parser reads a description without `t=` the same way.
    public var timeDescriptions: [TimeDescription]
    /// The obsolete encryption key line (`k=`), kept as written.
    public var encryptionKey: String?
    /// The session-level attributes, in order.
    public var attributes: [SDPAttribute]
    /// The media descriptions, in order; RFC 3264 matches offer and answer streams by position.
    public var mediaDescriptions: [MediaDescription]

    /// Creates a session description.
    public init(
        version: Int = 0, origin: Origin, sessionName: String = "-", information: String? = nil,
        uri: String? = nil, emailAddresses: [String] = [], phoneNumbers: [String] = [],
        connection: ConnectionData? = nil, bandwidths: [Bandwidth] = [],
        timeDescriptions: [TimeDescription] = [.permanent], encryptionKey: String? = nil,
        attributes: [SDPAttribute] = [], mediaDescriptions: [MediaDescription] = []
    ) {
        self.version = version
        self.origin = origin
        self.sessionName = sessionName
        self.information = information
        self.uri = uri
        self.emailAddresses = emailAddresses
        self.phoneNumbers = phoneNumbers
        self.connection = connection
        self.bandwidths = bandwidths
        self.timeDescriptions = timeDescriptions
        self.encryptionKey = encryptionKey
        self.attributes = attributes
        self.mediaDescriptions = mediaDescriptions
    }

    /// The session-level direction attribute, if any.
    public var direction: MediaDirection? {
        attributes.direction
    }

    /// RFC 8866 §6.7: the direction of a media description: its own attribute, else the session's,
    /// else `sendrecv`.
    public func direction(of media: MediaDescription) -> MediaDirection {
        media.direction ?? direction ?? .sendrecv
    }

    /// RFC 8866 §5.7: where a media description's stream goes: its first `c=`, else the session's.
    public func connection(for media: MediaDescription) -> ConnectionData? {
        media.connections.first ?? connection
    }
}
