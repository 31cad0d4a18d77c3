import SDP
import Testing

/// Typed access to attributes: rtpmap, static payload types, fmtp, ptime, direction, rtcp,
/// rtcp-mux, crypto and T.38.
@Suite struct AttributeTests {
    // MARK: rtpmap and static payload types (RFC 8866 §6.6, RFC 3551 §6)

    @Test func rtpmapForms() {
        #expect(RTPMap(attributeValue: "0 PCMU/8000") == RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000))
        let opus = RTPMap(attributeValue: "96 opus/48000/2")
        #expect(opus?.channels == 2 && opus?.channelCount == 2)
        #expect(RTPMap(attributeValue: "101 telephone-event/8000")?.isTelephoneEvent == true)
        #expect(RTPMap(attributeValue: "97 opus/48000/2")?.attributeValue == "97 opus/48000/2")
        #expect(RTPMap(attributeValue: "18  G729/8000 ")?.encodingName == "G729")
    }

    @Test(arguments: ["", "abc", "96", "96 opus", "128 x/8000", "96 x/0", "96 /8000", "96 x/8000/0", "96 x/8000/2/1", "-1 x/8000"])
    func malformedRTPMapIsIgnored(_ value: String) {
        #expect(RTPMap(attributeValue: value) == nil)
    }

