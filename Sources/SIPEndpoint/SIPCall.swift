public import SIPDialog
public import SIPMessage
import Synchronization

/// An established call: a confirmed INVITE dialog with its SDP, and what can be done in it.
///
/// The far end hanging up ends `events` with `.ended(.remoteHangUp)`; `whileConnected` runs work that is cancelled
/// the moment the call ends, so a call flow never polls for hang-up.
public final class SIPCall: Sendable {
    /// The dialog's identity.
    public let id: DialogID
    /// The INVITE that created the call (ours or the peer's).
    public let invite: SIPMessage
    /// The SDP the peer sent: its offer, its answer, or — for an INVITE without an offer (RFC 3261 §13.2.1 delayed
    /// offer, as CS 1000 gateways send) — the answer in its ACK, once `waitUntilConfirmed()` has returned.
    public var remoteSDP: [UInt8] { remote.withLock { $0 } }
    private let remote: Mutex<[UInt8]>
    /// The last SDP we sent: the INVITE's offer or answer, then that of each re-negotiation since. A session refresh
    /// re-INVITE offers it again, unchanged (RFC 6337 §5.1).
    public var localSDP: [UInt8] { local.withLock { $0 } }
    private let local: Mutex<[UInt8]>
    /// Events in order; finishes after `.ended`.
    public let events: AsyncStream<SIPCallEvent>

    let continuation: AsyncStream<SIPCallEvent>.Continuation
    let confirmed: AsyncStream<Bool>
    let confirmedContinuation: AsyncStream<Bool>.Continuation
    let ended: AsyncStream<SIPCallEndReason>
    let endedContinuation: AsyncStream<SIPCallEndReason>.Continuation
    let agent: SIPUserAgent
    /// Whether the call was confirmed and why it ended, once known: the streams above hand their one value to one
    /// waiter, and every other waiter reads it here.
    private let outcome = Mutex<(confirmed: Bool?, ended: SIPCallEndReason?)>((nil, nil))

    init(id: DialogID, invite: SIPMessage, remoteSDP: [UInt8], localSDP: [UInt8], agent: SIPUserAgent) {
        self.id = id
        self.invite = invite
        self.remote = Mutex(remoteSDP)
        self.local = Mutex(localSDP)
        self.agent = agent
        (events, continuation) = AsyncStream.makeStream(of: SIPCallEvent.self)
        (confirmed, confirmedContinuation) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(1))
        (ended, endedContinuation) = AsyncStream.makeStream(of: SIPCallEndReason.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Sends BYE and ends the call (RFC 3261 §15.1.1). Does nothing if the call already ended.
    public func hangUp() async {
        await agent.hangUp(id)
    }

    /// Sends INFO with a body (RFC 6086), e.g. `application/dtmf-relay`; returns the response status.
    @discardableResult
    public func info(_ body: [UInt8], contentType: SIPMediaType) async throws(SIPCallFailure) -> Int {
        try await agent.sendInDialog(.info, in: id, body: body, contentType: contentType).statusCode ?? 500
    }

    /// Sends a re-INVITE with a new offer (hold, resume, T.38) and returns the peer's answer body. A peer that answers
    /// only provisionally is sent CANCEL after 64·T1 (the re-INVITE then fails as `.noAnswer` and the session goes on as it was).
    public func reInvite(offer: [UInt8]) async throws(SIPCallFailure) -> [UInt8] {
        let answer = try await agent.reInvite(id, offer: offer)
        sent(offer)
        return answer
    }

    /// Sends a re-INVITE without an offer (RFC 3261 §14.1), as a PBX does when it moves the media: the peer offers in
    /// its 2xx, `answer` turns that offer into ours, which goes in the ACK. Returns the peer's offer.
    public func reInviteWithoutOffer(answer: @Sendable ([UInt8]) async -> [UInt8]) async throws(SIPCallFailure) -> [UInt8] {
        try await agent.reInviteWithoutOffer(id, answer: answer)
    }

    /// Transfers the far end with REFER (RFC 3515): blind to a URI, or attended with Replaces (RFC 3891) through
    /// `ReferTarget(attendedTransferTo:)`. Returns the progress the transferee reports: accepted, progress, then
    /// succeeded or failed with the status of its INVITE.
    public func transfer(to target: ReferTarget, referredBy: NameAddress? = nil) async throws(SIPCallFailure) -> AsyncStream<ReferSubscription.Outcome> {
        try await agent.refer(id, to: target, referredBy: referredBy)
    }

    /// Waits until the dialog is confirmed: at once for calls we placed (we sent the ACK), when the ACK arrives for
    /// calls we answered. Returns false if the call ended first.
    public func waitUntilConfirmed() async -> Bool {
        if let known = outcome.withLock({ $0.confirmed }) { return known }
        var iterator = confirmed.makeAsyncIterator()
        return await iterator.next() ?? outcome.withLock { $0.confirmed } ?? false
    }

    /// Waits until the call ends and says why.
    public func waitUntilEnded() async -> SIPCallEndReason {
        if let known = outcome.withLock({ $0.ended }) { return known }
        var iterator = ended.makeAsyncIterator()
        return await iterator.next() ?? outcome.withLock { $0.ended } ?? .shutdown
    }

    /// Runs `body` and cancels it when the call ends first (the far end hung up); returns nil in that case.
    public func whileConnected<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                _ = await self.waitUntilEnded()
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Remembers SDP we sent in this dialog.
    func sent(_ sdp: [UInt8]) {
        guard !sdp.isEmpty else { return }
        local.withLock { $0 = sdp }
    }

    func confirm(answer: [UInt8]? = nil) {
        if let answer, !answer.isEmpty { remote.withLock { $0 = answer } }
        outcome.withLock { if $0.confirmed == nil { $0.confirmed = true } }
        confirmedContinuation.yield(true)
        confirmedContinuation.finish()
    }

    func finish(_ reason: SIPCallEndReason) {
        outcome.withLock {
            if $0.confirmed == nil { $0.confirmed = false }
            if $0.ended == nil { $0.ended = reason }
        }
        confirmedContinuation.yield(false)
        confirmedContinuation.finish()
        continuation.yield(.ended(reason))
        continuation.finish()
        endedContinuation.yield(reason)
        endedContinuation.finish()
    }
}
