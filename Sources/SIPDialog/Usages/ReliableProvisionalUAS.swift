public import SIPMessage

/// Reliable provisional responses on the UAS side of one INVITE (RFC 3262 §3): RSeq numbering, retransmission until
/// PRACK, PRACK matching, and the rules on sending the final response.
///
/// The driver decides with `requirement(of:)` whether to use it (it must when the INVITE has `Require: 100rel`, may
/// when it has `Supported: 100rel`), creates the machine with a random initial RSeq, and passes every 101–199 response
/// and the final response through it; the machine adds `Require: 100rel` and `RSeq` and says when to transmit. One
/// reliable provisional is outstanding at a time (§3 requires this of the first); later ones wait for its PRACK.
///
/// | state   | event                         | actions                                                          | next      |
/// |---------|-------------------------------|------------------------------------------------------------------|-----------|
/// | idle    | provisional ready             | transmit with RSeq n; start retransmission (T1) and giveUp (64·T1) | waiting |
/// | waiting | provisional ready             | — (queued until the PRACK)                                       | waiting   |
/// | waiting | retransmission                | transmit again; restart at twice the interval                    | waiting   |
/// | waiting | matching PRACK                | 200 to it; cancel timers; then the deferred final or next queued | idle / …  |
/// | any     | non-matching PRACK            | 481 to it                                                        | same      |
/// | waiting | giveUp                        | cancel retransmission; reject the INVITE with 500                | completed |
/// | waiting | 2xx ready, unacknowledged SDP | — (deferred until the PRACK, §3)                                 | waiting   |
/// | any     | final ready (otherwise)       | cancel timers; transmit the final                                | completed |
///
/// (`waiting` is `waitingForPRACK`.)
public struct ReliableProvisionalUAS: Sendable, Equatable {
    /// What an INVITE says about reliable provisional responses (RFC 3262 §3).
    public enum Requirement: Sendable, Equatable {
        /// `Require: 100rel`: provisional responses other than 100 MUST be sent reliably.
        case required
        /// `Supported: 100rel`: they MAY be.
        case supported
        /// Neither: they MUST NOT be.
        case unsupported
    }

    /// The machine's state.
    public enum State: Sendable, Equatable {
        /// No reliable provisional is waiting for its PRACK.
        case idle
        /// One is being retransmitted until its PRACK.
        case waitingForPRACK
        /// The final response was sent, or we gave up; nothing more to do but answer late PRACKs with 481.
        case completed
    }

    /// The timers the driver runs for this machine (RFC 3262 §3 names neither).
    public enum Timer: Sendable, Hashable {
        /// Retransmit the outstanding provisional: T1, then doubling (2·T1, 4·T1 …).
        case retransmission
        /// 64·T1 after a provisional was first sent without its PRACK: give up.
        case giveUp
    }

    /// An input to the machine.
    public enum Event: Sendable, Equatable {
        /// The TU wants to send this provisional response (101–199; a 100 passes through unchanged and unreliably).
        case provisionalReady(SIPMessage)
        /// A PRACK arrived in the dialog.
        case prackReceived(SIPMessage)
        /// The TU wants to send this final response.
        case finalReady(SIPMessage)
        /// A timer started by a `startTimer` action fired.
        case timerFired(Timer)
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Pass this response to the INVITE server transaction for sending (first sending or a retransmission).
        case transmit(SIPMessage)
        /// Answer the PRACK with this status (200 when it matched, 481 when not, 400 when its RAck is malformed).
        case respondToPRACK(statusCode: Int, headers: [SIPHeaderField])
        /// Reject the INVITE with this final status: the PRACK never came (RFC 3262 §3, 5xx).
        case rejectRequest(statusCode: Int)
        /// Start (or restart) a timer.
        case startTimer(Timer, Duration)
        /// Stop a timer.
        case cancelTimer(Timer)
    }

    /// Reads the INVITE's Require and Supported (RFC 3262 §3).
    public static func requirement(of invite: SIPMessage) -> Requirement {
        if invite.headers.requires("100rel") { return .required }
        return ((try? invite.headers.supported) ?? []).contains { $0.lowercased() == "100rel" } ? .supported : .unsupported
    }

    /// The current state.
    public private(set) var state: State = .idle
    /// The CSeq number of the INVITE, which PRACKs name in RAck.
    public let inviteSequence: UInt32
    /// T1 (RFC 3261 §17.1.1.1).
    public let t1: Duration
    /// The RSeq the next reliable provisional gets.
    public private(set) var nextRSeq: UInt32

