/// RFC 3550 §5.3.1 RTP header extension: a 16-bit profile-defined identifier and data in 32-bit words.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        header extension                       |
/// |                             ....                              |
/// ```
/// The data is kept raw (RFC 8285 one-/two-byte elements are the profile's business, not ours).
public struct RTPHeaderExtension: Sendable, Hashable {
    /// The "defined by profile" field, e.g. `0xBEDE` for RFC 8285 one-byte elements.
    public var profile: UInt16
    /// The extension data. Serialization pads it with zero octets to a multiple of four.
    public var data: [UInt8]

    /// Creates an extension; `data` should be a multiple of four octets long (it is zero-padded otherwise).
    public init(profile: UInt16, data: [UInt8]) {
        self.profile = profile
        self.data = data
    }
}
