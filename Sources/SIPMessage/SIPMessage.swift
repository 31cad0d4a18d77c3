/// A SIP request or response (RFC 3261 §7): start line, header fields in order, and body.
///
/// A pure value: parsing (`SIPMessage(parsing:)`), typed header access (`headers.via`, `headers.from` …),
/// validation (`validate()`) and serialization (`bytes`) do no I/O.
public struct SIPMessage: Sendable, Equatable {
    /// The first line: a Request-Line or a Status-Line.
    public enum StartLine: Sendable, Equatable {
        /// `Method SP Request-URI SP SIP-Version` (RFC 3261 §7.1).
        case request(method: SIPMethod, uri: SIPURI, version: String)
        /// `SIP-Version SP Status-Code SP Reason-Phrase` (RFC 3261 §7.2).
        case response(version: String, statusCode: Int, reasonPhrase: String)
    }

    /// The start line.
    public var startLine: StartLine
    /// The header fields in order.
    public var headers: SIPHeaders
    /// The message body (often SDP), exactly as many bytes as Content-Length says.
    public var body: [UInt8]

    /// The SIP version Herald speaks and writes.
    public static let version = "SIP/2.0"

    /// Creates a message.
    public init(startLine: StartLine, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    /// Creates a request.
    public static func request(_ method: SIPMethod, uri: SIPURI, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) -> SIPMessage {
        SIPMessage(startLine: .request(method: method, uri: uri, version: version), headers: headers, body: body)
    }

    /// Creates a response.
    public static func response(_ statusCode: Int, _ reasonPhrase: String? = nil, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) -> SIPMessage {
        SIPMessage(
            startLine: .response(version: version, statusCode: statusCode, reasonPhrase: reasonPhrase ?? SIPStatus.reasonPhrase(for: statusCode)),
            headers: headers, body: body)
    }

    /// Whether this is a request.
    public var isRequest: Bool {
        if case .request = startLine { return true }
        return false
    }

    /// The request method, or nil for a response.
    public var method: SIPMethod? {
        if case .request(let method, _, _) = startLine { return method }
        return nil
    }

    /// The Request-URI, or nil for a response.
    public var requestURI: SIPURI? {
        get {
            if case .request(_, let uri, _) = startLine { return uri }
            return nil
        }
        set {
            if case .request(let method, _, let version) = startLine, let newValue {
                startLine = .request(method: method, uri: newValue, version: version)
            }
        }
    }

    /// The status code, or nil for a request.
    public var statusCode: Int? {
        if case .response(_, let code, _) = startLine { return code }
        return nil
    }

    /// The reason phrase, or nil for a request.
    public var reasonPhrase: String? {
        if case .response(_, _, let phrase) = startLine { return phrase }
        return nil
    }

    /// The SIP version from the start line.
    public var sipVersion: String {
        switch startLine {
        case .request(_, _, let version), .response(let version, _, _): version
        }
    }

    /// Replaces the body and sets Content-Length (and Content-Type when given) to match.
    public mutating func setBody(_ body: [UInt8], contentType: SIPMediaType?) {
        self.body = body
        if let contentType { headers.set(.contentType, contentType.description) }
        else if body.isEmpty { headers.remove(.contentType) }
        headers.set(.contentLength, String(body.count))
    }
}
