/// The Subscription-State header (RFC 6665 §8.2.3): active, pending or terminated, with expires/reason/retry-after.
public struct SIPSubscriptionState: Sendable, Equatable, CustomStringConvertible {
    /// `active`, `pending`, `terminated` or an extension value, lower-cased.
    public var state: String
    /// Parameters: `expires`, `reason`, `retry-after`.
    public var parameters: SIPParameters

    /// Creates a Subscription-State value.
    public init(_ state: String, parameters: SIPParameters = SIPParameters()) {
        self.state = state.lowercased()
        self.parameters = parameters
    }

    /// Seconds left in the subscription.
    public var expires: Int? { (parameters["expires"] ?? nil).flatMap { Int($0) } }
    /// Why a subscription was terminated (`timeout`, `noresource`, `rejected` …).
    public var reason: String? { parameters["reason"] ?? nil }
    /// Seconds to wait before re-subscribing.
    public var retryAfter: Int? { (parameters["retry-after"] ?? nil).flatMap { Int($0) } }

    /// `active;expires=3600`.
    public var description: String { state + parameters.serialized }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPSubscriptionState {
        s.skipLWS()
        let state = try s.token("subscription state")
        let parameters = try s.parameters()
        try s.expectEnd()
        return SIPSubscriptionState(state, parameters: parameters)
    }
}
