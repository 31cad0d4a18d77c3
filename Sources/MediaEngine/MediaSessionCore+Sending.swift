import Logging
import Codecs
import NIOCore
import RTP

/// A prompt being played: its samples at the codec's rate and how far it got.
struct Playback {
    let id: Int
    let sampleRate: Int
    let samples: [Int16]
    var position = 0
    let bargeIn: Bool
    let continuation: CheckedContinuation<PlaybackOutcome, any Error>
}

/// An RFC 4733 event being sent: its packets and the RTP timestamp of its start, which every
/// packet of the event carries (RFC 4733 §2.5.1.2).
struct OutgoingEvent {
    var packets: [TelephoneEvent]
    var next = 0
    let startTimestamp: UInt32
    /// Packet times of silence still to send after the event before the next digit.
    var gapPackets: Int
}

extension MediaSessionCore {
    /// Sends the packet of this packet time: a telephone-event if a digit is being sent, else audio
    /// (prompt, in-band digit, or silence). The timestamp advances by one packet time whatever is
    /// sent, so the stream's timing never jumps between prompts.
    func sendNextPacket(_ setup: StreamSetup) {
        let units = setup.codec.rtpTimestampUnits(forMilliseconds: setup.packetTime)
        defer { timestamp &+= UInt32(units) }
        if let eventPayloadType = setup.telephoneEventPayloadType, sendEventPacket(payloadType: eventPayloadType, setup: setup) {
            return
        }
        let count = setup.codec.samples(forMilliseconds: setup.packetTime)
        fillFrame(count: count, setup: setup)
        payload.removeAll(keepingCapacity: true)
        do {
            try encoder?.encode(frame[...], into: &payload)
        } catch {
            logger.error("encoding failed", metadata: ["rtp.codec": "\(setup.codec.kind)", "error": "\(error)"])
            return
        }
        transmit(payloadType: setup.payloadType, timestamp: timestamp, setup: setup)
    }

    /// Fills `frame` with the next `count` samples of what we play.
    private func fillFrame(count: Int, setup: StreamSetup) {
        frame.removeAll(keepingCapacity: true)
        if inbandDigitPosition < inbandDigitAudio.count {
            let end = min(inbandDigitAudio.count, inbandDigitPosition + count)
            frame.append(contentsOf: inbandDigitAudio[inbandDigitPosition..<end])
            inbandDigitPosition = end
            if inbandDigitPosition == inbandDigitAudio.count { startNextInbandDigit(setup: setup) }
        } else if var current = playback.take() {
            // Moved out and back rather than copied: this runs for every packet of a prompt.
            let end = min(current.samples.count, current.position + count)
            frame.append(contentsOf: current.samples[current.position..<end])
            current.position = end
            if end == current.samples.count {
                current.continuation.resume(returning: .completed)
            } else {
                playback = current
            }
        }
        if frame.count < count { frame.append(contentsOf: repeatElement(0, count: count - frame.count)) }
    }

    /// Sends the next packet of an outgoing RFC 4733 event; false when no event is being sent.
    private func sendEventPacket(payloadType: UInt8, setup: StreamSetup) -> Bool {
        if outgoingEvent == nil, !outgoingDigits.isEmpty {
            let digit = outgoingDigits.removeFirst()
            let packets = TelephoneEventSender.packets(
                digit: digit, durationMs: 100, clockRate: setup.telephoneEventClockRate, packetIntervalMs: setup.packetTime)
            // RFC 4733 §2.5.1.2: a new event is the start of a talkspurt, so its first packet has the marker bit.
            markerPending = true
            outgoingEvent = OutgoingEvent(packets: packets, startTimestamp: timestamp, gapPackets: max(1, 60 / setup.packetTime))
        }
        guard var event = outgoingEvent else { return false }
        if event.next < event.packets.count {
            payload = event.packets[event.next].serialized
            event.next += 1
            outgoingEvent = event
            transmit(payloadType: payloadType, timestamp: event.startTimestamp, setup: setup)
            return true
        }
        event.gapPackets -= 1
        outgoingEvent = event.gapPackets > 0 ? event : nil
        return false
    }

    /// Queues digits to send: RFC 4733 events when the peer accepted telephone-event, tones otherwise.
    func sendDigits(_ digits: String) {
        guard let setup else { return }
        if setup.telephoneEventPayloadType != nil {
            outgoingDigits.append(contentsOf: digits)
        } else {
            let wasIdle = inbandDigitPosition >= inbandDigitAudio.count && outgoingDigits.isEmpty
            outgoingDigits.append(contentsOf: digits)
            if wasIdle { startNextInbandDigit(setup: setup) }
        }
    }

    /// Loads the tone of the next queued digit (Q.23 frequencies, 100 ms on, 60 ms off).
    private func startNextInbandDigit(setup: StreamSetup) {
        inbandDigitAudio.removeAll(keepingCapacity: true)
        inbandDigitPosition = 0
        guard setup.telephoneEventPayloadType == nil, !outgoingDigits.isEmpty else { return }
        let digit = outgoingDigits.removeFirst()
        let rate = setup.codec.sampleRate
        inbandDigitAudio = ToneGenerator.dtmf(digit, durationMs: 100, sampleRate: rate)
            + ToneGenerator.silence(durationMs: 60, sampleRate: rate)
    }

    /// Wraps `payload` in an RTP packet, protects it when SRTP is on, and sends it to the peer.
    func transmit(payloadType: UInt8, timestamp packetTimestamp: UInt32, setup: StreamSetup) {
        guard let channel = rtpChannel else { return }
        let packet = RTPPacket(
            payloadType: payloadType, sequenceNumber: sequenceNumber, timestamp: packetTimestamp, ssrc: ssrc,
            marker: markerPending, payload: payload)
        markerPending = false
        sequenceNumber &+= 1
        datagram.removeAll(keepingCapacity: true)
        packet.serialize(into: &datagram)
        if let outboundSRTP {
            do {
                try outboundSRTP.protectRTP(&datagram)
            } catch {
                logger.error("SRTP protect failed", metadata: ["error": "\(error)"])
                return
            }
        }
        packetsSent += 1
        octetsSent += payload.count
        // One buffer reused packet after packet: a UDP write completes before writeAndFlush returns, so it is
        // uniquely ours again by the next packet and clearing it allocates nothing.
        if sendBuffer == nil { sendBuffer = channel.allocator.buffer(capacity: 1500) }
        sendBuffer!.clear()
        sendBuffer!.writeBytes(datagram)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: setup.remoteRTP, data: sendBuffer!), promise: nil)
    }
}
