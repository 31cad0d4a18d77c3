/// A challenge or credentials (RFC 3261 §20.7, §20.27, §20.28, §20.44; RFC 7616/8760 digest):
/// the value of WWW-Authenticate, Proxy-Authenticate, Authorization or Proxy-Authorization.
public struct SIPAuthorization: Sendable, Equatable, CustomStringConvertible {
    /// The scheme, e.g. `Digest`.
    public var scheme: String
    /// The auth-params in order, values as written (quoted values keep their quotes).
    public var parameters: [(name: String, value: String)]

    /// Creates a challenge or credentials. Values are stored as given: quote the ones RFC 3261 §25.1 requires quoted
    /// (realm, nonce, response …) with `SIPParameters.quote`.
    public init(scheme: String, parameters: [(name: String, value: String)]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// The unquoted value of a parameter (case-insensitive name).
    public subscript(name: String) -> String? {
        parameters.first { SIPParameters.equalNames($0.name, name) }.map { SIPParameters.unquote($0.value) }
    }

    /// `realm`.
    public var realm: String? { self["realm"] }
    /// `nonce`.
    public var nonce: String? { self["nonce"] }
    /// `opaque`.
    public var opaque: String? { self["opaque"] }
    /// `algorithm` (MD5 when absent; RFC 8760 adds SHA-256 and SHA-512-256).
    public var algorithm: String? { self["algorithm"] }
    /// `qop` options of a challenge, or the chosen qop of credentials.
    public var qop: String? { self["qop"] }
    /// `stale=true` means the nonce expired but the credentials were right (RFC 7616 §3.3).
    public var isStale: Bool { self["stale"]?.lowercased() == "true" }

    /// `Digest realm="…", nonce="…"`.
    public var description: String {
        scheme + " " + parameters.map { $0.name + "=" + $0.value }.joined(separator: ", ")
    }

    public static func == (a: SIPAuthorization, b: SIPAuthorization) -> Bool {
        a.scheme == b.scheme && a.parameters.elementsEqual(b.parameters) { $0.name == $1.name && $0.value == $1.value }
    }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPAuthorization {
        s.skipLWS()
        let scheme = try s.token("auth scheme")
        var parameters: [(name: String, value: String)] = []
        s.skipLWS()
        while !s.isAtEnd {
            let name = try s.token("auth parameter name")
            try s.expect(UInt8(ascii: "="), "'=' after \(name)")
            let value: String
            if s.peek == UInt8(ascii: "\"") {
                let start = s.index
                _ = try s.quotedString()
                value = s.string(start..<s.index)
            } else {
                value = try s.token("value of \(name)")
            }
            parameters.append((name, value))
            s.skipLWS()
            if s.isAtEnd { break }
            try s.expect(UInt8(ascii: ","), "',' between auth parameters")
        }
        return SIPAuthorization(scheme: scheme, parameters: parameters)
    }
}
