public import SIPMessage

/// The subscription fields of an unsolicited (out-of-dialog) NOTIFY, as many PBXs and phones expect for message
/// waiting without a SUBSCRIBE (RFC 3842 §3 allows configured, not subscribed, notification).
///
/// Only the event-framework fields are produced — Event, Subscription-State and Content-Type — because the driver owns
/// the request's identity (Call-ID, From tag, CSeq, Via). Set the body with `SIPMessage.setBody`, which writes
/// Content-Type and Content-Length itself; use `headers` for a message built field by field.
public struct UnsolicitedNotify: Sendable, Equatable {
    /// The Event (RFC 6665 §8.2.1).
    public var event: SIPEvent
    /// The Subscription-State (RFC 6665 §8.2.3); `active` unless told otherwise.
    public var subscriptionState: SIPSubscriptionState
    /// The body type, if the NOTIFY has a body.
    public var contentType: SIPMediaType?

    /// Creates the fields for an unsolicited NOTIFY.
    public init(event: SIPEvent, subscriptionState: SIPSubscriptionState = SIPSubscriptionState("active"), contentType: SIPMediaType?) {
        self.event = event
        self.subscriptionState = subscriptionState
        self.contentType = contentType
    }

    /// Message waiting (RFC 3842): `Event: message-summary`, `application/simple-message-summary`.
    public static func messageSummary(subscriptionState: SIPSubscriptionState = SIPSubscriptionState("active")) -> UnsolicitedNotify {
        UnsolicitedNotify(event: SIPEvent("message-summary"), subscriptionState: subscriptionState, contentType: .messageSummary)
    }

    /// `Event`, `Subscription-State` and (with a content type) `Content-Type`, in that order.
    public var headers: [SIPHeaderField] {
        var fields = [
            SIPHeaderField(.event, event.description),
            SIPHeaderField(.subscriptionState, subscriptionState.description),
        ]
        if let contentType { fields.append(SIPHeaderField(.contentType, contentType.description)) }
        return fields
    }
}
