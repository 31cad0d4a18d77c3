import Testing

@testable import RTP

@Suite("SRTP and SRTCP through libsrtp2 (RFC 3711)")
struct SRTPContextTests {
    /// libsrtp test/srtp_driver.c `srtp_validate` (cisco/libsrtp): master key + salt, 30 octets.
    static let libsrtpKey = hexBytes("e1 f9 7a 0d 3e 01 8b e0 d6 4f a3 2c 06 de 41 39 0e c6 75 ad 49 8a fe eb b6 96 0b 3a ab e6")
    /// Same source: `srtp_plaintext_ref` (PT 15, seq 0x1234, ts 0xdecafbad, SSRC 0xcafebabe, 16 × 0xab).
    static let libsrtpPlaintext = hexBytes("80 0f 12 34 de ca fb ad ca fe ba be" + String(repeating: " ab", count: 16))
    /// Same source: `srtp_ciphertext` under the default policy (AES_CM_128_HMAC_SHA1_80): 16 octets of
    /// keystream-XORed payload, then the 10-octet tag.
    static let libsrtpCiphertext = hexBytes("""
        80 0f 12 34 de ca fb ad ca fe ba be 4e 55 dc 4c e7 99 78 d8 8c a4 d2 15 94 9d 24 02
        b7 8d 6a cc 99 ea 17 9b 8d bb
        """)
    /// Same source: `rtcp_plaintext_ref` and `srtcp_ciphertext` (E bit + SRTCP index 1, then the 80-bit tag).
    static let libsrtcpPlaintext = hexBytes("81 c8 00 0b ca fe ba be" + String(repeating: " ab", count: 16))
    static let libsrtcpCiphertext = hexBytes("""
        81 c8 00 0b ca fe ba be 71 28 03 5b e4 87 b9 bd be f8 90 41 f9 77 a5 a8
        80 00 00 01 99 3e 08 cd 54 d6 c1 23 07 98
        """)

    static func rtp(_ sequence: UInt16) -> [UInt8] {
        RTPPacket(payloadType: 0, sequenceNumber: sequence, timestamp: UInt32(sequence) * 160, ssrc: 0x0BAD_CAFE,
                  payload: (0..<160).map { UInt8(truncatingIfNeeded: $0 &+ Int(sequence)) }).serialized
    }

    @Test("known answer: libsrtp's reference packet protects to its reference ciphertext, and back")
    func knownAnswerRTP() throws {
        let sender = try SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: Self.libsrtpKey, direction: .outbound)
        var packet = Self.libsrtpPlaintext
        try sender.protectRTP(&packet)
        #expect(packet == Self.libsrtpCiphertext)
        let receiver = try SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: Self.libsrtpKey, direction: .inbound)
        try receiver.unprotectRTP(&packet)
        #expect(packet == Self.libsrtpPlaintext)
    }

    @Test("known answer: the _32 suite uses the same keystream with a 4-octet tag (first 32 octets of the _80 output)")
    func knownAnswerRTP32() throws {
        let sender = try SRTPContext(profile: .aesCM128HmacSHA1_32, masterKeyAndSalt: Self.libsrtpKey, direction: .outbound)
        var packet = Self.libsrtpPlaintext
        try sender.protectRTP(&packet)
        #expect(packet == Array(Self.libsrtpCiphertext.prefix(32)))
    }

    @Test("known answer: SRTCP reference packet")
    func knownAnswerRTCP() throws {
        let sender = try SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: Self.libsrtpKey, direction: .outbound)
        var packet = Self.libsrtcpPlaintext
        try sender.protectRTCP(&packet)
        #expect(packet == Self.libsrtcpCiphertext)
        let receiver = try SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: Self.libsrtpKey, direction: .inbound)
        try receiver.unprotectRTCP(&packet)
        #expect(packet == Self.libsrtcpPlaintext)
    }

    @Test("round trip, tamper and replay for both profiles", arguments: SRTPProfile.allCases)
    func roundTrip(profile: SRTPProfile) throws {
        let key = (0..<30).map { UInt8($0 * 7 + 3) }
        let sender = try SRTPContext(profile: profile, masterKeyAndSalt: key, direction: .outbound)
        let receiver = try SRTPContext(profile: profile, masterKeyAndSalt: key, direction: .inbound)
        var protected: [[UInt8]] = []
        for sequence in UInt16(65_530)...UInt16(65_535) {
            var packet = Self.rtp(sequence)
            try sender.protectRTP(&packet)
            #expect(packet.count == Self.rtp(sequence).count + profile.rtpAuthenticationTagLength)
            #expect(packet[12...] != Self.rtp(sequence)[12...])  // the payload is encrypted
            protected.append(packet)
        }
        for (index, sequence) in (UInt16(65_530)...UInt16(65_535)).enumerated() {
            var packet = protected[index]
            try receiver.unprotectRTP(&packet)
            #expect(packet == Self.rtp(sequence))
        }
        // Replay of an accepted packet.
        var replayed = protected[2]
        #expect(throws: RTPError.srtp("replay_fail")) { try receiver.unprotectRTP(&replayed) }
        // One flipped payload bit of a fresh packet.
        var tampered = Self.rtp(0)
        try sender.protectRTP(&tampered)
        tampered[20] ^= 0x01
        #expect(throws: RTPError.srtp("auth_fail")) { try receiver.unprotectRTP(&tampered) }
        // A different key.
        let stranger = try SRTPContext(profile: profile, masterKeyAndSalt: key.reversed(), direction: .inbound)
        var other = protected[5]
        #expect(throws: RTPError.srtp("auth_fail")) { try stranger.unprotectRTP(&other) }
    }

    @Test("SRTCP round trip of a compound report, and replay rejected")
    func rtcpRoundTrip() throws {
        let key = (0..<30).map { UInt8(255 - $0) }
        let sender = try SRTPContext(profile: .aesCM128HmacSHA1_32, masterKeyAndSalt: key, direction: .outbound)
        let receiver = try SRTPContext(profile: .aesCM128HmacSHA1_32, masterKeyAndSalt: key, direction: .inbound)
        let plain = RTCPPacket.serializeCompound([
            .receiverReport(RTCPReceiverReport(ssrc: 7)),
            .sourceDescription([RTCPSourceDescriptionChunk(ssrc: 7, cname: "herald")]),
        ])
        var packet = plain
        try sender.protectRTCP(&packet)
        #expect(packet.count == plain.count + 4 + 10)  // E + index, then the 80-bit tag even for _32
        let copy = packet
        try receiver.unprotectRTCP(&packet)
        #expect(packet == plain)
        var replayed = copy
        #expect(throws: RTPError.self) { try receiver.unprotectRTCP(&replayed) }
    }

    @Test("bad key length and unknown suite names are refused")
    func badParameters() {
        #expect(throws: RTPError.self) {
            try SRTPContext(profile: .aesCM128HmacSHA1_80, masterKeyAndSalt: [1, 2, 3], direction: .inbound)
        }
        #expect(SRTPProfile(sdesSuiteName: "AES_CM_128_HMAC_SHA1_80") == .aesCM128HmacSHA1_80)
        #expect(SRTPProfile(sdesSuiteName: "AES_CM_128_HMAC_SHA1_32") == .aesCM128HmacSHA1_32)
        #expect(SRTPProfile(sdesSuiteName: "AES_256_CM_HMAC_SHA1_80") == nil)
        #expect(SRTPProfile.aesCM128HmacSHA1_32.sdesSuiteName == "AES_CM_128_HMAC_SHA1_32")
    }
}
