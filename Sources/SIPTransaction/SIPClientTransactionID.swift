public import SIPMessage

/// What identifies a client transaction (RFC 3261 §17.1.3): the branch of the top Via and the CSeq method.
///
/// A response matches a client transaction when both are equal to those of the request. The method matters because a
/// CANCEL carries the branch of the INVITE it cancels (§9.1) yet is a transaction of its own.
public struct SIPClientTransactionID: Sendable, Hashable, CustomStringConvertible {
    /// The `branch` parameter of the top Via of the request.
    public var branch: String
    /// The request method (the CSeq method of its responses).
    public var method: SIPMethod

    /// Creates an identifier.
    public init(branch: String, method: SIPMethod) {
        self.branch = branch
        self.method = method
    }

    /// The identifier of the transaction a request the TU sends will create.
    public init(request: SIPMessage) throws(SIPTransactionError) {
        guard let method = request.method else { throw SIPTransactionError(.wrongMessageKind, "a client transaction starts with a request") }
        let via: SIPVia
        do { via = try request.headers.topVia } catch { throw SIPTransactionError(error) }
        guard let branch = via.branch, !branch.isEmpty else {
            throw SIPTransactionError(.malformed, "the top Via of a request needs a branch (RFC 3261 §8.1.1.7)")
        }
        self.init(branch: branch, method: method)
    }

    /// The identifier of the client transaction a received response belongs to (§17.1.3).
    public init(response: SIPMessage) throws(SIPTransactionError) {
        guard response.statusCode != nil else { throw SIPTransactionError(.wrongMessageKind, "expected a response") }
        do {
            let via = try response.headers.topVia
            guard let branch = via.branch else { throw SIPTransactionError(.malformed, "the top Via of the response has no branch") }
            self.init(branch: branch, method: try response.headers.cseq.method)
        } catch {
            throw SIPTransactionError(wrapping: error)
        }
    }

    /// `z9hG4bK776asdhds INVITE`.
    public var description: String { branch + " " + method.rawValue }
}
