/// Reads the digit of a SIP INFO keypress body, so that it can join the RTP digits of the call.
///
/// Two formats are in use: `application/dtmf-relay` (Cisco's, `Signal=5\r\nDuration=160`) and
/// `application/dtmf` (a bare digit, as some gateways send). Neither is standardised, so the reader
/// is lenient about spacing and case and strict about what counts as a key.
public enum DTMFRelay {
    /// The keys a telephone keypad (with the A–D column) can send.
    private static let keys = Set("0123456789*#ABCD")

    /// The digit the body carries, or `nil` when the content type or body is not a keypress.
    public static func digit(inBody body: [UInt8], contentType: String) -> Character? {
        let type = contentType.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? ""
        let text = String(decoding: body, as: UTF8.self)
        switch type {
        case "application/dtmf-relay":
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingSpaces.lowercased() == "signal" else { continue }
                return key(parts[1].trimmingSpaces)
            }
            return nil
        case "application/dtmf":
            return key(text.trimmingSpaces)
        default:
            return nil
        }
    }

    private static func key(_ value: String) -> Character? {
        // RFC 4733 event numbers 10 and 11 are * and #; some phones send those numbers instead of the symbols.
        switch value.uppercased() {
        case "10": return "*"
        case "11": return "#"
        case let single where single.count == 1 && keys.contains(single.first!): return single.first
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (line ends included).
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
