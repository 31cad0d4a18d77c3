import Logging
import Codecs
import NIOCore
import RTP

extension MediaSessionCore {
    /// A datagram arrived on the RTP port (or, with `onRTCPPort`, on the RTCP port).
    func receive(_ buffer: ByteBuffer, from source: SocketAddress, onRTCPPort: Bool) {
        guard let setup, !closed else { return }
        var bytes = Array(buffer.readableBytesView)
        if onRTCPPort || (setup.rtcpMultiplexing && RTPDemultiplexer.isRTCP(bytes)) {
            receiveControl(&bytes, from: source)
            return
        }
        if let inboundSRTP {
            do {
                try inboundSRTP.unprotectRTP(&bytes)
            } catch {
                counters.authenticationFailures += 1
                logger.trace("SRTP packet refused", metadata: ["error": "\(error)", "rtp.source": "\(source)"])
                return
            }
        }
        let packet: RTPPacket
        do {
            packet = try RTPPacket(parsing: bytes)
        } catch {
            counters.malformed += 1
            logger.trace("malformed RTP packet dropped", metadata: ["error": "\(error)"])
            return
        }
        let isEvent = packet.payloadType == setup.telephoneEventPayloadType
        let isAudio = packet.payloadType == setup.payloadType
        // Comfort noise (RFC 3389, static PT 13) stands for silence the peer did not send as audio.
        let isComfortNoise = packet.payloadType == Self.comfortNoisePayloadType
        // A payload type we did not negotiate is dropped before it may latch: a stray sender cannot take the stream.
        guard isEvent || isAudio || isComfortNoise else {
            counters.unexpectedPayloadType += 1
            return
        }
        let now = loop.now
        guard latch(packet, from: source, now: now) else { return }
        lastReceived = now
        heardFromPeer(at: now)
        if packet.ssrc == ssrc {
            // A second collision soon after the first is a loop (our own packets reflected back, RFC 3550 §8.2),
            // not another source that drew our number: changing SSRC again would not help, so they are dropped.
            if let lastCollision, now - lastCollision < .seconds(10) { return }
            lastCollision = now
            resolveSSRCCollision()
        }
        guard setup.receives else { return }
        let arrival = elapsed(now)
        if isEvent, packet.ssrc != remoteSSRC {
            // Telephone events under an SSRC of their own (some gateways, against RFC 4733 §2.1): keys all the same,
            // outside the audio source's statistics, whose sequence numbers they do not share.
            for output in telephoneEvents.receive(packet, arrivalTime: arrival) { handle(output) }
            return
        }
        // RFC 3550 statistics cover every packet of the source: telephone events share the audio's sequence numbers.
        if reception == nil {
            reception = RTPReceptionStatistics(clockRate: setup.codec.rtpClockRate)
        }
        guard reception?.record(sequenceNumber: packet.sequenceNumber, timestamp: isEvent ? nil : packet.timestamp, arrivalTime: arrival) == true
        else { return }
        if isAudio {
            jitterBuffer?.insert(packet, arrivalTime: arrival)
        } else {
            jitterBuffer?.noteNonAudio(sequenceNumber: packet.sequenceNumber)
            if isEvent { for output in telephoneEvents.receive(packet, arrivalTime: arrival) { handle(output) } }
        }
    }

    /// The static payload type of comfort noise (RFC 3551 §6).
    static let comfortNoisePayloadType: UInt8 = 13

