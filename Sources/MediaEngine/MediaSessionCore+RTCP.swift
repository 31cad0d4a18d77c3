import Codecs
import Logging
import Foundation
import NIOCore
import RTP

extension MediaSessionCore {
    /// Sends our RTCP report — SR once we have sent media, else RR — with our CNAME, and BYE when
    /// the session ends (RFC 3550 §6.1: every compound packet starts with a report and carries SDES).
    func sendReport(goodbye: Bool) {
        guard let setup else { return }
        let now = loop.now
        // RFC 3550 §6.3.1: randomise the interval between 0.5 and 1.5 times the mean so that
        // many sessions started together do not report in step.
        let mean = Double(configuration.rtcpInterval.milliseconds)
        nextRTCP = now + .milliseconds(Int64(mean * Double.random(in: 0.5...1.5)))
        var blocks: [RTCPReportBlock] = []
        if let remoteSSRC, var reception {
            var lastSR: UInt32 = 0
            var delay: UInt32 = 0
            if let report = lastSenderReport {
                lastSR = report.middle
                // DLSR is in units of 1/65536 s.
                delay = UInt32(truncatingIfNeeded: (now - report.arrival).nanoseconds * 65536 / 1_000_000_000)
            }
            blocks.append(reception.makeReportBlock(ssrc: remoteSSRC, lastSR: lastSR, delaySinceLastSR: delay))
            self.reception = reception
        }
        var packets: [RTCPPacket] = []
        // RFC 3550 §6.4: a sender report only while we are a sender, i.e. sent within the last two intervals.
        let sender = lastSentAt.map { now - $0 < .milliseconds(2 * configuration.rtcpInterval.milliseconds) } ?? false
        if sender, let clockAnchor {
            // §6.4.1: the RTP timestamp is the RTP clock's reading at the instant of the NTP timestamp, not the
            // timestamp of the last or next packet.
            let rate = Int64(setup.codec.rtpClockRate)
            let units = (now - clockAnchor.at).nanoseconds * rate / 1_000_000_000
            packets.append(.senderReport(RTCPSenderReport(
                ssrc: ssrc, ntpTimestamp: NTPTimestamp(sinceUnixEpoch: .seconds(Date().timeIntervalSince1970)),
                rtpTimestamp: clockAnchor.timestamp &+ UInt32(truncatingIfNeeded: units),
                packetCount: UInt32(truncatingIfNeeded: packetsSent), octetCount: UInt32(truncatingIfNeeded: octetsSent),
                reportBlocks: blocks)))
        } else {
            packets.append(.receiverReport(RTCPReceiverReport(ssrc: ssrc, reportBlocks: blocks)))
        }
        packets.append(.sourceDescription([RTCPSourceDescriptionChunk(ssrc: ssrc, cname: cname)]))
        if goodbye { packets.append(.goodbye(RTCPGoodbye(ssrcs: [ssrc], reason: nil))) }
        var bytes = RTCPPacket.serializeCompound(packets)
        if let outboundSRTP {
            do {
                try outboundSRTP.protectRTCP(&bytes)
            } catch {
                logger.error("SRTCP protect failed", metadata: ["error": "\(error)"])
                return
            }
        }
        guard let channel = setup.rtcpMultiplexing ? rtpChannel : rtcpChannel else { return }
        let buffer = channel.allocator.buffer(bytes: bytes)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: setup.remoteRTCP, data: buffer), promise: nil)
    }

    /// Reads the peer's RTCP: its sender reports (for our LSR/DLSR) and what it says of our stream.
    func receiveControl(_ bytes: inout [UInt8], from source: SocketAddress) {
        if let inboundSRTP {
            do {
                try inboundSRTP.unprotectRTCP(&bytes)
            } catch {
                counters.authenticationFailures += 1
                return
            }
        }
        let packets: [RTCPPacket]
        do {
            packets = try RTCPPacket.parseCompound(bytes)
        } catch {
            counters.malformed += 1
            logger.trace("malformed RTCP dropped", metadata: ["error": "\(error)"])
            return
        }
        let now = loop.now
        for packet in packets {
            switch packet {
            case .senderReport(let report):
                // Only the source we latched on speaks for the stream: a stray or spoofed report must neither
                // redirect our RTCP nor feed LSR/DLSR.
                guard speaksForPeer(report.ssrc, from: source) else { continue }
                followRTCPSource(source)
                heardFromPeer(at: now)
                lastSenderReport = (report.ntpTimestamp.middle32Bits, now)
                if let block = report.reportBlocks.first(where: { $0.ssrc == ssrc }) { remoteReport = block }
            case .receiverReport(let report):
                guard speaksForPeer(report.ssrc, from: source) else { continue }
                followRTCPSource(source)
                heardFromPeer(at: now)
                if let block = report.reportBlocks.first(where: { $0.ssrc == ssrc }) { remoteReport = block }
            case .goodbye(let goodbye):
                if let remoteSSRC, goodbye.ssrcs.contains(remoteSSRC) { logger.debug("the peer sent RTCP BYE") }
            case .sourceDescription, .other:
                break
            }
        }
    }

    /// Whether a report is the peer's: from the source our RTP latched on, or — from a peer that has
    /// not sent RTP (it only listens) — from the host its SDP named.
    private func speaksForPeer(_ reportSSRC: UInt32, from source: SocketAddress) -> Bool {
        if let remoteSSRC { return reportSSRC == remoteSSRC }
        return source.ipAddress != nil && source.ipAddress == setup?.remoteRTCP.ipAddress
    }

    /// Symmetric RTCP (RFC 4961) on a separate port: answer to where the latched peer's reports come from.
    private func followRTCPSource(_ source: SocketAddress) {
        guard setup?.rtcpMultiplexing == false, remoteLatched, setup?.remoteRTCP != source else { return }
        setup?.remoteRTCP = source
    }
}
