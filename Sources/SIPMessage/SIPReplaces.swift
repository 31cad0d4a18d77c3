/// The Replaces header (RFC 3891 §6.1): the dialog a new INVITE replaces, for attended transfer.
public struct SIPReplaces: Sendable, Equatable, CustomStringConvertible {
    /// The Call-ID of the dialog to replace.
    public var callID: String
    /// Parameters: `to-tag`, `from-tag`, `early-only`.
    public var parameters: SIPParameters

    /// Creates a Replaces value.
    public init(callID: String, toTag: String, fromTag: String, earlyOnly: Bool = false) {
        self.callID = callID
        parameters = SIPParameters([("to-tag", toTag), ("from-tag", fromTag)])
        if earlyOnly { parameters.append("early-only", nil) }
    }

    init(callID: String, parameters: SIPParameters) {
        self.callID = callID
        self.parameters = parameters
    }

    /// The `to-tag` parameter.
    public var toTag: String? { parameters["to-tag"] ?? nil }
    /// The `from-tag` parameter.
    public var fromTag: String? { parameters["from-tag"] ?? nil }
    /// Whether only an early dialog may be replaced.
    public var earlyOnly: Bool { parameters.contains("early-only") }

    /// `callid;to-tag=…;from-tag=…`.
    public var description: String { callID + parameters.serialized }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPReplaces {
        s.skipLWS()
        let callID = try s.callID()
        let parameters = try s.parameters()
        try s.expectEnd()
        guard parameters.contains("to-tag"), parameters.contains("from-tag") else {
            throw s.error("Replaces needs to-tag and from-tag")
        }
        return SIPReplaces(callID: callID, parameters: parameters)
    }
}

extension ByteScanner {
    /// `callid = word [ "@" word ]`.
    mutating func callID() throws(SIPMessageError) -> String {
        let start = index
        let first = run(SIPCharacterClass.word)
        guard !first.isEmpty else { throw error("expected Call-ID") }
        if peek == UInt8(ascii: "@") {
            index += 1
            guard !run(SIPCharacterClass.word).isEmpty else { throw error("empty host part in Call-ID") }
        }
        return string(start..<index)
    }
}
