public import SIPMessage

/// The error of the dialog-usage helpers (REFER targets, `message/sipfrag` bodies, RAck values, incoming REFERs):
/// what was wrong with a received value, and the response status a request carrying it gets.
///
/// The usage state machines themselves do not throw: they answer bad requests with `respond`/`reject` actions.
/// Only value parsers and the initializers that validate a received request throw this.
public enum DialogUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header failed to parse; the wrapped error knows its status (400 for syntax).
    case malformed(SIPMessageError)
    /// A header the request needs is absent, e.g. Refer-To (RFC 3515 §2.4.2) or RAck (RFC 3262 §7.2) → 400.
    case missingHeader(String)
    /// A header that must appear once appears more than once, e.g. Refer-To (RFC 3515 §2.4.2) → 400.
    case repeatedHeader(String)
    /// The Refer-To URI is not a SIP, SIPS or tel URI, which is all Herald can act on (RFC 3515 §2.4.2) → 400.
    case unsupportedURIScheme(String)
    /// A value breaks its grammar or its RFC's rules; the text says how → 400.
    case invalid(String)

    /// The response status for a request that failed with this error.
    public var statusCode: Int {
        switch self {
        case .malformed(let error): error.statusCode
        case .missingHeader, .repeatedHeader, .unsupportedURIScheme, .invalid: 400
        }
    }

    /// A one-line description, fit for a reason phrase or a Warning header.
    public var description: String {
        switch self {
        case .malformed(let error): error.description
        case .missingHeader(let name): "missing \(name) header"
        case .repeatedHeader(let name): "\(name) appears more than once"
        case .unsupportedURIScheme(let scheme): "unsupported URI scheme '\(scheme)'"
        case .invalid(let why): why
        }
    }
}
