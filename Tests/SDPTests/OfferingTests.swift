import SDP
import Testing

/// RFC 3264 §5, §7 and §8 from the offerer's side: Herald's offers (calls it places, re-INVITEs
/// for hold and fax) and the answers that come back.
@Suite struct OfferingTests {
    static let herald = ConnectionData.ip4("192.0.2.200")
    static let ourKey: [UInt8] = Array(0..<30)
    static let theirKey: [UInt8] = Array(repeating: 0x5A, count: 30)
    static let stream = LocalStream(port: 40000, masterKeySalt: ourKey)

    static func negotiation(
        _ codecs: [MediaCapabilities.Codec] = [.pcmu, .pcma, .g729], srtp: MediaCapabilities.SRTPPolicy = .disabled,
        t38: T38Attributes? = nil, rtcpMux: Bool = false
    ) -> OfferAnswer {
        OfferAnswer(
            capabilities: MediaCapabilities(codecs: codecs, srtp: srtp, t38: t38, connectionAddress: herald, rtcpMultiplexing: rtcpMux),
            sessionID: 3724394400)
    }

    /// An answer from 192.0.2.10 with these media lines.
    static func answer(_ media: [String], version: Int = 1, connection: String = "c=IN IP4 192.0.2.10") throws -> SessionDescription {
        let lines = ["v=0", "o=phone 55 \(version) IN IP4 192.0.2.10", "s=-", connection, "t=0 0"] + media
        return try SessionDescription(parsing: lines.map { $0 + "\r\n" }.joined())
    }

    // MARK: Making offers

