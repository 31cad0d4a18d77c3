import SIPMessage

/// Header access the transaction layer needs beyond the typed accessors of SIPMessage.
extension SIPMessage {
    /// The position of the first Via field and the Via values it carries (one field may hold several, comma-separated).
    func firstViaField() throws(SIPMessageError) -> (index: Int, values: [SIPVia]) {
        guard let index = headers.firstIndex(where: { $0.name == .via }) else {
            throw SIPMessageError(.missingHeader, "missing Via header", header: "Via")
        }
        let values = try SIPHeaders([headers[index]]).via
        guard !values.isEmpty else { throw SIPMessageError(.missingHeader, "empty Via header", header: "Via") }
        return (index, values)
    }

    /// The top Via value as a field of its own: the received field itself when it holds only that value, so that its
    /// bytes are kept (RFC 3261 §17.1.1.3 and §9.1 want the ACK's and CANCEL's Via equal to the request's).
    func topViaField() throws(SIPMessageError) -> SIPHeaderField {
        let (index, values) = try firstViaField()
        return values.count == 1 ? headers[index] : SIPHeaderField(.via, values[0].serialized)
    }

    /// Replaces the top Via value, keeping any other values of its field and every other field as they were.
    mutating func replaceTopVia(with via: SIPVia) throws(SIPMessageError) {
        let (index, values) = try firstViaField()
        var rewritten = values
        rewritten[0] = via
        headers.replace(at: index, with: SIPHeaderField(.via, rewritten.map(\.serialized).joined(separator: ", ")))
    }
}

extension SIPVia {
    /// The sent-by as compared by §17.2.3: host case-insensitively, port as written.
    var sentByKey: String {
        host.lowercased() + ":" + (port.map(String.init) ?? "")
    }
}
