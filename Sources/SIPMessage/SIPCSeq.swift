/// The CSeq header (RFC 3261 §20.16): a sequence number below 2^31 and the request method.
public struct SIPCSeq: Sendable, Equatable, CustomStringConvertible {
    /// The sequence number (RFC 3261 §8.1.1.5: less than 2^31).
    public var sequence: UInt32
    /// The method of the request this CSeq belongs to.
    public var method: SIPMethod

    /// Creates a CSeq.
    public init(_ sequence: UInt32, _ method: SIPMethod) {
        self.sequence = sequence
        self.method = method
    }

    /// `1 INVITE`.
    public var description: String { String(sequence) + " " + method.rawValue }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPCSeq {
        s.skipLWS()
        let number = try s.number("CSeq number", maxDigits: 10)
        guard number < 1 << 31 else { throw SIPMessageError(.outOfRange, "CSeq number must be less than 2^31", header: s.header) }
        let before = s.index
        s.skipLWS()
        guard s.index > before else { throw s.error("expected white space between CSeq number and method") }
        let method = try s.token("CSeq method")
        try s.expectEnd()
        return SIPCSeq(UInt32(number), SIPMethod(rawValue: method))
    }
}
