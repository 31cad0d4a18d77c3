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

    static func parse(_ values: [Substring]) throws(SIPMessageError) -> SIPContact {
        if values.count == 1, values[0].utf8.elementsEqual("*".utf8) || values[0].trimmingLWS() == "*" {
            return .wildcard
        }
        let list = try NameAddress.parseList(values, header: "Contact")
        for address in list {
            if let expires = address.parameters["expires"] ?? nil, UInt32(expires) == nil {
                throw SIPMessageError(.syntax, "invalid expires parameter '\(expires)'", header: "Contact")
            }
            if let q = address.parameters["q"] ?? nil, !NameAddress.isQValue(q) {
                throw SIPMessageError(.syntax, "invalid q parameter '\(q)'", header: "Contact")
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

extension Substring {
    func trimmingLWS() -> Substring {
        var s = self
        while let f = s.utf8.first, SIPCharacterClass.isLWS(f) { s = s.dropFirst() }
        while let l = s.utf8.last, SIPCharacterClass.isLWS(l) { s = s.dropLast() }
        return s
    }
}
