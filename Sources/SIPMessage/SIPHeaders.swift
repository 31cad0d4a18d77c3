/// The header fields of a message, in order. Repeated fields and unknown fields are kept as they came.
public struct SIPHeaders: Sendable, Equatable, RandomAccessCollection {
    private var fields: [SIPHeaderField]

    /// Creates an empty header list.
    public init() { fields = [] }

    /// Creates a header list from fields.
    public init(_ fields: [SIPHeaderField]) { self.fields = fields }

    init(reservingCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// The first position.
    public var startIndex: Int { fields.startIndex }
    /// One past the last position.
    public var endIndex: Int { fields.endIndex }
    /// The field at a position.
    public subscript(position: Int) -> SIPHeaderField { fields[position] }

    /// Calls `body` with every field named `name`, in order, without copying the fields.
    func forEach(named name: SIPHeaderName, _ body: (borrowing SIPHeaderField) throws(SIPMessageError) -> Void) throws(SIPMessageError) {
        for i in fields.indices where fields[i].name.id == name.id {
            if name.id == SIPHeaderName.unknownID, fields[i].name != name { continue }
            try body(fields[i])
        }
    }

    /// The first field with this name, if any.
    public func first(_ name: SIPHeaderName) -> SIPHeaderField? { fields.first { $0.name == name } }

    /// Every field with this name, in order.
    public func all(_ name: SIPHeaderName) -> [SIPHeaderField] { fields.filter { $0.name == name } }

    /// The value of the first field with this name.
    public subscript(name: SIPHeaderName) -> Substring? { first(name)?.value }

    /// The number of fields with this name.
    public func count(of name: SIPHeaderName) -> Int {
        var n = 0
        for f in fields where f.name == name { n += 1 }
        return n
    }

    /// Whether a field with this name is present.
    public func contains(_ name: SIPHeaderName) -> Bool { fields.contains { $0.name == name } }

    /// Appends a field at the end.
    public mutating func append(_ name: SIPHeaderName, _ value: String) { fields.append(SIPHeaderField(name, value)) }

    /// Appends a field.
    public mutating func append(_ field: SIPHeaderField) { fields.append(field) }

    /// Inserts a field before every other field with the same name (a proxy's new Via or Record-Route),
    /// or at `fallback` if there is none.
    public mutating func prepend(_ name: SIPHeaderName, _ value: String) {
        let position = fields.firstIndex { $0.name == name } ?? fields.endIndex
        fields.insert(SIPHeaderField(name, value), at: position)
    }

    /// Replaces every field with this name by one field with `value` at the position of the first;
    /// appends when none exists. Other fields keep their bytes.
    public mutating func set(_ name: SIPHeaderName, _ value: String) {
        if let first = fields.firstIndex(where: { $0.name == name }) {
            fields[first] = SIPHeaderField(name, value)
            var i = fields.index(after: first)
            while i < fields.endIndex {
                if fields[i].name == name { fields.remove(at: i) } else { i += 1 }
            }
        } else {
            fields.append(SIPHeaderField(name, value))
        }
    }

    /// Removes every field with this name.
    public mutating func remove(_ name: SIPHeaderName) { fields.removeAll { $0.name == name } }

    /// Removes the field at a position.
    public mutating func remove(at position: Int) { fields.remove(at: position) }

    /// Replaces the field at a position.
    public mutating func replace(at position: Int, with field: SIPHeaderField) { fields[position] = field }
}