    @Test func initialOffer() {
        var negotiation = Self.negotiation()
        let offer = negotiation.makeOffer([.audio(Self.stream)])
        #expect(offer.serialized() == """
            v=0\r
            o=- 3724394400 3724394400 IN IP4 192.0.2.200\r
            s=-\r
            c=IN IP4 192.0.2.200\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0 8 18 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:18 G729/8000\r
            a=fmtp:18 annexb=no\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-15\r
            a=ptime:20\r
            a=sendrecv\r

            """)
        #expect(negotiation.pendingOffer == offer)
        #expect(negotiation.localDescription == nil)
    }

    @Test func packetTimeFitsThePreferredCodec() {
        var negotiation = Self.negotiation([.g723, .pcmu])
        #expect(negotiation.makeOffer([.audio(Self.stream)]).mediaDescriptions[0].ptime == 30)
    }

    @Test func dynamicPayloadTypesAreAllocatedWithoutCollisions() {
        let opus = MediaCapabilities.Codec(encodingName: "opus", clockRate: 48000, channels: 2, dynamicPayloadType: 101)
        let iLBC = MediaCapabilities.Codec(encodingName: "iLBC", clockRate: 8000, formatParameters: "mode=30", frameDuration: 30)
        var negotiation = Self.negotiation([opus, iLBC, .pcmu])
        let media = negotiation.makeOffer([.audio(Self.stream)]).mediaDescriptions[0]
        // 101 goes to telephone-event, which claims it first; the codecs take the next free types; Opus's clock
        // gets a telephone-event of its own (RFC 4733 §2.1) on the next free type.
        #expect(media.formats == ["96", "97", "0", "101", "98"])
        #expect(media.rtpMap(for: 96) == RTPMap(payloadType: 96, encodingName: "opus", clockRate: 48000, channels: 2))
        #expect(media.rtpMap(for: 97)?.encodingName == "iLBC")
        #expect(media.formatParameters(for: 97)?.parameters == "mode=30")
        #expect(media.rtpMap(for: 101) == RTPMap(payloadType: 101, encodingName: "telephone-event", clockRate: 8000))
        #expect(media.rtpMap(for: 98) == RTPMap(payloadType: 98, encodingName: "telephone-event", clockRate: 48000))
        #expect(media.formatParameters(for: 98)?.events == [0...15])
    }

    @Test func theSameOfferTwiceGivesTheSameTelephoneEventTypes() {
        let opus = MediaCapabilities.Codec(encodingName: "opus", clockRate: 48000, channels: 2, dynamicPayloadType: 111)
        var negotiation = Self.negotiation([opus, .pcmu])
        let first = negotiation.makeOffer([.audio(Self.stream)]).mediaDescriptions[0]
        negotiation.offerRejected()
        let again = negotiation.makeOffer([.audio(Self.stream)]).mediaDescriptions[0]
        #expect(first.formats == again.formats)
        #expect(first.telephoneEvents.map(\.clockRate) == [8000, 48000])
    }

    @Test(arguments: [
        (MediaCapabilities.SRTPPolicy.disabled, "RTP/AVP", 0),
        (.optional, "RTP/AVP", 2),
        (.required, "RTP/SAVP", 2),
        (.clearSignalling(answeringSAVP: true), "RTP/AVP", 0),
    ])
    func srtpPolicyShapesTheOffer(_ policy: MediaCapabilities.SRTPPolicy, _ proto: String, _ cryptoLines: Int) throws {
        var negotiation = Self.negotiation(srtp: policy)
        let media = negotiation.makeOffer([.audio(Self.stream)]).mediaDescriptions[0]
        #expect(media.proto == proto)
        #expect(media.cryptoAttributes.count == cryptoLines)
        if cryptoLines > 0 {
            #expect(media.cryptoAttributes.map(\.tag) == [1, 2])
            #expect(media.cryptoAttributes.map(\.suite) == [.AES_CM_128_HMAC_SHA1_80, .AES_CM_128_HMAC_SHA1_32])
            #expect(media.cryptoAttributes.allSatisfy { $0.keyParameters == [.init(keySalt: Self.ourKey)] })
        }
    }

    @Test func requiredSRTPWithoutAKeyFailsClosed() {
        var negotiation = Self.negotiation(srtp: .required)
        let media = negotiation.makeOffer([.audio(LocalStream(port: 40000))]).mediaDescriptions[0]
        #expect(media.proto == "RTP/SAVP" && media.cryptoAttributes.isEmpty)
    }

    @Test func rtcpAttributesInTheOffer() {
        var split = Self.negotiation()
        #expect(split.makeOffer([.audio(LocalStream(port: 40000, rtcpPort: 40005))]).mediaDescriptions[0].rtcp == RTCPAttribute(port: 40005))
        var muxed = Self.negotiation(rtcpMux: true)
        let media = muxed.makeOffer([.audio(LocalStream(port: 40000, rtcpPort: 40005))]).mediaDescriptions[0]
        #expect(media.isRTCPMultiplexed && media.rtcp == nil)
    }

    @Test(arguments: [
        (101 as Int, nil as Int?, true), (72, nil, false), (64, nil, false), (95, nil, false), (101, 80, false), (101, 96, true),
    ])
    func rtcpMultiplexingIsOfferedOnlyWithoutPayloadTypes64To95(_ telephoneEvent: Int, _ codecType: Int?, _ multiplexed: Bool) {
        var negotiation = Self.negotiation(rtcpMux: true)
        negotiation.capabilities.telephoneEvent = .init(payloadType: telephoneEvent)
        if let codecType {
            negotiation.capabilities.codecs.append(MediaCapabilities.Codec(encodingName: "AMR", clockRate: 8000, dynamicPayloadType: codecType))
        }
        let media = negotiation.makeOffer([.audio(Self.stream)]).mediaDescriptions[0]
        #expect(media.payloadTypes.contains(telephoneEvent))
        #expect(media.isRTCPMultiplexed == multiplexed, "\(media.formats)")
    }

    @Test func t38Offer() {
        let ours = T38Attributes(version: 0, maxBitRate: 14400, rateManagement: .transferredTCF, maxDatagram: 400, errorCorrection: .t38UDPRedundancy)
        var negotiation = Self.negotiation(t38: ours)
        let media = negotiation.makeOffer([.t38(LocalStream(port: 40010))]).mediaDescriptions[0]
        #expect((media.media, media.port, media.proto, media.formats) == ("image", 40010, "udptl", ["t38"]))
        #expect(media.t38Attributes == ours)
    }

    // MARK: Reading answers (RFC 3264 §7)

    @Test func answerIsReadIntoNegotiatedMedia() throws {
        var negotiation = Self.negotiation()
        _ = negotiation.makeOffer([.audio(Self.stream)])
        let media = try negotiation.receiveAnswer(Self.answer([
            "m=audio 5004 RTP/AVP 8 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:30",
        ]))
        #expect(media.count == 1)
        let audio = media[0]
        #expect(audio.codec == RTPMap(payloadType: 8, encodingName: "PCMA", clockRate: 8000))
        #expect(audio.telephoneEvent?.payloadType == 101)
        #expect(audio.remoteConnection == .ip4("192.0.2.10") && audio.remotePort == 5004 && audio.remoteRTCPPort == 5005)
        #expect(audio.localPort == 40000 && audio.packetTime == 30 && audio.direction == .sendrecv && audio.srtp == nil)
        #expect(negotiation.pendingOffer == nil)
        #expect(negotiation.negotiatedMedia == media)
        #expect(negotiation.localDescription?.mediaDescriptions[0].port == 40000)
        #expect(negotiation.remoteDescription?.origin.username == "phone")
    }

    @Test func staticPayloadTypesNeedNoRTPMapInTheAnswer() throws {
        var negotiation = Self.negotiation()
        _ = negotiation.makeOffer([.audio(Self.stream)])
        let media = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 18", "a=fmtp:18 annexb=yes"]))
        #expect(media[0].codec?.encodingName == "G729")
        #expect(media[0].remoteFormatParameters?.parameter(named: "annexb") == "yes")
        #expect(media[0].telephoneEvent == nil)
    }

    @Test func srtpAnswerPicksOneOfOurLines() throws {
        var negotiation = Self.negotiation(srtp: .required)
        let offer = negotiation.makeOffer([.audio(Self.stream)])
        let theirs = CryptoAttribute(tag: 2, suite: .AES_CM_128_HMAC_SHA1_32, keySalt: Self.theirKey)
        let media = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/SAVP 0", "a=crypto:\(theirs.attributeValue)"]))
        let srtp = try #require(media[0].srtp)
        #expect(srtp.suite == .AES_CM_128_HMAC_SHA1_32)
        #expect(srtp.remote == theirs)
        #expect(srtp.local == offer.mediaDescriptions[0].cryptoAttributes[1])
        #expect(!String(describing: srtp).contains(Base64Text.of(Self.theirKey)))
    }

    @Test func opportunisticSRTPFallsBackToPlainRTP() throws {
        var negotiation = Self.negotiation(srtp: .optional)
        _ = negotiation.makeOffer([.audio(Self.stream)])
        let media = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0"]))
        #expect(media[0].srtp == nil)
    }

    @Test func holdAndResumeAsOfferer() throws {
        var negotiation = Self.negotiation()
        let first = negotiation.makeOffer([.audio(Self.stream)])
        _ = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000"]))

        let hold = negotiation.makeOffer([.audio(Self.stream, direction: .sendonly)])
        #expect(hold.origin.sessionVersion == first.origin.sessionVersion + 1)
        #expect(hold.mediaDescriptions[0].direction == .sendonly)
        #expect(hold.mediaDescriptions[0].formats == first.mediaDescriptions[0].formats)
        let held = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0", "a=recvonly"], version: 2))
        #expect(held[0].direction == .sendonly)

        let resume = negotiation.makeOffer([.audio(Self.stream)])
        #expect(resume.origin.sessionVersion == hold.origin.sessionVersion + 1)
        let resumed = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0"], version: 3))
        #expect(resumed[0].direction == .sendrecv)
    }

    @Test func answerOnHoldTheOldWayStopsUsSending() throws {
        var negotiation = Self.negotiation()
        _ = negotiation.makeOffer([.audio(Self.stream)])
        let media = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0"], connection: "c=IN IP4 0.0.0.0"))
        #expect(media[0].direction == .recvonly)
    }

    @Test func unchangedReofferKeepsTheVersion() {
        var negotiation = Self.negotiation()
        let first = negotiation.makeOffer([.audio(Self.stream)])
        negotiation.offerRejected()
        let again = negotiation.makeOffer([.audio(Self.stream)])
        #expect(again == first)
    }

    @Test func rejectedReofferKeepsTheAgreedSession() throws {
        var negotiation = Self.negotiation(t38: T38Attributes())
        _ = negotiation.makeOffer([.audio(Self.stream)])
        let agreed = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0"]))
        let fax = negotiation.makeOffer([.t38(LocalStream(port: 40010))])
        negotiation.offerRejected()
        #expect(negotiation.pendingOffer == nil && negotiation.negotiatedMedia == agreed)
        let next = negotiation.makeOffer([.audio(Self.stream)])
        #expect(next.origin.sessionVersion == fax.origin.sessionVersion + 1)
    }

    @Test func switchingToT38AndRemovingAStream() throws {
        var negotiation = Self.negotiation(t38: T38Attributes(version: 0, maxBitRate: 14400, rateManagement: .transferredTCF, maxDatagram: 400, errorCorrection: .t38UDPRedundancy))
        _ = negotiation.makeOffer([.audio(Self.stream)])
        _ = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0"]))

        let offer = negotiation.makeOffer([.removed, .t38(LocalStream(port: 40010))])
        #expect(offer.mediaDescriptions[0] == MediaDescription(media: "audio", port: 0, proto: "RTP/AVP", formats: ["0", "8", "18", "101"]))
        let media = try negotiation.receiveAnswer(Self.answer([
            "m=audio 0 RTP/AVP 0", "m=image 6010 udptl t38", "a=T38FaxVersion:0", "a=T38MaxBitRate:9600",
            "a=T38FaxRateManagement:transferredTCF", "a=T38FaxMaxDatagram:238", "a=T38FaxUdpEC:t38UDPRedundancy",
        ], version: 2))
        #expect(media.map(\.mediaIndex) == [1])
        #expect(media[0].t38 == T38Attributes(version: 0, maxBitRate: 9600, rateManagement: .transferredTCF, maxDatagram: 238, errorCorrection: .t38UDPRedundancy))

        // A later offer with fewer streams still carries every m-line (RFC 3264 §8).
        let later = negotiation.makeOffer([.audio(Self.stream)])
        #expect(later.mediaDescriptions.count == 2)
        #expect(later.mediaDescriptions[1] == MediaDescription(media: "image", port: 0, proto: "udptl", formats: ["t38"]))
    }

    @Test func payloadTypesKeepTheirMeaningAcrossExchanges() throws {
        // We answered an Avaya offer with telephone-event on 127, so our re-offer keeps 127.
        var negotiation = Self.negotiation()
        _ = try negotiation.receiveOffer(Corpus.description("avaya-aura-offer.sdp"), audio: Self.stream)
        let reoffer = negotiation.makeOffer([.audio(Self.stream, direction: .sendonly)])
        #expect(reoffer.mediaDescriptions[0].formats == ["0", "8", "18", "127"])
        #expect(reoffer.origin.sessionVersion == 3724394401)
    }

    @Test func anAnswerRejectingEverythingIsValid() throws {
        var negotiation = Self.negotiation()
        _ = negotiation.makeOffer([.audio(Self.stream)])
        #expect(try negotiation.receiveAnswer(Self.answer(["m=audio 0 RTP/AVP 0"])).isEmpty)
    }

    // MARK: Answers that break RFC 3264

    struct Violation: CustomTestStringConvertible, Sendable {
        var name: String
        var media: [String]
        var srtp = MediaCapabilities.SRTPPolicy.disabled
        var warning: Int
        var testDescription: String { name }
    }

    static let violations: [Violation] = [
        .init(name: "more m-lines", media: ["m=audio 5004 RTP/AVP 0", "m=video 0 RTP/AVP 31"], warning: 399),
        .init(name: "no m-lines", media: [], warning: 399),
        .init(name: "codec not offered", media: ["m=audio 5004 RTP/AVP 4"], warning: 305),
        .init(name: "dynamic type not offered", media: ["m=audio 5004 RTP/AVP 96", "a=rtpmap:96 opus/48000/2"], warning: 305),
        .init(name: "payload type remapped", media: ["m=audio 5004 RTP/AVP 8", "a=rtpmap:8 G729/8000"], warning: 305),
        .init(name: "only telephone-event", media: ["m=audio 5004 RTP/AVP 101", "a=rtpmap:101 telephone-event/8000"], warning: 305),
        .init(name: "media type changed", media: ["m=video 5004 RTP/AVP 0"], warning: 304),
        .init(name: "transport changed", media: ["m=audio 5004 RTP/SAVP 0"], warning: 302),
        .init(name: "SRTP answer without crypto", media: ["m=audio 5004 RTP/SAVP 0"], srtp: .required, warning: 302),
        .init(name: "crypto tag not offered", media: ["m=audio 5004 RTP/SAVP 0", "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"], srtp: .required, warning: 302),
        .init(name: "crypto suite changed", media: ["m=audio 5004 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"], srtp: .required, warning: 302),
        .init(name: "two crypto lines", media: ["m=audio 5004 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa", "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"], srtp: .required, warning: 302),
        .init(name: "short key", media: ["m=audio 5004 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WlpaWlpa"], srtp: .required, warning: 302),
        .init(name: "crypto with an MKI", media: ["m=audio 5004 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa|2^20|1:4"], srtp: .required, warning: 302),
        .init(name: "unencrypted SRTP", media: ["m=audio 5004 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa UNENCRYPTED_SRTP"], srtp: .required, warning: 302),
    ]

    @Test(arguments: violations)
    func answersThatBreakTheRulesAreRefused(_ violation: Violation) throws {
        var negotiation = Self.negotiation(srtp: violation.srtp)
        _ = negotiation.makeOffer([.audio(Self.stream)])
        let error = #expect(throws: SDPError.self) { _ = try negotiation.receiveAnswer(Self.answer(violation.media)) }
        #expect(error?.warningCode == violation.warning, "\(String(describing: error?.warningText))")
        #expect(negotiation.pendingOffer != nil && negotiation.negotiatedMedia.isEmpty)
    }

    @Test func anAnswerWithNoOfferPendingIsRefused() throws {
        var negotiation = Self.negotiation()
        #expect(throws: SDPError.self) { _ = try negotiation.receiveAnswer(Self.answer(["m=audio 5004 RTP/AVP 0"])) }
    }

    // MARK: Both sides of this implementation

    @Test func twoHeraldsAgree() throws {
        var caller = Self.negotiation([.g723, .pcmu, .pcma], srtp: .required)
        var callee = Self.negotiation([.pcma, .pcmu], srtp: .optional)
        let offer = caller.makeOffer([.audio(Self.stream)])
        let (answer, calleeMedia) = try callee.receiveOffer(
            SessionDescription(parsing: offer.serialized()), audio: LocalStream(port: 50000, masterKeySalt: Self.theirKey))
        let callerMedia = try caller.receiveAnswer(SessionDescription(parsing: answer.serializedBytes()))
        #expect(callerMedia[0].codec == calleeMedia[0].codec)
        #expect(callerMedia[0].codec?.encodingName == "PCMA")
        #expect(callerMedia[0].packetTime == calleeMedia[0].packetTime)
        #expect(callerMedia[0].srtp?.local == calleeMedia[0].srtp?.remote)
        #expect(callerMedia[0].srtp?.remote == calleeMedia[0].srtp?.local)
        #expect(callerMedia[0].remotePort == 50000 && calleeMedia[0].remotePort == 40000)
    }
}

/// Base64 of test keys, to check they do not leak into descriptions.
enum Base64Text {
    static func of(_ bytes: [UInt8]) -> String {
        CryptoAttribute(tag: 1, suite: .AES_CM_128_HMAC_SHA1_80, keySalt: bytes).attributeValue
            .split(separator: ":").last.map(String.init) ?? ""
    }
}