    /// Symmetric RTP (RFC 4961): send to where the peer's packets come from, which is right behind
    /// NAT when the SDP address is not. The address the SDP named is always accepted. Another source
    /// is learnt after two packets of one SSRC in sequence, so that one spoofed packet cannot take the
    /// stream, and it replaces a latched source only after that one has been silent for a second and
    /// only with the latched SSRC (a NAT that rebound the peer to a new port).
    private func latch(_ packet: RTPPacket, from source: SocketAddress, now: NIODeadline) -> Bool {
        guard let current = setup?.remoteRTP else { return false }
        if remoteLatched, source == current { return adopt(packet) }
        if source == signalledRTP {
            moveStream(to: source, signalled: true)
            return adopt(packet)
        }
        if remoteLatched {
            guard let lastReceived, now - lastReceived > .seconds(1), packet.ssrc == remoteSSRC else {
                counters.foreignSource += 1
                return false
            }
        }
        guard let candidate = latchCandidates[source], candidate.ssrc == packet.ssrc,
              packet.sequenceNumber == candidate.sequenceNumber &+ 1
        else {
            counters.foreignSource += 1
            // Keys on an SSRC of their own, between the audio's packets, do not reset the audio's claim.
            if let candidate = latchCandidates[source], candidate.ssrc != packet.ssrc,
               packet.payloadType == setup?.telephoneEventPayloadType { return false }
            // A few sources at most are remembered: a flood from many cannot grow this, nor keep the peer out.
            if latchCandidates.count >= 8, latchCandidates[source] == nil { latchCandidates.removeAll() }
            latchCandidates[source] = (packet.ssrc, packet.sequenceNumber)
            return false
        }
        moveStream(to: source, signalled: false)
        return adopt(packet)
    }

    /// Sends to `source` from now on.
    private func moveStream(to source: SocketAddress, signalled: Bool) {
        latchCandidates.removeAll()
        if setup?.remoteRTP != source {
            setup?.remoteRTP = source
            if setup?.rtcpMultiplexing == true { setup?.remoteRTCP = source }
            logger.debug("RTP latched to its source", metadata: ["rtp.source": "\(source)", "rtp.sdp_address": "\(signalled)"])
        }
        if !remoteLatched {
            remoteLatched = true
            events.yield(.mediaStarted(remote: "\(source)"))
        }
    }

    /// Takes the packet's SSRC as the peer's. A new source (a PBX that switched media paths) gets fresh statistics,
    /// as RFC 3550 §8.2 treats it, and in-band digits are listened for again until it proves to send RFC 4733 events.
    private func adopt(_ packet: RTPPacket) -> Bool {
        // Telephone events never make the source: the audio does (see `receive` for events on an SSRC of their own).
        if packet.ssrc != remoteSSRC, packet.payloadType != setup?.telephoneEventPayloadType {
            // The first source, or the peer switched sources; only a switch means in-band keys may come again.
            if remoteSSRC != nil { sawTelephoneEvent = false }
            remoteSSRC = packet.ssrc
            reception = nil
            lastSenderReport = nil
        }
        return true
    }

    /// The peer uses our SSRC (RFC 3550 §8.2): say goodbye for it and go on under a new one.
    private func resolveSSRCCollision() {
        logger.notice("SSRC collision: changing ours", metadata: ["rtp.ssrc": "\(ssrc)"])
        sendReport(goodbye: true)
        var fresh = UInt32.random(in: 1...UInt32.max)
        while fresh == ssrc { fresh = UInt32.random(in: 1...UInt32.max) }
        ssrc = fresh
        packetsSent = 0
        octetsSent = 0
        markerPending = true
    }

    private func handle(_ output: TelephoneEventReceiver.Output) {
        switch output {
        case .began(let digit, _):
            sawTelephoneEvent = true
            deliverDigit(digit, source: .rfc4733, sampleOffset: nil)
        case .ended(_, _, let units):
            // Digit values are never logged: they may be a PIN.
            logger.trace("telephone-event ended", metadata: ["dtmf.duration_units": "\(units)"])
        }
    }

    /// Plays out what the jitter buffer holds for now: decode, conceal gaps, detect, record.
    func playOutReceived(_ setup: StreamSetup, now: NIODeadline) {
        for output in telephoneEvents.expire(now: elapsed(now)) { handle(output) }
        guard jitterBuffer != nil else { return }
        // The playout clock advances with arrivals, never past the newest packet: when this event loop is
        // starved, datagrams wait in the socket, and a clock running on wall time would conceal them as lost
        // and then drop them as late. A gap is concealed only once later packets prove it.
        let horizon = lastReceived.map { min(now, $0) } ?? now
        guard let outputs = jitterBuffer?.pull(now: elapsed(horizon)) else { return }
        if !outputs.isEmpty { decode(outputs, setup: setup) }
    }

