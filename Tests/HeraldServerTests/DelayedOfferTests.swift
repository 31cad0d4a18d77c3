import Foundation
import SIPMessage
import SIPTransport
import Testing

@Suite("herald serve answers a delayed offer (INVITE without SDP, as a CS 1000 sends)", .timeLimit(.minutes(3)))
struct DelayedOfferTests {
    @Test("the 200 OK carries Herald's offer, the ACK the answer, and the prompt's RTP reaches the caller")
    func delayedOffer() async throws {
        let server = try await DemoServer.shared.get()
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        defer { Task { await raw.shutdown() } }
        let local = try #require(raw.localAddress(.udp))
        let destination = SIPTransportAddress(.udp, host: "127.0.0.1", port: server.udp)
        let rtp = try RTPSink()

        var invite = SIPMessage.request(.invite, uri: SIPURI(user: "5000", host: "127.0.0.1", port: server.udp))
        invite.headers.append(.via, "SIP/2.0/UDP 127.0.0.1:\(local.port);branch=z9hG4bKcs1kdelayed;rport")
        invite.headers.append(.maxForwards, "70")
        invite.headers.append(.from, "<sip:4002;phone-context=cdp.udp@127.0.0.1;user=phone>;tag=cs1k")
        invite.headers.append(.to, "<sip:5000@127.0.0.1>")
        invite.headers.append(.callID, "cs1k-delayed-\(UUID().uuidString)@127.0.0.1")
        invite.headers.append(.cseq, "1 INVITE")
        invite.headers.append(.contact, "<sip:4002@127.0.0.1:\(local.port)>")
        invite.headers.append(.diversion, "<sip:4003;phone-context=cdp.udp@127.0.0.1;user=phone>;reason=no-answer;counter=1")
        invite.headers.append(.contentLength, "0")
        try await raw.send(invite, to: destination)

        var events = raw.events.makeAsyncIterator()
        var ok: SIPMessage?
        while case .message(let response, _, _) = await events.next() {
            if response.statusCode == 200 { ok = response; break }
        }
        let response = try #require(ok)
        let offer = String(decoding: response.body, as: UTF8.self)
        #expect(offer.contains("m=audio "), "\(offer)")
        #expect(offer.contains("PCMU/8000"))

        let target = try #require(try response.headers.contact?.addresses.first?.uri)
        var ack = SIPMessage.request(.ack, uri: target)
        ack.headers.append(.via, "SIP/2.0/UDP 127.0.0.1:\(local.port);branch=z9hG4bKcs1kack;rport")
        ack.headers.append(.maxForwards, "70")
        ack.headers.append(.from, "<sip:4002;phone-context=cdp.udp@127.0.0.1;user=phone>;tag=cs1k")
        ack.headers.append(.to, try response.headers.to.serialized)
        ack.headers.append(.callID, try response.headers.callID)
        ack.headers.append(.cseq, "1 ACK")
        let answer = "v=0\r\no=cs1k 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio \(rtp.port) RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n"
        ack.setBody(Array(answer.utf8), contentType: .sdp)
        try await raw.send(ack, to: destination)

        // The greeting arrives as PCMU RTP on the port the ACK named.
        let packet = try await rtp.firstDatagram()
        #expect(packet.count >= 12 + 160)
        #expect(packet[1] & 0x7F == 0, "payload type 0 (PCMU)")
        #expect(server.process.log.contains("call answering for 4003 (David Davis), no-answer, standard greeting"))
    }
}

/// A UDP socket that waits for the first datagram, with a bounded wait.
final class RTPSink: Sendable {
    private let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw POSIXError(.EADDRINUSE) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    /// The first datagram (blocking up to 10 s on a thread of its own, not on the cooperative pool).
    func firstDatagram() async throws -> [UInt8] {
        let descriptor = descriptor
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 2048)
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 {
                    continuation.resume(returning: Array(buffer[0..<count]))
                } else {
                    continuation.resume(throwing: POSIXError(.ETIMEDOUT))
                }
            }
        }
    }
}
