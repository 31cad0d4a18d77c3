import Codecs
import Logging
import NIOCore
import NIOPosix
import RTP

/// The state of one call's media, confined to one event loop: the socket pair, the negotiated
/// stream, and what is being played, recorded and collected. `MediaSession` is its async face.
final class MediaSessionCore: PacedStream {
    let loop: any EventLoop
    let logger: Logger
    let configuration: MediaEngineConfiguration
    let ioPool: NIOThreadPool
    let wheel: PacingWheel
    let events: AsyncStream<MediaEvent>.Continuation
    let startTime = NIODeadline.now()

    var rtpChannel: (any Channel)?
    var rtcpChannel: (any Channel)?
    var closed = false
    private(set) var isPaced = false

    // The negotiated stream and what it needs.
    var setup: StreamSetup?
    var encoder: (any AudioEncoder)?
    var decoder: (any AudioDecoder)?
    var outboundSRTP: SRTPContext?
    var inboundSRTP: SRTPContext?

    // Sending (RFC 3550 §5.1: random initial sequence number and timestamp).
    let ssrc = UInt32.random(in: 1...UInt32.max)
    let cname: String
    var sequenceNumber = UInt16.random(in: 0...UInt16.max)
    var timestamp = UInt32.random(in: 0...UInt32.max)
    var markerPending = true
    var packetsSent = 0
    var octetsSent = 0
    var playback: Playback?
    var frame: [Int16] = []
    var payload: [UInt8] = []
    var datagram: [UInt8] = []
    var outgoingDigits: [Character] = []
    var outgoingEvent: OutgoingEvent?
    var inbandDigitAudio: [Int16] = []
    var inbandDigitPosition = 0

    // Receiving.
    var remoteLatched = false
    var lastReceived: NIODeadline?
    var remoteSSRC: UInt32?
    var jitterBuffer: JitterBuffer?
    var reception: RTPReceptionStatistics?
    var telephoneEvents = TelephoneEventReceiver()
    var sawTelephoneEvent = false
    var dtmfDetector: DTMFDetector?
    var faxDetector = FaxToneDetector(sampleRate: 8000)
    var voiceActivity = VoiceActivityDetector(sampleRate: 8000)
    var narrowbandConverter: Resampler?
    var recordingConverter: Resampler?
    var decoded: [Int16] = []
    var narrowband: [Int16] = []
    var narrowbandSamplesSeen = 0
    var hearingVoice = false
    var counters = Counters()

    // Digits, recording, RTCP.
    var typeAhead: [Character] = []
    var collection: DigitCollection?
    var recording: ActiveRecording?
    var cancelledOperations: Set<Int> = []
    var nextRTCP: NIODeadline
    var lastSenderReport: (middle: UInt32, arrival: NIODeadline)?
    var remoteReport: RTCPReportBlock?

    /// What went wrong or was dropped on the receive side, for statistics.
    struct Counters {
        var malformed = 0
        var authenticationFailures = 0
        var foreignSource = 0
    }

    init(
        loop: any EventLoop, logger: Logger, configuration: MediaEngineConfiguration, ioPool: NIOThreadPool,
        wheel: PacingWheel, events: AsyncStream<MediaEvent>.Continuation
    ) {
        self.loop = loop
        self.logger = logger
        self.configuration = configuration
        self.ioPool = ioPool
        self.wheel = wheel
        self.events = events
        cname = "herald-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        nextRTCP = .now() + .milliseconds(Int64(configuration.rtcpInterval.milliseconds / 2))
    }

