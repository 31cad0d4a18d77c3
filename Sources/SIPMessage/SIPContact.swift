/// The Contact header (RFC 3261 §20.10): either `*` (REGISTER only) or a list of addresses with `expires` and `q`.
public enum SIPContact: Sendable, Equatable {
    /// `Contact: *`, removing all bindings in a REGISTER.
    case wildcard
    /// One or more contact addresses.
    case addresses([NameAddress])

    /// The addresses, empty for the wildcard.
    public var addresses: [NameAddress] {
        if case .addresses(let list) = self { return list }
        return []
    }

    static func parse(_ fields: [SIPHeaderField]) throws(SIPMessageError) -> SIPContact {
        if fields.count == 1, fields[0].value == "*" { return .wildcard }
        var list: [NameAddress] = []
        for field in fields {
            try ByteScanner.scan(field) { (s) throws(SIPMessageError) in
                try s.commaSeparated { (s) throws(SIPMessageError) in
                    let address = try NameAddress.parse(&s, inList: true)
                    if let expires = address.parameters["expires"] ?? nil, UInt32(expires) == nil {
                        throw s.error("invalid expires parameter '\(expires)'")
                    }
                    if let q = address.parameters["q"] ?? nil, !NameAddress.isQValue(q) {
                        throw s.error("invalid q parameter '\(q)'")
                    }
                    list.append(address)
                }
            }
        }
        return .addresses(list)
    }
}

extension NameAddress {
    /// The Contact `expires` parameter in seconds.
    public var expires: Int? { (parameters["expires"] ?? nil).flatMap { Int($0) } }
    /// The Contact `q` preference, 0.0–1.0.
    public var q: Double? { (parameters["q"] ?? nil).flatMap { Double($0) } }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
    static func isQValue(_ text: String) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return false }
        guard parts.count == 2 else { return true }
        let fraction = parts[1]
        guard fraction.count <= 3, fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber) else { return false }
        return whole == "0" || fraction.allSatisfy { $0 == "0" }
    }
}

