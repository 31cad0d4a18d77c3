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
    let ioPools: [NIOThreadPool]
    /// Spreads this session's recordings over the I/O threads.
    let ioLane = Int.random(in: 0..<(1 << 30))
    let wheel: PacingWheel
    let events: AsyncStream<MediaEvent>.Continuation
    let startTime: NIODeadline

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
    /// Ours; replaced when the peer turns out to use it too (RFC 3550 §8.2).
    var ssrc = UInt32.random(in: 1...UInt32.max)
    /// When a packet last arrived with our SSRC.
    var lastCollision: NIODeadline?
    let cname: String
    var sequenceNumber = UInt16.random(in: 0...UInt16.max)
    var timestamp = UInt32.random(in: 0...UInt32.max)
    var markerPending = true
    /// The RTP timestamp of the last packet time and when it was due: the RTP clock's reading for
    /// sender reports (RFC 3550 §6.4.1).
    var clockAnchor: (timestamp: UInt32, at: NIODeadline)?
    /// When we last sent RTP, for the sender-report rule of RFC 3550 §6.4.
    var lastSentAt: NIODeadline?
    var packetsSent = 0
    var octetsSent = 0
    var playback: Playback?
    var frame: [Int16] = []
    var payload: [UInt8] = []
    var datagram: [UInt8] = []
    var sendBuffer: ByteBuffer?
    var outgoingDigits: [Character] = []
    var outgoingEvent: OutgoingEvent?
    var inbandDigitAudio: [Int16] = []
    var inbandDigitPosition = 0

    // Receiving.
    var remoteLatched = false
    /// The peer's RTP address as its SDP names it (`setup.remoteRTP` becomes the learnt source).
    var signalledRTP: SocketAddress?
    /// Sources other than the SDP's that sent a packet, with its SSRC and sequence number: one is latched on when
    /// its next packet follows in sequence.
    var latchCandidates: [SocketAddress: (ssrc: UInt32, sequenceNumber: UInt16)] = [:]
    /// When the latched source last sent a packet we accepted.
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
    /// Resampled audio on its way to a recording, kept to reuse its storage.
    var recordingScratch: [Int16] = []
    var decoded: [Int16] = []
    /// Lost audio (timestamp units) held back for the packet after it, which may rebuild it by FEC.
    var lossAwaitingNextPacket: Int?
    var narrowband: [Int16] = []
    var narrowbandSamplesSeen = 0
    var hearingVoice = false
    /// The peer put the call on hold: a two-way stream made one-way or inactive by a re-offer (RFC 3264 §8.4). A call
    /// that starts one-way is not on hold.
    var onHold = false
    /// The last tick at which the hold moved the operations' clocks on.
    var holdClockAt: NIODeadline?
    var counters = Counters()

    // Digits, recording, RTCP.
    var typeAhead: [Character] = []
    var collection: DigitCollection?
    var recording: ActiveRecording?
    var cancelledOperations: Set<Int> = []
    /// When the far end was last heard from (RTP or RTCP), while it is expected to send.
    var lastHeard: NIODeadline?
    /// When the stream stopped being two-way (a hold), while it is not.
    var heldSince: NIODeadline?
    /// Whether the far end's media was found gone (`MediaEngineConfiguration.mediaTimeout`).
    var mediaTimedOut = false
    var mediaTimeoutWaiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    var nextRTCP: NIODeadline
    var lastSenderReport: (middle: UInt32, arrival: NIODeadline)?
    var remoteReport: RTCPReportBlock?

    /// What went wrong or was dropped on the receive side, for statistics.
    struct Counters {
        var malformed = 0
        var authenticationFailures = 0
        var foreignSource = 0
        var unexpectedPayloadType = 0
    }

    init(
        loop: any EventLoop, logger: Logger, configuration: MediaEngineConfiguration, ioPools: [NIOThreadPool],
        wheel: PacingWheel, events: AsyncStream<MediaEvent>.Continuation
    ) {
        self.loop = loop
        self.logger = logger
        self.configuration = configuration
        self.ioPools = ioPools
        self.wheel = wheel
        self.events = events
        cname = "herald-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        startTime = loop.now
        nextRTCP = loop.now + .milliseconds(Int64(configuration.rtcpInterval.milliseconds / 2))
    }

    /// Installs a negotiated stream (the first answer, or a re-INVITE's) and starts the clock.
    ///
    /// Sequence numbers and timestamps continue across a change (RFC 3550 §5.1), so the peer sees
    /// one stream whatever we renegotiate.
    func configure(_ newSetup: StreamSetup) throws(MediaError) {
        loop.assertInEventLoop()
        guard !closed else { throw MediaError.sessionClosed }
        var newSetup = newSetup
        let codecChanged = setup?.codec != newSetup.codec
        // Everything that can fail is built first, so that a refused re-offer leaves the stream as it was.
        var codecs: (encoder: any AudioEncoder, decoder: any AudioDecoder)?
        if codecChanged {
            do {
                codecs = (try CodecFactory.makeEncoder(for: newSetup.codec), try CodecFactory.makeDecoder(for: newSetup.codec))
            } catch {
                throw MediaError.codec("\(newSetup.codec.kind): \(error)")
            }
        }
        let contexts = try srtpContexts(for: newSetup)
        let twoWay = newSetup.sends && newSetup.receives
        let holding = !twoWay && (onHold || setup.map { $0.sends && $0.receives } == true)
        if codecChanged || holding != onHold, let old = setup, let tail = jitterBuffer?.flush() {
            // What the old stream's buffer holds belongs to the old stream: the caller's audio (which may belong in a
            // recording) before a codec change or a hold, the music on hold before a resume. It is played out as such
            // before the new stream's buffer replaces it or the hold changes what is done with the audio.
            decode(tail, setup: old, final: true)
        }
        if holding, !onHold, hearingVoice {
            hearingVoice = false
            events.yield(.voiceStopped)
        }
        if let codecs {
            encoder = codecs.encoder
            decoder = codecs.decoder
            let rate = newSetup.codec.sampleRate
            // The 8 kHz copy only feeds the detectors, so the cheapest filter will do.
            narrowbandConverter = rate == 8000 ? nil : try? Resampler(from: rate, to: 8000, quality: .fastest)
            if let recording, rate != setup?.codec.sampleRate {
                // A recording in progress keeps its rate: what the new codec decodes is converted to it.
                recordingConverter = rate == recording.sampleRate ? nil : try? Resampler(from: rate, to: recording.sampleRate)
            }
            // Statistics of the same source go on (RFC 3550 A.3 counts over the whole stream) unless the clock changed.
            if setup?.codec.rtpClockRate != newSetup.codec.rtpClockRate { reception = nil }
            dtmfDetector = configuration.inbandDTMF ? DTMFDetector(sampleRate: 8000) : nil
            // The buffer learns the frame length from the packets, so only a new codec needs a new one.
            jitterBuffer = JitterBuffer(
                clockRate: newSetup.codec.rtpClockRate,
                samplesPerPacket: newSetup.codec.rtpTimestampUnits(forMilliseconds: newSetup.packetTime),
                minimumDelay: configuration.jitterBufferDelay.lowerBound,
                maximumDelay: configuration.jitterBufferDelay.upperBound)
        }
        if telephoneEvents.clockRate != newSetup.telephoneEventClockRate {
            // Durations of events are in their clock's units (48 kHz beside Opus).
            telephoneEvents = TelephoneEventReceiver(clockRate: newSetup.telephoneEventClockRate)
        }
        outboundSRTP = contexts.outbound
        inboundSRTP = contexts.inbound
        if signalledRTP != newSetup.remoteRTP {
            // The peer moved its media (a new SDP address): learn its source again.
            remoteLatched = false
            signalledRTP = newSetup.remoteRTP
        } else if remoteLatched, let learnt = setup {
            // The same address again (a session refresh, hold, a codec change): keep sending to the source we learnt,
            // which behind NAT is not the address the SDP names.
            newSetup.remoteRTP = learnt.remoteRTP
            if newSetup.rtcpMultiplexing {
                newSetup.remoteRTCP = learnt.remoteRTP
            } else if !learnt.rtcpMultiplexing {
                newSetup.remoteRTCP = learnt.remoteRTCP
            }
        }
        onHold = holding
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
            wheel.add(self)
        }
    }

    /// The time since the session began, the clock of the jitter buffer and event receiver.
    func elapsed(_ now: NIODeadline) -> Duration {
        .nanoseconds((now - startTime).nanoseconds)
    }

    /// The SRTP contexts for a new setup. RFC 3711 §9.1: a new context restarts the rollover counter and the
    /// SRTCP index, so each direction keeps its context while its key and suite stay. MediaSession brings a new key
    /// of ours whenever our side must be rebuilt; the same key again would repeat keystream.
    private func srtpContexts(for newSetup: StreamSetup) throws(MediaError) -> (outbound: SRTPContext?, inbound: SRTPContext?) {
        guard let keys = newSetup.srtp else { return (nil, nil) }
        let old = setup?.srtp
        let outboundChanged = old?.local != keys.local || old?.profile != keys.profile
        let inboundChanged = old?.remote != keys.remote || old?.profile != keys.profile
        if outboundChanged, old?.local == keys.local {
            throw MediaError.srtp("the suite changed but our key did not; refusing to reuse it")
        }
        do {
            let outbound = outboundChanged
                ? try SRTPContext(profile: keys.profile, masterKeyAndSalt: keys.local, direction: .outbound) : outboundSRTP
            let inbound = inboundChanged
                ? try SRTPContext(profile: keys.profile, masterKeyAndSalt: keys.remote, direction: .inbound) : inboundSRTP
            return (outbound, inbound)
        } catch {
            throw MediaError.srtp("\(error)")
        }
    }

    /// The packet time the wheel wakes us at; a re-INVITE that changes ptime changes it.
    var periodMilliseconds: Int { setup?.packetTime ?? 20 }

    /// One packet time's packet. The RTP clock runs with real time whether or not we send (RFC 3550
    /// §5.1), so a stream resumed after hold carries the timestamp of its real sampling instant, and
    /// its first packet has the marker bit as the start of a talkspurt.
    func sendTick(ideal: NIODeadline) -> Bool {
        guard let setup, !closed else { return false }
        clockAnchor = (timestamp, ideal)
        guard setup.sends else {
            timestamp &+= UInt32(setup.codec.rtpTimestampUnits(forMilliseconds: setup.packetTime))
            markerPending = true
            return false
        }
        sendNextPacket(setup)
        lastSentAt = ideal
        return true
    }

    /// The rest of a packet time: play out what was received, check the deadlines, report.
    func serviceTick(now: NIODeadline) {
        guard let setup, !closed else { return }
        playOutReceived(setup, now: now)
        pauseClocksOnHold(now: now)
        checkDeadlines(now: now)
        checkLiveness(setup, now: now)
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
                decode(tail, setup: setup, final: true)
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
        endMediaTimeoutWaits(timedOut: false)
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
