internal import CSRTP

/// libsrtp2 must be initialised once per process before any session is created; a global `let` is
/// initialised lazily and exactly once, thread-safely, by the Swift runtime.
private let srtpLibraryStatus: UInt32 = srtp_init().rawValue

/// RFC 3711 SRTP/SRTCP for one direction of one media stream, through libsrtp2.
///
/// RFC 3711 §3.1: the RTP header stays clear, the payload is AES-CM encrypted, and an HMAC-SHA1 tag
/// (80 or 32 bits) over header + encrypted payload (+ the implicit rollover counter) is appended:
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |  ^
/// |                   timestamp, SSRC, CSRCs, extension  ...      |  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  |
/// |        encrypted payload (padding, pad count)  ...            |  | authenticated
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  v
/// :                 authentication tag (4 or 10 octets)           :
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// SRTCP (§3.4) encrypts everything after the first 8 octets and appends E + 31-bit SRTCP index, then
/// the tag (80 bits for both suites).
///
/// Create one context per direction: `.outbound` to protect what we send with our key, `.inbound` to
/// unprotect what the peer sends with its key (RFC 4568: each side offers the key it sends with). Any SSRC
/// is accepted in that direction (libsrtp's `ssrc_any_*` policies), so an SSRC change needs no new context.
/// libsrtp keeps the replay list and rollover counter inside the context, so it is not safe for concurrent
/// use: use each context from one thread (one NIO event loop) at a time; that is why the class is
/// `@unchecked Sendable` rather than `Sendable`.
public final class SRTPContext: @unchecked Sendable {
    /// Which way the packets protected or unprotected by this context travel.
    public enum Direction: Sendable, Hashable {
        /// Packets we receive: use `unprotectRTP` / `unprotectRTCP`.
        case inbound
        /// Packets we send: use `protectRTP` / `protectRTCP`.
        case outbound
    }

    /// The negotiated suite.
    public let profile: SRTPProfile
    /// The direction this context serves.
    public let direction: Direction
    private let session: OpaquePointer

    /// Creates a context from SDES key material (the decoded `inline:` key: 16-octet key, 14-octet salt).
    /// - Throws: `RTPError.srtp` if the key length is wrong or libsrtp2 refuses the policy.
    public init(profile: SRTPProfile, masterKeyAndSalt: [UInt8], direction: Direction) throws(RTPError) {
        guard srtpLibraryStatus == srtp_err_status_ok.rawValue else {
            throw .srtp(Self.statusName(srtpLibraryStatus))
        }
        guard masterKeyAndSalt.count == SRTPProfile.masterKeyAndSaltLength else {
            throw .srtp("bad_param: master key and salt must be \(SRTPProfile.masterKeyAndSaltLength) octets, got \(masterKeyAndSalt.count)")
        }
        self.profile = profile
        self.direction = direction
        var policy = srtp_policy_t()
        switch profile {
        case .aesCM128HmacSHA1_80: herald_srtp_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp)
        case .aesCM128HmacSHA1_32: herald_srtp_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp)
        }
        herald_srtcp_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp)
        policy.ssrc.type = direction == .inbound ? ssrc_any_inbound : ssrc_any_outbound
        policy.window_size = 128  // RFC 3711 §3.3.2 minimum replay window is 64; libsrtp's default is 128
        policy.allow_repeat_tx = 0
        var key = masterKeyAndSalt
        var created: OpaquePointer?
        let status = key.withUnsafeMutableBufferPointer { keyBuffer in
            policy.key = keyBuffer.baseAddress
            return srtp_create(&created, &policy)  // libsrtp derives session keys and keeps no pointer to ours
        }
        for index in key.indices { key[index] = 0 }
        guard status == srtp_err_status_ok, let created else {
            throw .srtp(Self.statusName(status.rawValue))
        }
        session = created
    }

    deinit {
        srtp_dealloc(session)
    }

    /// Encrypts and authenticates an RTP packet in place (appends the tag).
    public func protectRTP(_ packet: inout [UInt8]) throws(RTPError) {
        try transform(&packet, trailer: Int(herald_srtp_max_trailer_length()), operation: srtp_protect)
    }

    /// Authenticates, replay-checks and decrypts an SRTP packet in place (removes the tag).
    /// - Throws: `RTPError.srtp("auth_fail")` for a forged or corrupted packet, `"replay_fail"` /
    ///   `"replay_old"` for a replayed or too old one.
    public func unprotectRTP(_ packet: inout [UInt8]) throws(RTPError) {
        try transform(&packet, trailer: 0, operation: srtp_unprotect)
    }

    /// Encrypts and authenticates a compound RTCP packet in place (appends E + SRTCP index and the tag).
    public func protectRTCP(_ packet: inout [UInt8]) throws(RTPError) {
        try transform(&packet, trailer: Int(herald_srtcp_max_trailer_length()), operation: srtp_protect_rtcp)
    }

    /// Authenticates, replay-checks and decrypts an SRTCP packet in place.
    public func unprotectRTCP(_ packet: inout [UInt8]) throws(RTPError) {
        try transform(&packet, trailer: 0, operation: srtp_unprotect_rtcp)
    }

    /// Runs a libsrtp in-place transform: libsrtp may write up to `trailer` octets past the packet.
    private func transform(
        _ packet: inout [UInt8], trailer: Int,
        operation: (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?) -> srtp_err_status_t
    ) throws(RTPError) {
        // libsrtp rejects runts itself, but an empty buffer has no base address to hand over.
        guard packet.count >= 4 else { throw .malformed("SRTP: \(packet.count) octets is too short") }
        var length = Int32(packet.count)
        packet.append(contentsOf: repeatElement(0, count: trailer))
        let status = packet.withUnsafeMutableBytes { bytes in
            operation(session, bytes.baseAddress, &length)
        }
        guard status == srtp_err_status_ok else {
            packet.removeLast(trailer)
            throw .srtp(Self.statusName(status.rawValue))
        }
        packet.removeLast(packet.count - Int(length))
    }

    /// The `srtp_err_status_t` name without its prefix, for logs and for matching in callers.
    static func statusName(_ status: UInt32) -> String {
        let names = [
            "ok", "fail", "bad_param", "alloc_fail", "dealloc_fail", "init_fail", "terminus", "auth_fail",
            "cipher_fail", "replay_fail", "replay_old", "algo_fail", "no_such_op", "no_ctx", "cant_check",
            "key_expired", "socket_err", "signal_err", "nonce_bad", "read_fail", "write_fail", "parse_err",
            "encode_err", "semaphore_err", "pfkey_err", "bad_mki", "pkt_idx_old", "pkt_idx_adv",
        ]
        return Int(status) < names.count ? names[Int(status)] : "status_\(status)"
    }
}
