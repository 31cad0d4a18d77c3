import Foundation
import RTP
import SDP

/// A hand-made SRTP peer on loopback. It offers PCMU over SRTP with RTCP multiplexed and its own
/// key, and reads what Herald sends through one libsrtp receiver kept across re-offers, as a
/// phone does while Herald's key stays the same: so a context Herald restarts shows up as
/// replayed SRTCP here.
final class SRTPPeer: Sendable {
    let port: Int
    private let descriptor: Int32

    /// What arrived, and what the receiver refused.
    struct Reception: Sendable {
        var rtp = 0
        var rtcp = 0
        var failures: [String] = []
        /// Failures after the first packet that authenticated: packets still in flight under an
        /// older key come first, so none of these can be explained that way.
        var lateFailures: [String] = []
    }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        // Short reads, so that `receive(for:with:)` notices its deadline.
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        guard bound, setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }

    /// An offer from this peer, keyed with `key` on one crypto line per suite; `srtp: false`
    /// makes it plain `RTP/AVP` without keys.
    func offer(key: [UInt8], suites: [CryptoSuite] = [.AES_CM_128_HMAC_SHA1_80], srtp: Bool = true, version: Int) throws -> SessionDescription {
        var lines = [
            "v=0", "o=peer 7 \(version) IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
            "m=audio \(port) \(srtp ? "RTP/SAVP" : "RTP/AVP") 0", "a=rtpmap:0 PCMU/8000", "a=rtcp-mux",
        ]
        if srtp {
            for (index, suite) in suites.enumerated() {
                lines.append("a=crypto:" + CryptoAttribute(tag: index + 1, suite: suite, keySalt: key).attributeValue)
            }
        }
        return try SessionDescription(parsing: (lines + ["a=sendrecv"]).map { $0 + "\r\n" }.joined())
    }

    /// Reads for `duration` on a thread of its own (the socket blocks), unprotecting with `receiver`.
    func receive(for duration: Duration, with receiver: SRTPContext) async -> Reception {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.read(until: .now + duration, with: receiver)) }.start()
        }
    }

    private func read(until deadline: ContinuousClock.Instant, with receiver: SRTPContext) -> Reception {
        var reception = Reception()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while ContinuousClock.now < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count >= 8 else { continue }
            var packet = Array(buffer[0..<count])
            // RFC 5761 §4: on a shared port, a second octet of 192–223 marks RTCP.
            let isRTCP = (192...223).contains(packet[1])
            do {
                if isRTCP {
                    try receiver.unprotectRTCP(&packet)
                    reception.rtcp += 1
                } else {
                    try receiver.unprotectRTP(&packet)
                    reception.rtp += 1
                }
            } catch {
                reception.failures.append("\(isRTCP ? "SRTCP" : "SRTP"): \(error)")
                if reception.rtp + reception.rtcp > 0 { reception.lateFailures.append(reception.failures.last ?? "") }
            }
        }
        return reception
    }
}
