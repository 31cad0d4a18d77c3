public import SIPMessage

/// The RAck header of a PRACK (RFC 3262 §7.2): which reliable provisional response it acknowledges — that response's
/// RSeq, and the CSeq number and method of the request it answered.
///
/// ```
/// RAck = "RAck" HCOLON response-num LWS CSeq-num LWS Method     e.g.  RAck: 776656 1 INVITE
/// ```
public struct RAck: Sendable, Equatable, CustomStringConvertible {
    /// The RSeq of the acknowledged provisional response (RFC 3262 §7.1), 1 … 2^32−1.
    public var responseSequence: UInt32
    /// The CSeq number of the request the provisional response answered.
    public var requestSequence: UInt32
    /// The method of that request (INVITE).
    public var method: SIPMethod

    /// Creates a value.
    public init(responseSequence: UInt32, requestSequence: UInt32, method: SIPMethod) {
        self.responseSequence = responseSequence
        self.requestSequence = requestSequence
        self.method = method
    }

    /// Parses a header value such as `776656 1 INVITE`.
    public init(parsing text: some StringProtocol) throws(DialogUsageError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        guard parts.count == 3 else { throw DialogUsageError.invalid("RAck needs an RSeq, a CSeq number and a method") }
        guard let rseq = SIPHeaders.decimal(Substring(parts[0])), (1...UInt64(UInt32.max)).contains(rseq) else {
            throw DialogUsageError.invalid("RAck response number '\(parts[0])' is not 1 to 2^32-1")
        }
        guard let cseq = SIPHeaders.decimal(Substring(parts[1])), cseq < 1 << 31 else {
            throw DialogUsageError.invalid("RAck CSeq number '\(parts[1])' is not below 2^31")
        }
        let method = String(parts[2])
        guard method.utf8.allSatisfy({ b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-.!%*_+`'~".utf8.contains(b)
        }) else { throw DialogUsageError.invalid("RAck method '\(method)' is not a token") }
        self.init(responseSequence: UInt32(rseq), requestSequence: UInt32(cseq), method: SIPMethod(rawValue: method))
    }

    /// Reads the single RAck header of a PRACK; missing or repeated is an error (→ 400).
    public init(from headers: SIPHeaders) throws(DialogUsageError) {
        let fields = headers.all(.rack)
        guard let field = fields.first else { throw DialogUsageError.missingHeader("RAck") }
        guard fields.count == 1 else { throw DialogUsageError.repeatedHeader("RAck") }
        try self.init(parsing: field.unfoldedValue)
    }

    /// The header field.
    public var field: SIPHeaderField { SIPHeaderField(.rack, description) }

    /// `776656 1 INVITE`.
    public var description: String {
        String(responseSequence) + " " + String(requestSequence) + " " + method.rawValue
    }
}
