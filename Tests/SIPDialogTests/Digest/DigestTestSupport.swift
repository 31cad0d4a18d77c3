import SIPMessage

/// A seeded generator (SplitMix64) so that cnonces and nonce salts are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Digest test fixtures: messages as they arrive on the wire, parsed with SIPMessage.
enum DigestFixtures {
    /// 16 bytes of nonce secret shared by the "cluster" in server tests.
    static let secret: [UInt8] = Array("0123456789abcdef-herald-test".utf8)

    /// An instant in 2025, seconds since 1970.
    static let now: Int64 = 1_750_000_000

    /// The challenges of a 401 or 407 response carrying `lines` as header lines.
    static func challenges(status: String = "401 Unauthorized", _ lines: String...) throws -> [SIPAuthorization] {
        let name: SIPHeaderName = status.hasPrefix("407") ? .proxyAuthenticate : .wwwAuthenticate
        return try response(status: status, lines).headers.authorizations(name)
    }

    /// A response with the usual headers plus `lines`.
    static func response(status: String, _ lines: [String]) throws -> SIPMessage {
        let text = (["SIP/2.0 " + status,
                     "Via: SIP/2.0/UDP 192.0.2.30:5060;branch=z9hG4bK776asdhds;received=192.0.2.30",
                     "From: <sip:bob@biloxi.com>;tag=a73kszlfl",
                     "To: <sip:bob@biloxi.com>;tag=1410948204",
                     "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.30",
                     "CSeq: 1 REGISTER"]
            + lines + ["Content-Length: 0", "", ""]).joined(separator: "\r\n")
        return try SIPMessage(parsing: text)
    }

    /// Puts `credentials` into a request as `header`, serializes it, parses it back and returns the value the
    /// far end would read: the wire round trip that a real server goes through.
    static func overTheWire(_ credentials: SIPAuthorization, header: SIPHeaderName = .authorization,
                            method: SIPMethod = .register, uri: String = "sip:biloxi.com") throws -> SIPAuthorization {
        var headers = SIPHeaders()
        headers.append(.via, "SIP/2.0/UDP 192.0.2.30:5060;branch=z9hG4bKnashds7")
        headers.append(.from, "<sip:bob@biloxi.com>;tag=a73kszlfl")
        headers.append(.to, "<sip:bob@biloxi.com>")
        headers.append(.callID, "1j9FpLxk3uxtm8tn@192.0.2.30")
        headers.append(.cseq, "2 \(method.rawValue)")
        headers.append(header, credentials.description)
        let request = SIPMessage.request(method, uri: try SIPURI(parsing: uri), headers: headers)
        let parsed = try SIPMessage(parsing: request.bytes)
        guard let value = try parsed.headers.authorizations(header).first else { throw WireError.missing }
        return value
    }

    enum WireError: Error { case missing }
}
