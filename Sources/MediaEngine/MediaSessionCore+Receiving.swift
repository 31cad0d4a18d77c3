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
        let now = NIODeadline.now()
        guard latch(packet, from: source, now: now) else { return }
        guard setup.receives else { return }
        let arrival = elapsed(now)
        let isEvent = packet.payloadType == setup.telephoneEventPayloadType
        guard isEvent || packet.payloadType == setup.payloadType else { return }
        // RFC 3550 statistics cover every packet of the source: telephone events share the audio's sequence numbers.
        if reception == nil {
            reception = RTPReceptionStatistics(clockRate: setup.codec.rtpClockRate)
        }
        guard reception?.record(sequenceNumber: packet.sequenceNumber, timestamp: isEvent ? nil : packet.timestamp, arrivalTime: arrival) == true
        else { return }
        if isEvent {
            jitterBuffer?.noteNonAudio(sequenceNumber: packet.sequenceNumber)
            for output in telephoneEvents.receive(packet, arrivalTime: arrival) { handle(output) }
        } else {
            jitterBuffer?.insert(packet, arrivalTime: arrival)
        }
        // Anything else — comfort noise (PT 13, silence to a recording) or a payload type never negotiated — is dropped.
    }

    /// Symmetric RTP (RFC 4961): send to where the peer's packets come from, which is right behind
    /// NAT when the SDP address is not. The first packet latches; a new source is accepted only
    /// after the old one has been silent for a second, so a stray sender cannot take the stream over.
    private func latch(_ packet: RTPPacket, from source: SocketAddress, now: NIODeadline) -> Bool {
        defer { lastReceived = now }
        guard let current = setup?.remoteRTP else { return false }
        if remoteLatched, source != current {
            guard let lastReceived, now - lastReceived > .seconds(1) else {
                counters.foreignSource += 1
                return false
            }
            remoteLatched = false
        }
        if !remoteLatched {
            remoteLatched = true
            remoteSSRC = packet.ssrc
            if source != current {
                setup?.remoteRTP = source
                if setup?.rtcpMultiplexing == true { setup?.remoteRTCP = source }
                logger.debug("RTP latched to its source", metadata: ["rtp.source": "\(source)", "rtp.sdp": "\(current)"])
            }
            events.yield(.mediaStarted(remote: "\(source)"))
        }
        if packet.ssrc != remoteSSRC {
            // A new source (a PBX that switched media paths): fresh statistics, as RFC 3550 §8.2 treats it.
            remoteSSRC = packet.ssrc
            reception = nil
        }
        return true
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
        guard var jitterBuffer else { return }
        // The playout clock advances with arrivals, never past the newest packet: when this event loop is
        // starved, datagrams wait in the socket, and a clock running on wall time would conceal them as lost
        // and then drop them as late. A gap is concealed only once later packets prove it.
        let horizon = lastReceived.map { min(now, $0) } ?? now
        let outputs = jitterBuffer.pull(now: elapsed(horizon))
        self.jitterBuffer = jitterBuffer
        if !outputs.isEmpty { decode(outputs, setup: setup) }
    }

    /// Decodes jitter buffer output and hands the audio on.
    func decode(_ outputs: [JitterBufferOutput], setup: StreamSetup) {
        guard let decoder else { return }
        decoded.removeAll(keepingCapacity: true)
        for output in outputs {
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
                decoder.concealLoss(sampleCount: samples(forUnits: units, setup: setup), into: &decoded)
            case .silence(let units):
                decoded.append(contentsOf: repeatElement(0, count: samples(forUnits: units, setup: setup)))
            }
        }
        processReceivedAudio(setup: setup)
    }

    private func samples(forUnits units: Int, setup: StreamSetup) -> Int {
        units * setup.codec.sampleRate / setup.codec.rtpClockRate
    }

    /// Runs the detectors on the decoded audio and appends it to an active recording.
    private func processReceivedAudio(setup: StreamSetup) {
        guard !decoded.isEmpty else { return }
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
