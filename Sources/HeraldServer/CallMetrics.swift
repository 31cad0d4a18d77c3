import CallControl
import MediaEngine
import CoreMetrics
import Metrics

/// What the server counts about calls (Prometheus names, `herald_` prefix): calls by flow, calls in progress, time
/// to answer, and the RTP of finished calls — the figures an operator watches and a load run checks for lost audio.
final class CallMetrics: Sendable {
    /// Calls in progress.
    let active = Meter(label: "herald_calls_active")
    /// INVITE received → 200 OK sent.
    let answerTime = Timer(label: "herald_call_answer_seconds", preferredDisplayUnit: .seconds)
    private let packetsReceived = Counter(label: "herald_rtp_packets_received_total")
    private let packetsSent = Counter(label: "herald_rtp_packets_sent_total")
    private let packetsLost = Counter(label: "herald_rtp_packets_lost_total")
    private let concealed = Counter(label: "herald_rtp_concealed_milliseconds_total")
    private let mediaTimeouts = Counter(label: "herald_calls_media_timeout_total")

    /// Counts a call ended because the caller's media stopped without a BYE.
    func mediaTimedOut() {
        mediaTimeouts.increment()
    }

    /// Counts a routed call under its flow.
    func routed(_ flow: RoutingDecision.Flow) {
        let name = switch flow {
        case .subscriberAccess: "subscriber_access"
        case .voicemailButton: "voicemail_button"
        case .callAnswering: "call_answering"
        case .autoAttendant: "auto_attendant"
        case .mailboxUnavailable: "mailbox_unavailable"
        case .refused: "refused"
        }
        Counter(label: "herald_calls_total", dimensions: [("flow", name)]).increment()
    }

    /// Adds a finished call's RTP figures.
    func record(_ statistics: MediaStatistics) {
        packetsReceived.increment(by: statistics.packetsReceived)
        packetsSent.increment(by: statistics.packetsSent)
        packetsLost.increment(by: max(0, statistics.packetsLost))
        concealed.increment(by: statistics.concealedMilliseconds)
    }
}

extension Timer {
    /// Records the time since `start`.
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
