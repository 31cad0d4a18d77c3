extension SIPURI {
    /// The URI as it goes on the wire.
    public var serialized: String {
        var out = scheme.description
        out += ":"
        if let opaque { return out + opaque }
        if let user {
            out += user
            if scheme != .tel {
                if let password {
                    out += ":"
                    out += password
                }
                out += "@"
            }
        }
        out += host
        if let port {
            out += ":"
            out += String(port)
        }
        out += parameters.serialized
        for (n, header) in headers.enumerated() {
            out += n == 0 ? "?" : "&"
            out += header.name
            out += "="
            out += header.value
        }
        return out
    }
}

extension SIPURI {
    /// URI equivalence by RFC 3261 §19.1.4: scheme, user and password case-sensitive after unescaping; host
    /// case-insensitive; parameters present in both must match; user, ttl, method and maddr must match
    /// if present in either; transport too; headers must match exactly.
    public func isEquivalent(to other: SIPURI) -> Bool {
        guard scheme == other.scheme else { return false }
        if scheme == .tel {
            return telephoneNumber == other.telephoneNumber
                && (parameters.unquotedValue("phone-context")?.lowercased()
                    == other.parameters.unquotedValue("phone-context")?.lowercased())
        }
        if let opaque { return opaque == other.opaque }
        guard decodedUser == other.decodedUser,
              password.flatMap({ SIPEscaping.unescape($0) }) == other.password.flatMap({ SIPEscaping.unescape($0) }),
              host.lowercased() == other.host.lowercased(),
              port == other.port
        else { return false }
        for name in ["user", "ttl", "method", "maddr", "transport"] {
            let mine = parameters[name].map { $0.map { SIPEscaping.unescape($0)?.lowercased() } }
            let theirs = other.parameters[name].map { $0.map { SIPEscaping.unescape($0)?.lowercased() } }
            if mine != theirs { return false }
        }
        for p in parameters where other.parameters.contains(p.name) {
            let a = p.value.flatMap { SIPEscaping.unescape($0)?.lowercased() }
            let b = (other.parameters[p.name] ?? nil).flatMap { SIPEscaping.unescape($0)?.lowercased() }
            if a != b { return false }
        }
        func normalized(_ h: [Header]) -> [String: String] {
            var out: [String: String] = [:]
            for header in h {
                out[SIPEscaping.unescape(header.name)?.lowercased() ?? header.name] = SIPEscaping.unescape(header.value) ?? header.value
            }
            return out
        }
        return normalized(headers) == normalized(other.headers)
    }
}