    @Test func encodingNamesCompareWithoutCase() {
        let upper = RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000)
        let lower = RTPMap(payloadType: 100, encodingName: "pcmu", clockRate: 8000, channels: 1)
        #expect(upper.hasSameEncoding(as: lower))
        #expect(!upper.hasSameEncoding(as: RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 16000)))
    }

    @Test(arguments: [
        (0, "PCMU"), (3, "GSM"), (4, "G723"), (8, "PCMA"), (9, "G722"), (13, "CN"), (15, "G728"), (18, "G729"), (34, "H263"),
    ])
    func staticPayloadTypes(_ payloadType: Int, _ name: String) {
        #expect(StaticPayloadTypes.rtpMap(for: payloadType)?.encodingName == name)
    }

    @Test func staticPayloadTypeDetails() {
        // RFC 3551 §4.5.2: G.722's RTP clock is 8000 although it samples at 16 kHz.
        #expect(StaticPayloadTypes.rtpMap(for: 9)?.clockRate == 8000)
        #expect(StaticPayloadTypes.rtpMap(for: 10)?.channels == 2)
        #expect(StaticPayloadTypes.rtpMap(for: 1) == nil && StaticPayloadTypes.rtpMap(for: 2) == nil)
        #expect(StaticPayloadTypes.rtpMap(for: 96) == nil)
        #expect(StaticPayloadTypes.payloadType(encodingName: "g729", clockRate: 8000) == 18)
        #expect(StaticPayloadTypes.payloadType(encodingName: "opus", clockRate: 48000, channels: 2) == nil)
    }

    @Test func rtpmapFallsBackToTheStaticTable() throws {
        let audio = try Corpus.description("rfc8866-example.sdp").mediaDescriptions[0]
        #expect(audio.rtpMaps.isEmpty)
        #expect(audio.resolvedRTPMaps == [RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000)])
        // An explicit rtpmap wins over the table.
        let remapped = try SessionDescription(parsing: minimal(media: ["m=audio 4000 RTP/AVP 3", "a=rtpmap:3 GSM-EFR/8000"]))
        #expect(remapped.mediaDescriptions[0].rtpMap(for: 3)?.encodingName == "GSM-EFR")
    }

    // MARK: fmtp (RFC 8866 §6.15), telephone-event (RFC 4733)

    @Test func formatParameters() throws {
        let media = try Corpus.description("yealink-many-codecs-offer.sdp").mediaDescriptions[0]
        #expect(media.formatParameters(for: 18)?.parameter(named: "ANNEXB") == "no")
        let opus = try #require(media.formatParameters(for: 96))
        #expect(opus.parameter(named: "useinbandfec") == "1")
        #expect(opus.parameter(named: "sprop-maxcapturerate") == "16000")
        #expect(opus.parameter(named: "stereo") == nil)
        #expect(media.formatParameters(for: 101)?.events == [0...15])
        #expect(FormatParameters(attributeValue: "101 0-15,66,70")?.events == [0...15, 66...66, 70...70])
        #expect(FormatParameters(attributeValue: "101 0-16")?.events == [0...16])
        #expect(FormatParameters(attributeValue: "18 annexb=no")?.events == nil)
        #expect(FormatParameters(attributeValue: "101 15-0")?.events == nil)
        #expect(FormatParameters(payloadType: 101, events: [0...15, 66...66]).attributeValue == "101 0-15,66")
        #expect(FormatParameters(attributeValue: "t38") == FormatParameters(format: "t38", parameters: ""))
    }

    @Test func telephoneEventsAreFound() throws {
        let avaya = try Corpus.description("avaya-aura-offer.sdp").mediaDescriptions[0]
        #expect(avaya.telephoneEvents.map(\.payloadType) == [127])
        let nortel = try Corpus.description("nortel-cs1000-offer.sdp").mediaDescriptions[0]
        #expect(nortel.formatParameters(for: 101)?.events == [1...15])
    }

    // MARK: ptime, maxptime (RFC 8866 §6.4, §6.5)

    @Test(arguments: [("20", 20), ("30", 30), (" 20", 20), ("20.5", nil), ("0", nil), ("x", nil)] as [(String, Int?)])
    func packetTime(_ value: String, _ expected: Int?) throws {
        let media = try SessionDescription(parsing: minimal(media: ["m=audio 4000 RTP/AVP 0", "a=ptime:\(value)", "a=maxptime:\(value)"]))
            .mediaDescriptions[0]
        #expect(media.ptime == expected)
        #expect(media.maxptime == expected)
    }

    // MARK: Direction (RFC 8866 §6.7)

    @Test(arguments: [
        ([], [], MediaDirection.sendrecv),
        (["a=sendonly"], [], .sendonly),
        (["a=sendonly"], ["a=recvonly"], .recvonly),
        ([], ["a=inactive"], .inactive),
        (["a=inactive"], ["a=sendrecv"], .sendrecv),
    ])
    func mediaDirectionOverridesSessionDirection(_ session: [String], _ media: [String], _ expected: MediaDirection) throws {
        let description = try SessionDescription(parsing: minimal(session: session + ["t=0 0"], media: ["m=audio 4000 RTP/AVP 0"] + media))
        #expect(description.direction(of: description.mediaDescriptions[0]) == expected)
    }

    @Test(arguments: [
        (MediaDirection.sendonly, MediaDirection.recvonly), (.recvonly, .sendonly), (.inactive, .inactive), (.sendrecv, .sendrecv),
    ])
    func rfc3264AnswerDirection(_ offered: MediaDirection, _ answered: MediaDirection) {
        #expect(offered.answering() == answered)
        #expect(offered.answering(localDirection: .inactive) == .inactive)
    }

    @Test func directionAlgebra() {
        #expect(MediaDirection.sendrecv.answering(localDirection: .sendonly) == .sendonly)
        #expect(MediaDirection.sendonly.answering(localDirection: .sendonly) == .inactive)
        #expect(MediaDirection(attributeName: "SENDONLY") == .sendonly)
        #expect(MediaDirection(sends: false, receives: true) == .recvonly)
    }

    // MARK: rtcp (RFC 3605), rtcp-mux (RFC 5761)

    @Test func rtcpAttribute() throws {
        #expect(RTCPAttribute(attributeValue: "53020") == RTCPAttribute(port: 53020))
        #expect(RTCPAttribute(attributeValue: "53020 IN IP4 126.16.64.4") == RTCPAttribute(port: 53020, connection: .ip4("126.16.64.4")))
        #expect(RTCPAttribute(attributeValue: "53020 IN IP4") == nil)
        #expect(RTCPAttribute(attributeValue: "70000") == nil)
        let freeswitch = try Corpus.description("freeswitch-offer.sdp").mediaDescriptions[0]
        #expect(freeswitch.rtcp == RTCPAttribute(port: 16385, connection: .ip4("192.0.2.40")))
        #expect(try Corpus.description("avaya-aura-offer.sdp").mediaDescriptions[0].rtcp == RTCPAttribute(port: 2049))
        #expect(try Corpus.description("baresip-srtp-offer.sdp").mediaDescriptions[0].isRTCPMultiplexed)
        #expect(!freeswitch.isRTCPMultiplexed)
    }

    // MARK: crypto (RFC 4568)

    @Test func rfc4568KeyParameterExamples() throws {
        let crypto = try #require(CryptoAttribute(attributeValue: "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32"))
        #expect(crypto.tag == 1)
        #expect(crypto.suite == .AES_CM_128_HMAC_SHA1_80)
        let key = try #require(crypto.keyParameters.first)
        #expect(key.keySalt.count == 30)
        #expect(key.lifetime == .powerOfTwo(20) && key.lifetime?.packetCount == 1_048_576)
        #expect(key.mki == CryptoAttribute.MKI(value: 1, length: 32))
        #expect(crypto.attributeValue == "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32")

        let mkiOnly = try #require(CryptoAttribute(attributeValue: "1 AES_CM_128_HMAC_SHA1_80 inline:YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2|1066:4"))
        #expect(mkiOnly.keyParameters[0].lifetime == nil)
        #expect(mkiOnly.keyParameters[0].mki == CryptoAttribute.MKI(value: 1066, length: 4))
        #expect(Array(mkiOnly.keyParameters[0].keySalt.prefix(4)) == Array("aBCd".utf8))

        let decimalLifetime = try #require(CryptoAttribute(attributeValue: "2 AES_CM_128_HMAC_SHA1_32 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1048576"))
        #expect(decimalLifetime.keyParameters[0].lifetime == .packets(1_048_576))
    }

    @Test func rfc4568OfferWithTwoKeysAndSessionParameters() throws {
        let media = try Corpus.description("rfc4568-offer.sdp").mediaDescriptions[0]
        #expect(media.isSecureRTP)
        let cryptos = media.cryptoAttributes
        #expect(cryptos.map(\.tag) == [1, 2])
        #expect(cryptos[0].sessionParameters == [.fecOrder("FEC_SRTP")])
        #expect(cryptos[1].suite == .F8_128_HMAC_SHA1_80)
        #expect(cryptos[1].keyParameters.map(\.mki) == [.init(value: 1, length: 4), .init(value: 2, length: 4)])
        for (crypto, line) in zip(cryptos, media.attributes.filter { $0.name == "crypto" }) {
            #expect(crypto.attributeValue == line.value)
        }
        let answer = try Corpus.description("rfc4568-answer.sdp").mediaDescriptions[0].cryptoAttributes
        #expect(answer.count == 1 && answer[0].tag == 1 && answer[0].keyParameters[0].mki == .init(value: 1, length: 4))
    }

    @Test func sessionParameters() throws {
        let crypto = try #require(CryptoAttribute(
            attributeValue: "3 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP KDR=23 WSH=128 FEC_KEY=inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR X_NEW=1"))
        #expect(crypto.sessionParameters == [
            .unencryptedSRTP, .unencryptedSRTCP, .unauthenticatedSRTP, .kdr(23), .wsh(128),
            .fecKey("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"), .other("X_NEW=1"),
        ])
        #expect(CryptoAttribute(attributeValue: crypto.attributeValue) == crypto)
    }

    @Test func cryptoDescriptionHidesTheKey() throws {
        let crypto = try #require(CryptoAttribute(
            attributeValue: "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4 FEC_KEY=inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"))
        #expect(!String(describing: crypto).contains("PS1u"))
        #expect(String(describing: crypto).contains("|2^20|1:4"))
        #expect(!String(describing: crypto.keyParameters[0]).contains("PS1u"))
    }

    @Test func generatedKeysEncodeAndDecode() throws {
        for length in [28, 29, 30, 44, 46] {
            let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let crypto = CryptoAttribute(tag: 1, suite: .AES_CM_128_HMAC_SHA1_80, keySalt: key)
            #expect(CryptoAttribute(attributeValue: crypto.attributeValue)?.keyParameters[0].keySalt == key)
        }
        // Some stacks leave the base64 padding out.
        #expect(CryptoAttribute(attributeValue: "1 AES_256_CM_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLQ")?
            .keyParameters[0].keySalt == Array(0..<46))
    }

    @Test(arguments: [
        "1 AES_CM_128_HMAC_SHA1_80",
        "1 AES_CM_128_HMAC_SHA1_80 PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "1 AES_CM_128_HMAC_SHA1_80 uri:https://keys.example/1",
        "1 AES_CM_128_HMAC_SHA1_80 inline:not*base64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:129",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^x",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4|7",
        "1234567890 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "x AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "1 AES-CM inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
    ])
    func malformedCryptoIsIgnored(_ value: String) {
        #expect(CryptoAttribute(attributeValue: value) == nil)
    }

    @Test func cryptoSuiteKeyLengths() {
        #expect(CryptoSuite.AES_CM_128_HMAC_SHA1_80.keySaltLength == 30)
        #expect(CryptoSuite.AES_CM_128_HMAC_SHA1_32.keySaltLength == 30)
        #expect(CryptoSuite.AES_256_CM_HMAC_SHA1_80.keySaltLength == 46)
        #expect(CryptoSuite.AEAD_AES_128_GCM.keySaltLength == 28)
        #expect(CryptoSuite(rawValue: "SEED_CTR_128_HMAC_SHA1_80").keySaltLength == nil)
    }

    // MARK: T.38 (ITU-T T.38 Annex D)

    @Test func t38FromAnAudioCodesGateway() throws {
        let media = try Corpus.description("audiocodes-t38-reinvite.sdp").mediaDescriptions[0]
        #expect(media.isT38OverUDPTL)
        #expect(media.t38Attributes == T38Attributes(
            version: 0, maxBitRate: 14400, rateManagement: .transferredTCF, maxBuffer: 1024, maxDatagram: 238,
            errorCorrection: .t38UDPRedundancy))
    }

    @Test func t38BooleansWithValuesAndOddCase() throws {
        let cisco = try Corpus.description("cisco-t38-reinvite.sdp").mediaDescriptions[0].t38Attributes
        #expect(cisco.maxBitRate == 9600)
        #expect(!cisco.fillBitRemoval && !cisco.transcodingMMR && !cisco.transcodingJBIG)
        let asterisk = try Corpus.description("asterisk-t38-reinvite-audio-removed.sdp").mediaDescriptions[1].t38Attributes
        #expect(asterisk.fillBitRemoval)
        #expect(asterisk.errorCorrection == .t38UDPFEC)
        #expect(asterisk.maxBuffer == nil)
        let one = T38Attributes(attributes: [SDPAttribute(name: "t38faxtranscodingmmr", value: "1"), SDPAttribute(name: "T38FaxUdpEc", value: "T38UDPREDUNDANCY")])
        #expect(one.transcodingMMR && one.errorCorrection == .t38UDPRedundancy)
    }

    @Test func t38AttributesAreWrittenInAnnexDOrder() {
        let attributes = T38Attributes(
            version: 0, maxBitRate: 14400, fillBitRemoval: true, transcodingJBIG: true, rateManagement: .transferredTCF,
            maxBuffer: 1800, maxDatagram: 400, errorCorrection: .t38UDPRedundancy
        ).attributes
        #expect(attributes == [
            SDPAttribute(name: "T38FaxVersion", value: "0"), SDPAttribute(name: "T38MaxBitRate", value: "14400"),
            SDPAttribute(name: "T38FaxFillBitRemoval"), SDPAttribute(name: "T38FaxTranscodingJBIG"),
            SDPAttribute(name: "T38FaxRateManagement", value: "transferredTCF"), SDPAttribute(name: "T38FaxMaxBuffer", value: "1800"),
            SDPAttribute(name: "T38FaxMaxDatagram", value: "400"), SDPAttribute(name: "T38FaxUdpEC", value: "t38UDPRedundancy"),
        ])
        #expect(T38Attributes(attributes: attributes).attributes == attributes)
    }

    @Test func t38AnswerNegotiation() {
        let ours = T38Attributes(
            version: 3, maxBitRate: 14400, fillBitRemoval: true, transcodingMMR: false, rateManagement: .transferredTCF,
            maxBuffer: 1800, maxDatagram: 400, errorCorrection: .t38UDPRedundancy)
        let offer = T38Attributes(
            version: 0, maxBitRate: 9600, fillBitRemoval: true, transcodingMMR: true, transcodingJBIG: true,
            rateManagement: .localTCF, maxBuffer: 200, maxDatagram: 72, errorCorrection: .t38UDPFEC)
        let answer = ours.answering(offer)
        #expect(answer.version == 0)
        #expect(answer.maxBitRate == 9600)
        #expect(answer.fillBitRemoval && !answer.transcodingMMR && !answer.transcodingJBIG)
        #expect(answer.rateManagement == .localTCF)
        #expect(answer.maxBuffer == 1800 && answer.maxDatagram == 400)
        #expect(answer.errorCorrection == .t38UDPRedundancy)

        let bare = ours.answering(T38Attributes())
        #expect(bare.version == 0 && bare.maxBitRate == 14400 && bare.rateManagement == .transferredTCF && bare.errorCorrection == nil)
        #expect(T38Attributes(rateManagement: nil).answering(T38Attributes()).rateManagement == .transferredTCF)
    }

    // MARK: Errors

    @Test func errorsKnowTheirSIPResponse() {
        let refusal = SDPError.notAcceptable(.init(.incompatibleMediaFormat, "no common codec"))
        #expect(refusal.sipStatus == 488 && refusal.warningCode == 305 && refusal.warningText == "no common codec")
        let syntax = SDPError.syntax(line: 3, reason: "missing s= line")
        #expect(syntax.sipStatus == 400 && syntax.warningCode == 399 && syntax.warningText == "SDP line 3: missing s= line")
        #expect(SDPError.Warning.allCases.map(\.rawValue) == [300, 301, 302, 303, 304, 305, 306, 307, 330, 331, 370, 399])
    }
}
