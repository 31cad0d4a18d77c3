public import SIPMessage

/// Reliable provisional responses on the UAC side of one early dialog (RFC 3262 §4): which provisional responses to
/// acknowledge with a PRACK, and which to ignore.
///
/// RSeq spaces are per dialog: keep one value per To tag of the INVITE's responses (forks). Pass every 1xx of that
/// dialog to `receive(_:)` and act on the disposition: process the response and send the PRACK (built in the early
/// dialog with `DialogRequest.make`, so it takes the next CSeq), process it as an ordinary provisional, or drop it.
public struct ReliableProvisionalUAC: Sendable, Equatable {
    /// What to do with a provisional response.
    public enum Disposition: Sendable, Equatable {
        /// Not sent reliably (no `Require: 100rel` with an RSeq, or a 100): process it, no PRACK.
        case unreliable
        /// The next reliable provisional in order: process it and send this PRACK (RFC 3262 §4, §7.2).
        case acknowledge(DialogRequest)
        /// A retransmission (or older): already processed and acknowledged, ignore it (§4).
        case retransmission
        /// Not the next in order (a gap: RSeq is not one more than the last): neither process nor acknowledge (§4).
        case outOfOrder(expected: UInt32)
    }

    /// The RSeq of the last reliable provisional processed in order, nil before the first.
    public private(set) var lastRSeq: UInt32?

    /// Creates the machine for one early dialog.
    public init() {}

    /// Classifies a provisional response of the dialog (RFC 3262 §4).
    public mutating func receive(_ response: SIPMessage) -> Disposition {
        guard let status = response.statusCode, status > 100, status < 200, response.headers.requires("100rel"),
              let value = response.headers.decimalValue(.rseq), (1...UInt64(UInt32.max)).contains(value),
              let cseq = try? response.headers.cseq else {
            return .unreliable
        }
        let rseq = UInt32(value)
        if let lastRSeq {
            if rseq <= lastRSeq { return .retransmission }
            if rseq != lastRSeq + 1 { return .outOfOrder(expected: lastRSeq + 1) }
        }
        lastRSeq = rseq
        let rack = RAck(responseSequence: rseq, requestSequence: cseq.sequence, method: cseq.method)
        return .acknowledge(DialogRequest(.prack, headers: [rack.field]))
    }
}
