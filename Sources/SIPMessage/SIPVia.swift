/// One Via header value (RFC 3261 §20.42, §18.2.1; RFC 3581 rport): the hop a request passed through,
/// where its response goes back.
public struct SIPVia: Sendable, Equatable, CustomStringConvertible {
    /// The protocol name, normally `SIP`.
    public var protocolName: String
    /// The protocol version, normally `2.0`.
    public var protocolVersion: String
    /// The transport as written: `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS`.
    public var transport: String
    /// The sent-by host (bracketed if IPv6).
    public var host: String
    /// The sent-by port, if written.
    public var port: Int?
    /// Via parameters in order (branch, received, rport, maddr, ttl, extensions).
    public var parameters: SIPParameters

    /// Creates a Via for a request Herald sends.
    public init(transport: String, host: String, port: Int?, branch: String, rport: Bool = true) {
        protocolName = "SIP"
        protocolVersion = "2.0"
        self.transport = transport
        self.host = host
        self.port = port
        parameters = SIPParameters()
        parameters.append("branch", branch)
        if rport { parameters.append("rport", nil) }
    }

    init(protocolName: String, protocolVersion: String, transport: String, host: String, port: Int?, parameters: SIPParameters) {
        self.protocolName = protocolName
        self.protocolVersion = protocolVersion
        self.transport = transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    /// The RFC 3261 magic cookie that marks a branch as globally unique (§8.1.1.7).
    public static let magicCookie = "z9hG4bK"

    /// The `branch` parameter.
    public var branch: String? { parameters["branch"] ?? nil }

    /// Whether the branch starts with the RFC 3261 magic cookie, so transactions can be matched by it (§17.2.3).
    public var hasRFC3261Branch: Bool { branch?.hasPrefix(SIPVia.magicCookie) ?? false }

    /// The `received` parameter: the address the request actually came from (§18.2.1).
    public var received: String? {
        get { parameters["received"] ?? nil }
        set { if let newValue { parameters.set("received", newValue) } else { parameters.remove("received") } }
    }

    /// The RFC 3581 `rport` parameter.
    public enum RPort: Sendable, Equatable {
        /// Not present: respond to the sent-by port.
        case absent
        /// Present without a value: the client asks to be told its source port.
        case requested
        /// Filled in by the server with the source port.
        case port(Int)
    }

    /// The RFC 3581 `rport` parameter.
    public var rport: RPort {
        get {
            switch parameters["rport"] {
            case .none: return .absent
            case .some(.none): return .requested
            case .some(.some(let v)): return Int(v).map(RPort.port) ?? .requested
            }
        }
        set {
            switch newValue {
            case .absent: parameters.remove("rport")
            case .requested: parameters.set("rport", nil)
            case .port(let p): parameters.set("rport", String(p))
            }
        }
    }

    /// The `maddr` parameter.
    public var maddr: String? { parameters["maddr"] ?? nil }

    /// The `ttl` parameter.
    public var ttl: Int? { (parameters["ttl"] ?? nil).flatMap { Int($0) } }

    /// The serialized value.
    public var serialized: String {
        var out = protocolName + "/" + protocolVersion + "/" + transport + " " + host
        if let port { out += ":" + String(port) }
        return out + parameters.serialized
    }

    /// The serialized value.
    public var description: String { serialized }

    /// Parses one via-parm.
    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPVia {
        s.skipLWS()
        let name = try s.token("protocol name")
        try s.expect(UInt8(ascii: "/"), "'/' in sent-protocol")
        let version = try s.token("protocol version")
        try s.expect(UInt8(ascii: "/"), "'/' in sent-protocol")
        let transport = try s.token("transport")
        let before = s.index
        s.skipLWS()
        guard s.index > before else { throw s.error("expected white space before sent-by") }
        let host = try s.host()
        var port: Int?
        if s.consume(UInt8(ascii: ":")) {
            let value = try s.number("sent-by port", maxDigits: 5)
            guard value <= 65535 else { throw SIPMessageError(.outOfRange, "port out of range", header: s.header) }
            port = Int(value)
        }
        let parameters = try s.parameters()
        if let ttl = parameters["ttl"] ?? nil {
            guard let v = Int(ttl), (0...255).contains(v) else { throw SIPMessageError(.outOfRange, "ttl must be 0-255", header: s.header) }
        }
        if let rport = parameters["rport"] ?? nil, Int(rport).map({ !(1...65535).contains($0) }) ?? true {
            throw s.error("invalid rport value")
        }
        if parameters.contains("branch"), (parameters["branch"] ?? nil) == nil { throw s.error("branch parameter without value") }
        return SIPVia(protocolName: name, protocolVersion: version, transport: transport, host: host, port: port, parameters: parameters)
    }
}

extension ByteScanner {
    /// `host = hostname / IPv4address / IPv6reference`.
    mutating func host() throws(SIPMessageError) -> String {
        let start = index
        if peek == UInt8(ascii: "[") {
            while index < bytes.count, bytes[index] != UInt8(ascii: "]") { index += 1 }
            guard index < bytes.count else { throw error("unterminated IPv6 reference") }
            guard SIPURI.isIPv6Address(bytes, (start + 1)..<index) else { throw error("invalid IPv6 address") }
            index += 1
            return string(start..<index)
        }
        let range = run(SIPCharacterClass.hostname)
        guard !range.isEmpty else { throw error("expected host") }
        guard SIPURI.isHostname(bytes, range) else { throw error("invalid host \(string(range))") }
        return string(range)
    }
}