    /// Decodes jitter buffer output and hands the audio on. With a decoder that has in-band FEC (Opus), a loss at
    /// the end of one batch waits for the next, whose first packet can rebuild it; `final` (the stream is ending or
    /// being replaced) conceals whatever is left.
    func decode(_ outputs: [JitterBufferOutput], setup: StreamSetup, final: Bool = false) {
        guard let decoder else { return }
        decoded.removeAll(keepingCapacity: true)
        let correcting = decoder as? any ForwardErrorCorrectingDecoder
        var waitingLoss = lossAwaitingNextPacket
        lossAwaitingNextPacket = nil
        for output in outputs {
            if let units = waitingLoss {
                waitingLoss = nil
                if case .packet(let next) = output, let correcting {
                    correcting.recoverLoss(sampleCount: samples(forUnits: units, setup: setup), from: next.payload[...], into: &decoded)
                } else {
                    decoder.concealLoss(sampleCount: samples(forUnits: units, setup: setup), into: &decoded)
                }
            }
            switch output {
            case .packet(let packet):
                do {
                    try decoder.decode(packet.payload[...], into: &decoded)
                } catch {
                    counters.malformed += 1
                    let units = setup.codec.rtpTimestampUnits(forMilliseconds: setup.packetTime)
                    decoder.concealLoss(sampleCount: samples(forUnits: units, setup: setup), into: &decoded)
                }
            case .lost(let units):
                if correcting != nil {
                    waitingLoss = units
                } else {
                    decoder.concealLoss(sampleCount: samples(forUnits: units, setup: setup), into: &decoded)
                }
            case .silence(let units):
                decoded.append(contentsOf: repeatElement(0, count: samples(forUnits: units, setup: setup)))
            }
        }
        if let units = waitingLoss {
            if final {
                decoder.concealLoss(sampleCount: samples(forUnits: units, setup: setup), into: &decoded)
            } else {
                lossAwaitingNextPacket = units
            }
        }
        processReceivedAudio(setup: setup)
    }

    private func samples(forUnits units: Int, setup: StreamSetup) -> Int {
        units * setup.codec.sampleRate / setup.codec.rtpClockRate
    }

    /// Runs the detectors on the decoded audio and appends it to an active recording.
    private func processReceivedAudio(setup: StreamSetup) {
        // On hold, what comes is the PBX's music: not part of a message, and no place to look for keys or fax tones.
        guard !decoded.isEmpty, !onHold else { return }
        let narrowbandAudio: ArraySlice<Int16>
        if let narrowbandConverter {
            narrowband.removeAll(keepingCapacity: true)
            narrowbandConverter.process(decoded[...], into: &narrowband)
            narrowbandAudio = narrowband[...]
        } else {
            narrowbandAudio = decoded[...]
        }
        var voice = false
        var start = narrowbandAudio.startIndex
        while start < narrowbandAudio.endIndex {
            let end = min(narrowbandAudio.endIndex, start + 160)
            if voiceActivity.process(narrowbandAudio[start..<end]) { voice = true }
            start = end
        }
        if voice != hearingVoice {
            hearingVoice = voice
            events.yield(voice ? .voiceStarted : .voiceStopped)
        }
        // The recording takes the whole chunk before the detectors run: an in-band stop digit found in it then cuts
        // the file at the digit's start. (A chunk is long after a stall — the jitter buffer releases what queued — and
        // finishing first would lose the audio that came before the digit in it.)
        if recording != nil { appendToRecording(decoded[...], voice: voice, setup: setup) }
        if let dtmfDetector, !sawTelephoneEvent {
            for tone in dtmfDetector.process(narrowbandAudio) {
                if case .dtmf(let digit) = tone.kind { deliverDigit(digit, source: .inband, sampleOffset: tone.sampleOffset) }
            }
        }
        let listensForFax = configuration.faxToneDetectionWindow.map { narrowbandSamplesSeen < Int($0.milliseconds) * 8 } ?? true
        for tone in listensForFax ? faxDetector.process(narrowbandAudio) : [] {
            switch tone.kind {
            case .faxCNG: events.yield(.faxCallingTone)
            case .faxCED: events.yield(.faxAnswerTone)
            case .dtmf: break
            }
        }
        narrowbandSamplesSeen += narrowbandAudio.count
    }
}
