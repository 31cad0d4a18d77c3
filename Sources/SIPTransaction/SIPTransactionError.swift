public import SIPMessage

/// The one error type of the SIPTransaction target: why a message cannot enter or leave the transaction layer.
///
/// RFC 3261 §17 identifies transactions by header values (top Via branch and sent-by, CSeq, Call-ID, tags); a
/// message whose identifying headers are missing or malformed cannot be matched, so it is refused with `.malformed`.
/// Errors that would reach the network know their response: `statusCode`.
public struct SIPTransactionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure.
    public enum Kind: Sendable, Equatable {
        /// A header the transaction layer matches on is missing or malformed (RFC 3261 §17.1.3, §17.2.3).
        case malformed
        /// A response was given where a request is needed, or the other way round.
        case wrongMessageKind
        /// ACK never forms a client transaction of its own: the ACK for a 2xx goes straight to the transport
        /// (RFC 3261 §17.1.1.3, §13.2.2.4); the ACK for a non-2xx is built by the INVITE client transaction.
        case ackIsNotATransaction
        /// A client transaction with the same branch and method already exists (RFC 3261 §8.1.1.7: branches are unique).
        case transactionExists
        /// The layer holds as many transactions as it is configured to (overload protection).
        case tooManyTransactions
        /// The transport could not send a message (RFC 3261 §17.1.4, §17.2.4).
        case transportFailed
    }

    /// The class of failure.
    public var kind: Kind
    /// What was wrong, in words fit for a log line or a reason phrase.
    public var reason: String
    /// The parse error behind a `.malformed` error, when there is one.
    public var messageError: SIPMessageError?

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, messageError: SIPMessageError? = nil) {
        self.kind = kind
        self.reason = reason
        self.messageError = messageError
    }

    /// Wraps a parse error of a header the transaction layer needs.
    init(_ error: SIPMessageError) {
        self.init(.malformed, error.description, messageError: error)
    }

    /// Wraps whatever a `do` block of header parsing threw: parse errors become `.malformed`, ours pass through.
    init(wrapping error: any Error) {
        switch error {
        case let error as SIPTransactionError: self = error
        case let error as SIPMessageError: self.init(error)
        default: self.init(.malformed, String(describing: error))
        }
    }

    /// The response an element sends for a request refused with this error (RFC 3261 §21).
    public var statusCode: Int {
        switch kind {
        case .malformed, .wrongMessageKind, .ackIsNotATransaction: messageError?.statusCode ?? 400
        case .transactionExists: 500
        case .tooManyTransactions, .transportFailed: 503
        }
    }

    /// A one-line description.
    public var description: String { reason }
}