    /// Installs a negotiated stream (the first answer, or a re-INVITE's) and starts the clock.
    ///
    /// Sequence numbers and timestamps continue across a change (RFC 3550 §5.1), so the peer sees
    /// one stream whatever we renegotiate.
    func configure(_ newSetup: StreamSetup) throws(MediaError) {
        loop.assertInEventLoop()
        guard !closed else { throw MediaError.sessionClosed }
        let codecChanged = setup?.codec != newSetup.codec
        if codecChanged {
            do {
                encoder = try CodecFactory.makeEncoder(for: newSetup.codec)
                decoder = try CodecFactory.makeDecoder(for: newSetup.codec)
            } catch {
                throw MediaError.codec("\(newSetup.codec.kind): \(error)")
            }
            let rate = newSetup.codec.sampleRate
            // The 8 kHz copy only feeds the detectors, so the cheapest filter will do.
            narrowbandConverter = rate == 8000 ? nil : try? Resampler(from: rate, to: 8000, quality: .fastest)
            jitterBuffer = JitterBuffer(
                clockRate: newSetup.codec.rtpClockRate,
                samplesPerPacket: newSetup.codec.rtpTimestampUnits(forMilliseconds: newSetup.packetTime),
                minimumDelay: configuration.jitterBufferDelay.lowerBound,
                maximumDelay: configuration.jitterBufferDelay.upperBound)
            reception = nil
            dtmfDetector = configuration.inbandDTMF ? DTMFDetector(sampleRate: 8000) : nil
        }
        if let keys = newSetup.srtp, keys.local != setup?.srtp?.local || keys.remote != setup?.srtp?.remote {
            do {
                outboundSRTP = try SRTPContext(profile: keys.profile, masterKeyAndSalt: keys.local, direction: .outbound)
                inboundSRTP = try SRTPContext(profile: keys.profile, masterKeyAndSalt: keys.remote, direction: .inbound)
            } catch {
                throw MediaError.srtp("\(error)")
            }
        } else if newSetup.srtp == nil {
            outboundSRTP = nil
            inboundSRTP = nil
        }
        if let old = setup, old.remoteRTP != newSetup.remoteRTP { remoteLatched = false }
        setup = newSetup
        if let playback, codecChanged, playback.sampleRate != newSetup.codec.sampleRate {
            // A codec change mid-prompt: finish the prompt cleanly rather than play it at the wrong speed.
            self.playback = nil
            playback.continuation.resume(returning: .completed)
        }
        logger.debug(
            "media stream configured",
            metadata: [
                "rtp.codec": "\(newSetup.codec.kind)", "rtp.ptime": "\(newSetup.packetTime)",
                "rtp.remote": "\(newSetup.remoteRTP)", "rtp.srtp": "\(newSetup.srtp != nil)",
                "rtp.ssrc": "\(ssrc)",
            ])
        if !isPaced {
            isPaced = true
            wheel.add(self, periodMilliseconds: newSetup.packetTime)
        }
    }

    /// The time since the session began, the clock of the jitter buffer and event receiver.
    func elapsed(_ now: NIODeadline) -> Duration {
        .nanoseconds((now - startTime).nanoseconds)
    }

    /// One packet time: send a packet, play out what was received, check the deadlines.
    func tick(ideal: NIODeadline, now: NIODeadline) {
        guard let setup, !closed else { return }
        if setup.sends { sendNextPacket(setup) }
        playOutReceived(setup, now: now)
        checkDeadlines(now: now)
        if now >= nextRTCP { sendReport(goodbye: false) }
    }

    /// Stops everything: the tail of the received audio goes into an active recording, waiting
    /// operations end, RTCP says goodbye and the sockets close.
    func close() -> EventLoopFuture<Void> {
        loop.assertInEventLoop()
        guard !closed else { return loop.makeSucceededVoidFuture() }
        if setup != nil {
            sendReport(goodbye: true)
            if let setup, var jitterBuffer {
                let tail = jitterBuffer.flush()
                self.jitterBuffer = jitterBuffer
                decode(tail, setup: setup)
            }
        }
        closed = true
        isPaced = false
        var pending: [EventLoopFuture<Void>] = []
        if let recording { pending.append(finishRecording(recording, reason: .sessionClosed)) }
        if let playback {
            self.playback = nil
            playback.continuation.resume(throwing: MediaError.sessionClosed)
        }
        if let collection {
            self.collection = nil
            collection.continuation.resume(throwing: MediaError.sessionClosed)
        }
        events.finish()
        for channel in [rtpChannel, rtcpChannel].compactMap({ $0 }) {
            pending.append(channel.close().recover { _ in })
        }
        logger.debug(
            "media session closed",
            metadata: [
                "rtp.sent": "\(packetsSent)", "rtp.received": "\(reception?.packetsReceived ?? 0)",
                "rtp.lost": "\(reception?.cumulativeLost ?? 0)",
                "rtp.jitter_ms": "\(reception.map { String(format2: $0.jitterMilliseconds) } ?? "-")",
            ])
        return EventLoopFuture.andAllComplete(pending, on: loop)
    }
}

extension String {
    /// A number with two decimals, for log lines.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
