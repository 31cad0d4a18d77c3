/// An ordered list of `;name=value` parameters (RFC 3261 §25.1 generic-param / uri-parameter).
///
/// Names compare case-insensitively; values are kept exactly as written (a quoted value keeps its quotes),
/// so that a parameter nobody changed is serialized as it arrived.
public struct SIPParameters: Sendable, Equatable, Sequence {
    /// One parameter; `value` is nil for a flag parameter such as `;lr` or `;rport`.
    public struct Parameter: Sendable, Equatable {
        /// The name as written.
        public var name: String
        /// The value as written, or nil for a flag.
        public var value: String?
    }

    private var storage: [Parameter] = []

    /// Creates an empty list.
    public init() {}

    /// Creates a list from name/value pairs.
    public init(_ pairs: [(String, String?)]) {
        storage = pairs.map { Parameter(name: $0.0, value: $0.1) }
    }

    /// The number of parameters.
    public var count: Int { storage.count }

    /// Whether there are none.
    public var isEmpty: Bool { storage.isEmpty }

    /// Iterates in written order.
    public func makeIterator() -> IndexingIterator<[Parameter]> { storage.makeIterator() }

    /// Whether a parameter with this name (case-insensitive) is present, with or without a value.
    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The value of the first parameter with this name: `.some(nil)` for a flag, nil when absent.
    public subscript(name: String) -> String?? {
        get {
            guard let i = position(of: name) else { return nil }
            return .some(storage[i].value)
        }
    }

    /// The value with surrounding quotes and quoted pairs removed, or nil when absent or a flag.
    public func unquotedValue(_ name: String) -> String? {
        guard let value = self[name] ?? nil else { return nil }
        return SIPParameters.unquote(value)
    }

    /// Sets (replacing the first of that name) or appends a parameter.
    public mutating func set(_ name: String, _ value: String?) {
        if let i = position(of: name) {
            storage[i].value = value
        } else {
            storage.append(Parameter(name: name, value: value))
        }
    }

    /// Appends a parameter even if one of that name exists.
    public mutating func append(_ name: String, _ value: String?) {
        storage.append(Parameter(name: name, value: value))
    }

    /// Removes every parameter with this name.
    public mutating func remove(_ name: String) {
        storage.removeAll { Self.equalNames($0.name, name) }
    }

    /// Serialized as `;a=b;c`.
    public var serialized: String {
        var out = ""
        for p in storage {
            out += ";"
            out += p.name
            if let v = p.value {
                out += "="
                out += v
            }
        }
        return out
    }

    private func position(of name: String) -> Int? {
        storage.firstIndex { Self.equalNames($0.name, name) }
    }

    static func equalNames(_ a: String, _ b: String) -> Bool {
        SIPHeaderName.asciiCaseInsensitiveEqual(a, b)
    }

    /// Removes the quotes and quoted pairs of a `quoted-string`; returns other values unchanged.
    public static func unquote(_ value: String) -> String {
        guard value.utf8.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        var out = ""
        var escaped = false
        for ch in value.dropFirst().dropLast() {
            if escaped {
                out.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Quotes a value as a `quoted-string`, escaping `"` and `\`.
    public static func quote(_ value: String) -> String {
        var out = "\""
        for ch in value {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        out.append("\"")
        return out
    }
}
