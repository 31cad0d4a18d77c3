/// The one error type of the SIPMessage target: what was wrong, where, and the SIP response it becomes.
///
/// Errors that reach the network know their response (RFC 3261 §21): a syntax error is a 400 whose
/// reason phrase names the line; a message over the size limits is a 513; a body over its limit is a 413;
/// an unsupported SIP version is a 505; an unsupported URI scheme in the Request-URI is a 416.
public struct SIPMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, which decides the SIP response.
    public enum Kind: Sendable, Equatable {
        /// The bytes do not follow the RFC 3261 grammar.
        case syntax
        /// A header the message needs is missing (RFC 3261 §8.1.1).
        case missingHeader
        /// A header that may appear once appears more than once.
        case repeatedHeader
        /// Values that contradict each other (CSeq method vs request method, Content-Length vs body).
        case inconsistent
        /// A number outside its allowed range (CSeq ≥ 2^31, Max-Forwards > 255, status code outside 100–699).
        case outOfRange
        /// The message (start line plus headers) exceeds a configured limit.
        case messageTooLarge
        /// The body exceeds the configured limit.
        case bodyTooLarge
        /// The SIP version is not SIP/2.0.
        case versionNotSupported
        /// The Request-URI scheme is not one we serve (sip, sips, tel).
        case unsupportedURIScheme
        /// More bytes are needed before a message can be framed (stream transports only).
        case incomplete
    }

    /// The class of failure.
    public var kind: Kind
    /// What was wrong, in words fit for a reason phrase or a Warning header.
    public var reason: String
    /// The 1-based line of the message where the problem was found, when known.
    public var line: Int?
    /// The header concerned, when known.
    public var header: String?

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, line: Int? = nil, header: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.line = line
        self.header = header
    }

    /// The response status an element sends for a request with this error.
    public var statusCode: Int {
        switch kind {
        case .syntax, .missingHeader, .repeatedHeader, .inconsistent, .outOfRange, .incomplete: 400
        case .messageTooLarge: 513
        case .bodyTooLarge: 413
        case .versionNotSupported: 505
        case .unsupportedURIScheme: 416
        }
    }

    /// A one-line description naming the line and header: "line 4 (Via): missing branch".
    public var description: String {
        var prefix = ""
        if let line { prefix += "line \(line)" }
        if let header { prefix += prefix.isEmpty ? header : " (\(header))" }
        return prefix.isEmpty ? reason : "\(prefix): \(reason)"
    }

    /// Returns this error located at a line and header, keeping a more precise location that is already set.
    func located(line: Int?, header: String?) -> SIPMessageError {
        var copy = self
        if copy.line == nil { copy.line = line }
        if copy.header == nil { copy.header = header }
        return copy
    }
}
