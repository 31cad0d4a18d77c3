public import Logging
public import MediaEngine
import SDP
public import SIPEndpoint
import SIPMessage

/// Answers what the far end signals in an established call — SIP INFO keypresses and new offers in a re-INVITE or
/// UPDATE (hold, resume, codec change) — on the call's media, for as long as the call lasts.
///
/// `SIPCall.events` has a single reader, and this is it: whoever pairs a `SIPCall` with a `MediaSession` runs one of
/// these beside the flow, or the peer's re-INVITE goes unanswered and its INFO digits never reach `collectDigits`.
public struct CallSignalling: Sendable {
    let call: SIPCall
    let media: MediaSession
    let logger: Logger

    /// Signalling of `call` for `media`; `logger` carries the call's metadata.
    public init(call: SIPCall, media: MediaSession, logger: Logger) {
        self.call = call
        self.media = media
        self.logger = logger
    }

    /// Handles the call's events in order until it ends (or the task is cancelled).
    public func run() async {
        for await event in call.events {
            switch event {
            case .info(let request):
                await receiveInfo(request)
            case .offer(let request, let responder):
                await receiveOffer(request, responder: responder)
            case .offerRequested(_, let responder):
                await offerOnRequest(responder: responder)
            case .ended:
                return
            }
        }
    }

    /// RFC 6086 INFO, already answered 200 by the user agent: a keypress joins the digits of RTP and in-band DTMF.
    func receiveInfo(_ request: SIPMessage) async {
        let contentType = ((try? request.headers.contentType) ?? nil).map { "\($0.type)/\($0.subtype)" } ?? ""
        // The digit is never logged: it may be part of a PIN.
        guard let digit = DTMFRelay.digit(inBody: request.body, contentType: contentType) else {
            logger.debug("SIP INFO without a keypress ignored", metadata: ["sip.content_type": "\(contentType)"])
            return
        }
        do {
            try await media.deliverSIPInfoDigit(digit)
        } catch {
            // Only a closed session refuses a digit, and then the call is ending anyway.
            logger.debug("SIP INFO keypress arrived after the media closed")
        }
    }

    /// RFC 3261 §14.2 / RFC 3311: a new offer in the session. Media that cannot take it leaves the session as it was
    /// (§14.1), so a refusal never ends the call.
    ///
    /// A body we can read but not serve gets 488 with the SDP layer's 3xx Warning (§14.2 reserves 488 for a
    /// description that is "not acceptable"). A body that is not SDP at all gets 400 with Warning 399 naming the line
    /// (§21.4.1, malformed syntax): the answer the first INVITE gets too, and the one PJSIP gives for bad SDP syntax.
    /// Another Content-Type never gets here: the user agent answers it 415 with Accept (§8.2.3).
    func receiveOffer(_ request: SIPMessage, responder: SIPOfferResponder) async {
        var logger = logger
        logger[metadataKey: "sip.method"] = "\(request.method?.rawValue ?? "?")"
        let answer: SessionDescription
        do {
            answer = try await media.answer(try SessionDescription(parsing: request.body))
        } catch let error as SDPError {
            // The peer's mistake or a capability we lack: notice, not error (that is for our faults).
            logger.notice("new offer refused", metadata: ["sip.status": "\(error.sipStatus)", "reason": "\(error.warningText)"])
            await responder.reject(status: error.sipStatus, warning: (error.warningCode, error.warningText))
            return
        } catch MediaError.sessionClosed {
            // The call is ending: the BYE follows.
            await responder.reject(status: 500)
            return
        } catch {
            logger.error("the media could not take a new offer", metadata: ["error": "\(error)"])
            await responder.reject(status: 500)
            return
        }
        await responder.accept(answer: answer.serializedBytes())
        let direction = answer.mediaDescriptions.first.map { answer.direction(of: $0).rawValue } ?? "none"
        logger.debug("new offer answered", metadata: ["sdp.direction": "\(direction)"])
    }

    /// RFC 3261 §14.2: a re-INVITE without an offer, as a PBX sends when it moves the call's media (a transfer, third-
    /// party call control). Our 200 OK offers every codec we have, not only the running one (RFC 6337 §5.3: the far
    /// end may now be another device), and the answer in the ACK is applied to the media. An ACK without a usable
    /// answer leaves the session as it was.
    func offerOnRequest(responder: SIPOfferResponder) async {
        let offer = media.makeOffer()
        guard let answer = await responder.offer(offer.serializedBytes()) else {
            media.offerRejected()
            logger.notice("the ACK to our offer (a re-INVITE without SDP) brought no answer: the media stays as it was")
            return
        }
        do {
            try await media.receiveAnswer(try SessionDescription(parsing: answer))
            logger.debug("offer requested by a re-INVITE agreed")
        } catch {
            media.offerRejected()
            logger.notice("the answer in the ACK could not be used: the media stays as it was", metadata: ["error": "\(error)"])
        }
    }
}
