/// A quality of protection (RFC 7616 §3.3, RFC 3261 §25.1 `qop-value`): what the response covers.
public enum DigestQop: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `auth`: method and digest-uri.
    case auth = "auth"
    /// `auth-int`: method, digest-uri and a hash of the body.
    case authInt = "auth-int"

    /// The token, e.g. `auth-int`.
    public var description: String { rawValue }

    /// The qop options of a challenge's `qop="auth,auth-int"` (RFC 7616 §3.3), lowercased, blanks trimmed,
    /// unknown tokens kept so that a caller can report them.
    static func options(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingBlanks().lowercased() }.filter { !$0.isEmpty }
    }
}

private extension Substring {
    /// Without leading and trailing spaces and tabs (`qop="auth, auth-int"` is common).
    func trimmingBlanks() -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return self[first...last]
    }
}