    private var outstanding: SIPMessage?
    private var outstandingRSeq: UInt32 = 0
    private var outstandingHasSDP = false
    private var interval: Duration
    private var queued: [SIPMessage] = []
    private var deferredFinal: SIPMessage?

    /// Creates the machine for `invite`. `initialRSeq` is the driver's random draw from 1 … 2^31−1 (RFC 3262 §3);
    /// 0 becomes 1.
    public init(invite: SIPMessage, initialRSeq: UInt32, t1: Duration = .milliseconds(500)) throws(DialogUsageError) {
        do throws(SIPMessageError) { inviteSequence = try invite.headers.cseq.sequence } catch {
            throw DialogUsageError.malformed(error)
        }
        nextRSeq = max(1, initialRSeq)
        self.t1 = t1
        interval = t1
    }

    /// Feeds one event; returns the actions to perform in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .provisionalReady(let response):
            guard state != .completed, let status = response.statusCode, SIPStatus.isProvisional(status) else { return [] }
            if status == 100 { return [.transmit(response)] }
            if state == .waitingForPRACK {
                queued.append(response)
                return []
            }
            return send(response)
        case .prackReceived(let prack):
            return receive(prack)
        case .finalReady(let response):
            guard state != .completed, let status = response.statusCode, status >= 200 else { return [] }
            if state == .waitingForPRACK, SIPStatus.isSuccess(status), outstandingHasSDP {
                // §3: no 2xx before the PRACK of a reliable provisional that carried a session description.
                deferredFinal = response
                return []
            }
            return complete() + [.transmit(response)]
        case .timerFired(.retransmission):
            guard state == .waitingForPRACK, let outstanding else { return [] }
            interval = interval * 2
            return [.transmit(outstanding), .startTimer(.retransmission, interval)]
        case .timerFired(.giveUp):
            guard state == .waitingForPRACK else { return [] }
            state = .completed
            clear()
            return [.cancelTimer(.retransmission), .rejectRequest(statusCode: 500)]
        }
    }

    private mutating func send(_ response: SIPMessage) -> [Action] {
        var reliable = response
        if !reliable.headers.requires("100rel") { reliable.headers.append(.require, "100rel") }
        reliable.headers.set(.rseq, String(nextRSeq))
        outstanding = reliable
        outstandingRSeq = nextRSeq
        outstandingHasSDP = Self.carriesSessionDescription(reliable)
        nextRSeq = nextRSeq == UInt32.max ? 1 : nextRSeq + 1
        interval = t1
        state = .waitingForPRACK
        return [.transmit(reliable), .startTimer(.retransmission, t1), .startTimer(.giveUp, t1 * 64)]
    }

    private mutating func receive(_ prack: SIPMessage) -> [Action] {
        let rack: RAck
        do throws(DialogUsageError) { rack = try RAck(from: prack.headers) } catch {
            return [.respondToPRACK(statusCode: error.statusCode, headers: [])]
        }
        // §3: a PRACK matches the unacknowledged provisional with that RSeq, CSeq number and method; any other gets 481.
        guard state == .waitingForPRACK, rack.responseSequence == outstandingRSeq,
              rack.requestSequence == inviteSequence, rack.method == .invite else {
            return [.respondToPRACK(statusCode: 481, headers: [])]
        }
        outstanding = nil
        outstandingHasSDP = false
        state = .idle
        var actions: [Action] = [.respondToPRACK(statusCode: 200, headers: []), .cancelTimer(.retransmission), .cancelTimer(.giveUp)]
        if let deferredFinal {
            actions += complete() + [.transmit(deferredFinal)]
        } else if !queued.isEmpty {
            actions += send(queued.removeFirst())
        }
        return actions
    }

    private mutating func complete() -> [Action] {
        let wasWaiting = state == .waitingForPRACK
        state = .completed
        clear()
        return wasWaiting ? [.cancelTimer(.retransmission), .cancelTimer(.giveUp)] : []
    }

    private mutating func clear() {
        outstanding = nil
        queued = []
        deferredFinal = nil
    }

    /// Whether a response carries an offer or answer: an SDP body, or a multipart one that may hold SDP.
    private static func carriesSessionDescription(_ response: SIPMessage) -> Bool {
        guard !response.body.isEmpty else { return false }
        guard let type = (try? response.headers.contentType) ?? nil else { return true }
        return type.matches(.sdp) || type.type == "multipart"
    }
}
