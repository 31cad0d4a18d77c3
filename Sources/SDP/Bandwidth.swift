/// RFC 8866 §5.8 bandwidth information (`b=`): `b=<bwtype>:<bandwidth>`.
///
/// `CT` and `AS` are in kilobits per second; RFC 3890 `TIAS` is in bits per second. Types this
/// target does not know are kept as written.
public struct Bandwidth: Sendable, Hashable {
    /// The bandwidth type token, such as `AS`, `CT`, `TIAS`, `RS` or `RR`.
    public var type: String
    /// The bandwidth in the unit `type` implies.
    public var value: UInt64

    /// Creates a bandwidth line.
    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }
}
