// RFC 8866 §5 and §9: writing a session description, in the order the grammar gives and with
// CRLF after every line (RFC 8866 §5: "a CRLF ... MUST be used to end a record").

extension SessionDescription {
    /// The description as SDP text with CRLF line ends.
    public func serialized() -> String {
        var lines: [String] = []
        lines.append("v=\(version)")
        lines.append(
            "o=\(origin.username) \(origin.sessionID) \(origin.sessionVersion) "
                + "\(origin.networkType) \(origin.addressType) \(origin.unicastAddress)")
        lines.append("s=\(sessionName)")
        if let information { lines.append("i=\(information)") }
        if let uri { lines.append("u=\(uri)") }
        lines += emailAddresses.map { "e=\($0)" }
        lines += phoneNumbers.map { "p=\($0)" }
        if let connection { lines.append(Self.line(connection)) }
        lines += bandwidths.map(Self.line)
        for time in timeDescriptions.isEmpty ? [.permanent] : timeDescriptions {
            lines.append("t=\(time.startTime) \(time.stopTime)")
            for repeatTime in time.repeatTimes {
                let values = [repeatTime.repeatInterval, repeatTime.activeDuration] + repeatTime.offsets
                lines.append("r=" + values.map(Self.typedTime).joined(separator: " "))
            }
            if !time.zoneAdjustments.isEmpty {
                let pairs = time.zoneAdjustments.map { adjustment in
                    "\(adjustment.time) " + (adjustment.offset < 0 ? "-" : "") + Self.typedTime(adjustment.offset.magnitude)
                }
                lines.append("z=" + pairs.joined(separator: " "))
            }
        }
        if let encryptionKey { lines.append("k=\(encryptionKey)") }
        lines += attributes.map(Self.line)
        for media in mediaDescriptions {
            var port = String(media.port)
            if let numberOfPorts = media.numberOfPorts { port += "/\(numberOfPorts)" }
            lines.append((["m=\(media.media)", port, media.proto] + media.formats).joined(separator: " "))
            if let information = media.information { lines.append("i=\(information)") }
            lines += media.connections.map(Self.line)
            lines += media.bandwidths.map(Self.line)
            if let encryptionKey = media.encryptionKey { lines.append("k=\(encryptionKey)") }
            lines += media.attributes.map(Self.line)
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// The description as UTF-8 bytes, ready to be a SIP message body.
    public func serializedBytes() -> [UInt8] {
        Array(serialized().utf8)
    }

    private static func line(_ connection: ConnectionData) -> String {
        "c=\(connection.networkType) \(connection.addressType) \(connection.connectionAddress)"
    }

    private static func line(_ bandwidth: Bandwidth) -> String {
        "b=\(bandwidth.type):\(bandwidth.value)"
    }

    private static func line(_ attribute: SDPAttribute) -> String {
        attribute.value.map { "a=\(attribute.name):\($0)" } ?? "a=\(attribute.name)"
    }

    /// A duration in the largest unit that divides it exactly, as RFC 8866 §5.10 writes them.
    private static func typedTime(_ seconds: UInt64) -> String {
        guard seconds > 0 else { return "0" }
        for (unit, letter) in [(UInt64(86400), "d"), (3600, "h"), (60, "m")] where seconds.isMultiple(of: unit) {
            return "\(seconds / unit)\(letter)"
        }
        return String(seconds)
    }
}
