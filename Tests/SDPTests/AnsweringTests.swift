import SDP
import Testing

/// RFC 3264 §6 and §8 from the answerer's side: Herald answering offers from PBXs and phones.
@Suite struct AnsweringTests {
    static let herald = ConnectionData.ip4("192.0.2.200")
    static let ourKey: [UInt8] = Array(100..<130)
    static let audio = LocalStream(port: 40000, masterKeySalt: ourKey)
    static let fax = LocalStream(port: 40010)
    static let t38 = T38Attributes(
        version: 0, maxBitRate: 14400, rateManagement: .transferredTCF, maxBuffer: 1800, maxDatagram: 400,
        errorCorrection: .t38UDPRedundancy)

    static func capabilities(
        _ codecs: [MediaCapabilities.Codec] = [.pcmu, .pcma], selection: MediaCapabilities.CodecSelection = .localPreference,
        srtp: MediaCapabilities.SRTPPolicy = .disabled, suites: [CryptoSuite] = [.AES_CM_128_HMAC_SHA1_80, .AES_CM_128_HMAC_SHA1_32],
        t38: T38Attributes? = nil, packetTime: Int? = 20, rtcpMux: Bool = false
    ) -> MediaCapabilities {
        MediaCapabilities(
            codecs: codecs, codecSelection: selection, srtp: srtp, cryptoSuites: suites, t38: t38, connectionAddress: herald,
            packetTime: packetTime, rtcpMultiplexing: rtcpMux)
    }

    /// An offer from 192.0.2.10 with these media lines.
    static func offer(_ media: [String], session: [String] = [], connection: String = "c=IN IP4 192.0.2.10", version: Int = 1) throws -> SessionDescription {
        let lines = ["v=0", "o=pbx 77 \(version) IN IP4 192.0.2.10", "s=-", connection, "t=0 0"] + session + media
        return try SessionDescription(parsing: lines.map { $0 + "\r\n" }.joined())
    }

    static func answer(
        _ offer: SessionDescription, _ capabilities: MediaCapabilities = capabilities(), audio: LocalStream? = audio,
        t38: LocalStream? = fax, localDirection: MediaDirection = .sendrecv
    ) throws -> (answer: SessionDescription, negotiated: [NegotiatedMedia]) {
        var negotiation = OfferAnswer(capabilities: capabilities, sessionID: 1000)
        return try negotiation.receiveOffer(offer, audio: audio, t38: t38, localDirection: localDirection)
    }

    static func lines(_ media: MediaDescription) -> [String] {
        media.attributes.map { attribute in attribute.value.map { "\(attribute.name):\($0)" } ?? attribute.name }
    }

    // MARK: RFC 3264 §10 examples

    @Test func rfc3264BasicExchangeAnsweredAsBob() throws {
        let offer = try Corpus.description("rfc3264-10.1-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities([.pcmu]), audio: LocalStream(port: 49920))
        let media = answer.mediaDescriptions
        #expect(media.map(\.media) == ["audio", "video", "video"])
        #expect(media.map(\.port) == [49920, 0, 0])
        #expect(media.map(\.formats) == [["0"], ["31"], ["32"]])
        #expect(media[1].attributes.isEmpty && media[2].attributes.isEmpty)
        #expect(Self.lines(media[0]) == ["rtpmap:0 PCMU/8000", "ptime:20", "sendrecv"])
        #expect(answer.connection == Self.herald)
        #expect(answer.timeDescriptions == [.permanent])
        #expect(answer.origin.sessionID == "1000")

        #expect(negotiated.count == 1)
        let audio = try #require(negotiated.first)
        #expect(audio.mediaIndex == 0)
        #expect(audio.codec == RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000))
        #expect(audio.remoteConnection.address == "host.anywhere.com")
        #expect(audio.remotePort == 49170 && audio.remoteRTCPPort == 49171)
        #expect(audio.localPort == 49920)
    }

    @Test func rfc3264OneOfNCodecSelection() throws {
        // §10.2 with Herald as Bob, preferring G.723.1 as the seed's UM server does.
        var negotiation = OfferAnswer(capabilities: Self.capabilities([.g723, .pcmu]), sessionID: 2890844730)
        let (first, firstMedia) = try negotiation.receiveOffer(Corpus.description("rfc3264-10.2-offer.sdp"), audio: LocalStream(port: 54344))
        #expect(first.mediaDescriptions[0].formats == ["4"])
        #expect(first.mediaDescriptions[0].direction == .inactive)
        #expect(first.mediaDescriptions[0].ptime == 30)
        #expect(firstMedia[0].direction == .inactive)

        let (second, secondMedia) = try negotiation.receiveOffer(Corpus.description("rfc3264-10.2-reoffer.sdp"), audio: LocalStream(port: 54344))
        #expect(second.mediaDescriptions[0].formats == ["4"])
        #expect(second.mediaDescriptions[0].direction == .sendrecv)
        #expect(second.origin.sessionVersion == first.origin.sessionVersion + 1)
        #expect(secondMedia[0].codec?.encodingName == "G723")
    }

    // MARK: Codec choice

    @Test func ourPreferenceOrderDecidesByDefault() throws {
        let offer = try Corpus.description("cisco-ios-gateway-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities([.pcma, .pcmu, .g729]))
        #expect(answer.mediaDescriptions[0].formats == ["8", "101"])
        #expect(negotiated[0].codec?.encodingName == "PCMA")
    }

    @Test func offererPreferenceWhenConfigured() throws {
        let offer = try Corpus.description("cisco-ios-gateway-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities([.pcma, .pcmu, .g729], selection: .offererPreference))
        #expect(answer.mediaDescriptions[0].formats == ["18", "101"])
        #expect(Self.lines(answer.mediaDescriptions[0]).prefix(2) == ["rtpmap:18 G729/8000", "fmtp:18 annexb=no"])
        #expect(negotiated[0].codec == RTPMap(payloadType: 18, encodingName: "G729", clockRate: 8000))
        #expect(negotiated[0].remoteFormatParameters?.parameter(named: "annexb") == "no")
    }

    @Test func g723PreferredAsTheSeedsUMServerDoes() throws {
        let offer = try Corpus.description("nortel-cs1000-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities([.g723, .pcmu, .pcma]))
        #expect(answer.mediaDescriptions[0].formats == ["4", "101"])
        #expect(answer.mediaDescriptions[0].ptime == 30)
        #expect(negotiated[0].packetTime == 30)
        #expect(negotiated[0].remoteFormatParameters?.parameters == "annexa=no")
    }

    @Test func dynamicPayloadTypesMatchByNameClockAndChannels() throws {
        let offer = try Self.offer(["m=audio 5000 RTP/AVP 96 97 98", "a=rtpmap:96 opus/48000/2", "a=rtpmap:97 g722/8000", "a=rtpmap:98 L16/8000"])
        let opus = MediaCapabilities.Codec(encodingName: "OPUS", clockRate: 48000, channels: 2)
        let (_, negotiated) = try Self.answer(offer, Self.capabilities([.pcmu, opus, .g722]))
        #expect(negotiated[0].codec == RTPMap(payloadType: 96, encodingName: "opus", clockRate: 48000, channels: 2))
        let mono = MediaCapabilities.Codec(encodingName: "opus", clockRate: 48000)
        let (_, second) = try Self.answer(offer, Self.capabilities([mono, .g722]))
        #expect(second[0].codec?.payloadType == 97)
    }

    // MARK: telephone-event (RFC 4733)

    @Test func telephoneEventUsesTheOfferersPayloadType() throws {
        let (answer, negotiated) = try Self.answer(Corpus.description("avaya-aura-offer.sdp"))
        #expect(answer.mediaDescriptions[0].formats == ["0", "127"])
        #expect(Self.lines(answer.mediaDescriptions[0]).contains("rtpmap:127 telephone-event/8000"))
        #expect(Self.lines(answer.mediaDescriptions[0]).contains("fmtp:127 0-15"))
        #expect(negotiated[0].telephoneEvent?.payloadType == 127)
    }

    @Test(arguments: [("cisco-ios-gateway-offer.sdp", "fmtp:101 0-15"), ("nortel-cs1000-offer.sdp", "fmtp:101 1-15"), ("cisco-cucm-offer.sdp", "fmtp:101 0-15")])
    func telephoneEventListsTheEventsBothSidesHave(_ file: String, _ expected: String) throws {
        let (answer, _) = try Self.answer(Corpus.description(file))
        #expect(Self.lines(answer.mediaDescriptions[0]).contains(expected))
    }

    @Test func telephoneEventLeftOutWhenUnsupportedOrAtAnotherClock() throws {
        var capabilities = Self.capabilities()
        capabilities.telephoneEvent = nil
        let (answer, negotiated) = try Self.answer(Corpus.description("cisco-cucm-offer.sdp"), capabilities)
        #expect(answer.mediaDescriptions[0].formats == ["0"])
        #expect(negotiated[0].telephoneEvent == nil)

        let wideband = try Self.offer(["m=audio 5000 RTP/AVP 0 100", "a=rtpmap:100 telephone-event/48000"])
        #expect(try Self.answer(wideband).negotiated[0].telephoneEvent == nil)
    }

    static let opus = MediaCapabilities.Codec(
        encodingName: "opus", clockRate: 48000, channels: 2, formatParameters: "useinbandfec=1", dynamicPayloadType: 111, frameDuration: 20)

    @Test("keys before bandwidth: Opus is preferred, but an offer with telephone-event only at 8000 gets G.722 and events")
    func codecWithTelephoneEventsIsPreferred() throws {
        let wideFirst = Self.capabilities([Self.opus, .g722, .pcmu, .pcma])
        // A Yealink: G.722, G.711, …, opus/48000, telephone-event/8000 only.
        let (answer, negotiated) = try Self.answer(Corpus.description("yealink-many-codecs-offer.sdp"), wideFirst)
        #expect(negotiated[0].codec?.encodingName == "G722")
        #expect(negotiated[0].telephoneEvent?.payloadType == 101)
        #expect(answer.mediaDescriptions[0].formats == ["9", "101"])

        // Events on both clocks: Opus with its own.
        let both = try Self.offer([
            "m=audio 5000 RTP/AVP 96 0 101 102", "a=rtpmap:96 opus/48000/2", "a=rtpmap:101 telephone-event/8000",
            "a=rtpmap:102 telephone-event/48000",
        ])
        let (_, withOpusEvents) = try Self.answer(both, wideFirst)
        #expect(withOpusEvents[0].codec?.encodingName == "opus")
        #expect(withOpusEvents[0].telephoneEvent?.payloadType == 102)

        // No telephone-event offered at all: preference alone decides.
        let none = try Self.offer(["m=audio 5000 RTP/AVP 96 0", "a=rtpmap:96 opus/48000/2"])
        #expect(try Self.answer(none, wideFirst).negotiated[0].codec?.encodingName == "opus")

        // Only a codec without events in common: still answered, keys then go in-band.
        let onlyOpus = try Self.offer(["m=audio 5000 RTP/AVP 96 101", "a=rtpmap:96 opus/48000/2", "a=rtpmap:101 telephone-event/8000"])
        let (_, opusAlone) = try Self.answer(onlyOpus, wideFirst)
        #expect(opusAlone[0].codec?.encodingName == "opus")
        #expect(opusAlone[0].telephoneEvent == nil)
    }

    // MARK: ptime

    @Test(arguments: [
        ([MediaCapabilities.Codec.pcmu], "a=ptime:30", 30 as Int?),
        ([.pcmu], nil, 20),
        ([.g723], "a=ptime:20", 30),
        ([.g723], "a=ptime:60", 60),
        ([.g729], "a=ptime:25", 30),
    ] as [([MediaCapabilities.Codec], String?, Int?)])
    func packetTimeMirrorsTheOfferWhereTheCodecAllows(_ codecs: [MediaCapabilities.Codec], _ offered: String?, _ expected: Int?) throws {
        let offer = try Self.offer(["m=audio 5000 RTP/AVP 0 4 18"] + (offered.map { [$0] } ?? []))
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(codecs))
        #expect(answer.mediaDescriptions[0].ptime == expected)
        #expect(negotiated[0].packetTime == expected)
    }

    @Test func noPacketTimeWhenNeitherSideAsks() throws {
        let offer = try Self.offer(["m=audio 5000 RTP/AVP 0"])
        let (answer, _) = try Self.answer(offer, Self.capabilities(packetTime: nil))
        #expect(answer.mediaDescriptions[0].ptime == nil)
    }

    // MARK: Direction and hold (RFC 3264 §6.1, §8.4)

    @Test(arguments: [
        (MediaDirection.sendrecv, MediaDirection.sendrecv), (.sendonly, .recvonly), (.recvonly, .sendonly), (.inactive, .inactive),
    ])
    func directionIsAnsweredPerSection6_1(_ offered: MediaDirection, _ answered: MediaDirection) throws {
        let offer = try Self.offer(["m=audio 5000 RTP/AVP 0", "a=\(offered.rawValue)"])
        let (answer, negotiated) = try Self.answer(offer)
        #expect(answer.mediaDescriptions[0].direction == answered)
        #expect(negotiated[0].direction == answered)
    }

    @Test func holdTheRFC2543Way() throws {
        let (answer, negotiated) = try Self.answer(Corpus.description("old-style-hold-reoffer.sdp"))
        #expect(answer.mediaDescriptions[0].direction == .recvonly)
        #expect(negotiated[0].direction == .recvonly)
        #expect(negotiated[0].remoteConnection.isUnspecifiedAddress)
    }

    @Test func sessionLevelDirectionApplies() throws {
        let offer = try Self.offer(["m=audio 5000 RTP/AVP 0"], session: ["a=sendonly"])
        #expect(try Self.answer(offer).answer.mediaDescriptions[0].direction == .recvonly)
    }

    @Test func weHoldWhileAnswering() throws {
        let (answer, negotiated) = try Self.answer(Corpus.description("freeswitch-offer.sdp"), localDirection: .sendonly)
        #expect(answer.mediaDescriptions[0].direction == .sendonly)
        #expect(negotiated[0].direction == .sendonly)
    }

    @Test func holdAndResumeInASession() throws {
        var negotiation = OfferAnswer(capabilities: Self.capabilities(), sessionID: 5)
        let (initial, _) = try negotiation.receiveOffer(Corpus.description("asterisk-chan-sip-offer.sdp"), audio: Self.audio)
        let (held, heldMedia) = try negotiation.receiveOffer(Corpus.description("asterisk-hold-reoffer.sdp"), audio: Self.audio)
        #expect(held.mediaDescriptions[0].direction == .recvonly)
        #expect(heldMedia[0].direction == .recvonly)
        #expect(held.origin.sessionVersion == initial.origin.sessionVersion + 1)
        let (resumed, resumedMedia) = try negotiation.receiveOffer(Corpus.description("asterisk-chan-sip-offer.sdp"), audio: Self.audio)
        #expect(resumedMedia[0].direction == .sendrecv)
        #expect(resumed.origin.sessionVersion == held.origin.sessionVersion + 1)
        #expect(negotiation.negotiatedMedia == resumedMedia)
    }

    // MARK: Rejected and removed streams

    @Test func streamsWeCannotServeGetPortZeroWithTheirFormats() throws {
        let offer = try Corpus.description("rfc8866-example.sdp")
        let (answer, negotiated) = try Self.answer(offer)
        #expect(answer.mediaDescriptions.map(\.port) == [40000, 0, 0])
        #expect(answer.mediaDescriptions[1].formats == ["0"])
        #expect(answer.mediaDescriptions[2].formats == ["99"] && answer.mediaDescriptions[2].proto == "RTP/AVP")
        #expect(negotiated.map(\.mediaIndex) == [0])
    }

    @Test func aStreamTheOfferRemovedStaysRemoved() throws {
        let (answer, negotiated) = try Self.answer(Corpus.description("asterisk-t38-reinvite-audio-removed.sdp"), Self.capabilities(t38: Self.t38))
        #expect(answer.mediaDescriptions[0] == MediaDescription(media: "audio", port: 0, proto: "RTP/AVP", formats: ["0", "101"]))
        #expect(answer.mediaDescriptions[1].port == Self.fax.port)
        #expect(negotiated.map(\.mediaIndex) == [1])
    }

    @Test func anOfferWithEveryStreamRemovedIsAnsweredNotRefused() throws {
        let (answer, negotiated) = try Self.answer(Self.offer(["m=audio 0 RTP/AVP 0"]))
        #expect(negotiated.isEmpty && answer.mediaDescriptions[0].isRejected)
    }

    // MARK: 488 Not Acceptable Here

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var media: [String]
        var connection = "c=IN IP4 192.0.2.10"
        var capabilities = AnsweringTests.capabilities()
        var withAudio = true
        var warning: Int
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        .init(name: "video only", media: ["m=video 5000 RTP/AVP 31"], warning: 304),
        .init(name: "text and application", media: ["m=text 5000 RTP/AVP 98", "m=application 5002 udp wb"], warning: 304),
        .init(name: "no common codec", media: ["m=audio 5000 RTP/AVP 4 18 101", "a=rtpmap:101 telephone-event/8000"], warning: 305),
        .init(name: "only telephone-event", media: ["m=audio 5000 RTP/AVP 101", "a=rtpmap:101 telephone-event/8000"], warning: 305),
        .init(name: "unknown dynamic type without rtpmap", media: ["m=audio 5000 RTP/AVP 96"], warning: 305),
        .init(name: "SRTP offered, SRTP disabled", media: ["m=audio 5000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"], warning: 302),
        .init(name: "plain RTP, SRTP required", media: ["m=audio 5000 RTP/AVP 0"], capabilities: capabilities(srtp: .required), warning: 302),
        .init(name: "SRTP without usable crypto", media: ["m=audio 5000 RTP/SAVP 0", "a=crypto:1 AEAD_AES_256_GCM inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"], capabilities: capabilities(srtp: .optional), warning: 302),
        .init(name: "SRTP without any crypto", media: ["m=audio 5000 RTP/SAVP 0"], capabilities: capabilities(srtp: .required), warning: 302),
        .init(name: "DTLS-SRTP", media: ["m=audio 5000 UDP/TLS/RTP/SAVPF 0"], capabilities: capabilities(srtp: .required), warning: 302),
        .init(name: "IPv6 address", media: ["m=audio 5000 RTP/AVP 0"], connection: "c=IN IP6 2001:db8::10", warning: 301),
        .init(name: "multicast", media: ["m=audio 5000 RTP/AVP 0"], connection: "c=IN IP4 233.252.0.1/32", warning: 330),
        .init(name: "non-Internet network", media: ["m=audio 5000 RTP/AVP 0"], connection: "c=ATM NSAP 47.0091.8100.0000.0060", warning: 300),
        .init(name: "no local audio", media: ["m=audio 5000 RTP/AVP 0"], withAudio: false, warning: 304),
        .init(name: "T.38 disabled", media: ["m=image 5000 udptl t38"], warning: 304),
        .init(name: "T.38 over RTP", media: ["m=image 5000 RTP/AVP 96", "a=rtpmap:96 t38/8000"], capabilities: capabilities(t38: t38), warning: 302),
    ]

    @Test(arguments: refusals)
    func offersWeCannotAcceptAreRefusedWith488(_ refusal: Refusal) throws {
        let offer = try Self.offer(refusal.media, connection: refusal.connection)
        var negotiation = OfferAnswer(capabilities: refusal.capabilities, sessionID: 9)
        let error = #expect(throws: SDPError.self) {
            _ = try negotiation.receiveOffer(offer, audio: refusal.withAudio ? Self.audio : nil, t38: Self.fax)
        }
        #expect(error?.sipStatus == 488)
        #expect(error?.warningCode == refusal.warning, "\(String(describing: error?.warningText))")
        #expect(negotiation.localDescription == nil && negotiation.negotiatedMedia.isEmpty)
    }

    @Test func aRefusedReofferLeavesTheSessionAsItWas() throws {
        var negotiation = OfferAnswer(capabilities: Self.capabilities(), sessionID: 9)
        let (answer, media) = try negotiation.receiveOffer(Corpus.description("cisco-cucm-offer.sdp"), audio: Self.audio)
        #expect(throws: SDPError.self) { _ = try negotiation.receiveOffer(Corpus.description("video-only-offer.sdp"), audio: Self.audio) }
        #expect(negotiation.localDescription == answer)
        #expect(negotiation.negotiatedMedia == media)
    }

    @Test func theAudioStreamsReasonIsReported() throws {
        let offer = try Self.offer(["m=video 5000 RTP/AVP 31", "m=audio 5002 RTP/AVP 4"])
        let error = #expect(throws: SDPError.self) { _ = try Self.answer(offer) }
        #expect(error?.warningCode == 305)
    }

    // MARK: SRTP (RFC 4568)

    @Test func srtpOfferGetsOneCryptoLineForTheFirstSuiteWeSupport() throws {
        let offer = try Corpus.description("baresip-srtp-offer.sdp")
        let offered = offer.mediaDescriptions[0].cryptoAttributes
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(srtp: .optional))
        let media = answer.mediaDescriptions[0]
        #expect(media.proto == "RTP/SAVP")
        #expect(media.cryptoAttributes == [CryptoAttribute(tag: 1, suite: .AES_CM_128_HMAC_SHA1_32, keySalt: Self.ourKey)])
        let srtp = try #require(negotiated[0].srtp)
        #expect(srtp.suite == .AES_CM_128_HMAC_SHA1_32)
        #expect(srtp.remote == offered[0])
        #expect(srtp.local.keyParameters[0].keySalt == Self.ourKey)

        let (only80, only80Media) = try Self.answer(offer, Self.capabilities(srtp: .required, suites: [.AES_CM_128_HMAC_SHA1_80]))
        #expect(only80.mediaDescriptions[0].cryptoAttributes.map(\.tag) == [2])
        #expect(only80Media[0].srtp?.remote == offered[1])
    }

    @Test func rfc4568OfferIsRefusedForItsMKIAndF8() throws {
        // Line 1 carries an MKI, which libsrtp is not set up for; line 2 is F8, which we lack.
        let error = #expect(throws: SDPError.self) {
            _ = try Self.answer(Corpus.description("rfc4568-offer.sdp"), Self.capabilities(srtp: .required))
        }
        #expect(error?.warningCode == 302)
    }

    @Test func opportunisticSRTPOnPlainRTP() throws {
        let offer = try Corpus.description("yealink-many-codecs-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(srtp: .optional))
        #expect(answer.mediaDescriptions[0].proto == "RTP/AVP")
        #expect(answer.mediaDescriptions[0].cryptoAttributes.count == 1)
        #expect(negotiated[0].srtp?.suite == .AES_CM_128_HMAC_SHA1_80)

        let (plain, plainMedia) = try Self.answer(offer, Self.capabilities(srtp: .disabled))
        #expect(plain.mediaDescriptions[0].cryptoAttributes.isEmpty)
        #expect(plainMedia[0].srtp == nil)
    }

    /// Crypto lines whose options the media layer does not apply (RFC 4568 §6.3.7 makes them
    /// unacceptable): accepted, they would fail authentication or decode as noise.
    static let unsupportedCryptoLines = [
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4",
        "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4;inline:QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5|2^20|2:4",
        "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP",
        "a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTCP WSH=64",
        "a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNAUTHENTICATED_SRTP",
        "a=crypto:6 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=5",
        "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FEC_KEY=inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "a=crypto:8 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FUTURE_PARAMETER",
        "a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcj==",
    ]

    @Test func cryptoLinesWithOptionsWeDoNotRunAreSkippedForAPlainOne() throws {
        let plain = "a=crypto:10 AES_CM_128_HMAC_SHA1_32 inline:KwjTXt44uwLSXMISG1Pc4XaTnjA4d2JqJ9tK2Gf0|2^31 WSH=256 FEC_ORDER=FEC_SRTP -OPTIONAL_EXTENSION"
        let offer = try Self.offer(["m=audio 5000 RTP/SAVP 0"] + Self.unsupportedCryptoLines + [plain])
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(srtp: .required))
        let crypto = answer.mediaDescriptions[0].cryptoAttributes
        #expect(crypto == [CryptoAttribute(tag: 10, suite: .AES_CM_128_HMAC_SHA1_32, keySalt: Self.ourKey)])
        #expect(negotiated[0].srtp?.remote.tag == 10)
    }

    @Test(arguments: unsupportedCryptoLines)
    func aCryptoLineWithOptionsWeDoNotRunIsNotAccepted(_ line: String) throws {
        let required = #expect(throws: SDPError.self) {
            _ = try Self.answer(Self.offer(["m=audio 5000 RTP/SAVP 0", line]), Self.capabilities(srtp: .optional))
        }
        #expect(required?.warningCode == 302)
        // RFC 8643 best effort: plain RTP rather than an SRTP stream that cannot work.
        let (answer, negotiated) = try Self.answer(Self.offer(["m=audio 5000 RTP/AVP 0", line]), Self.capabilities(srtp: .optional))
        #expect(answer.mediaDescriptions[0].cryptoAttributes.isEmpty)
        #expect(negotiated[0].srtp == nil)
    }

    // MARK: SRTP over clear signalling (RFC 4568 §8.3)

    @Test(arguments: [true, false])
    func cryptoOnPlainRTPIsAnsweredWithoutKeysOverClearSignalling(answeringSAVP: Bool) throws {
        let offer = try Corpus.description("yealink-many-codecs-offer.sdp")
        #expect(!offer.mediaDescriptions[0].cryptoAttributes.isEmpty)
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(srtp: .clearSignalling(answeringSAVP: answeringSAVP)))
        #expect(answer.mediaDescriptions[0].proto == "RTP/AVP")
        #expect(answer.mediaDescriptions[0].cryptoAttributes.isEmpty)
        #expect(!answer.serialized().contains(Base64Text.of(Self.ourKey)))
        #expect(negotiated[0].srtp == nil)
    }

    @Test func savpOverClearSignallingGetsSRTPWhenAnsweringIt() throws {
        let offer = try Corpus.description("baresip-srtp-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(srtp: .clearSignalling(answeringSAVP: true)))
        #expect(answer.mediaDescriptions[0].proto == "RTP/SAVP")
        #expect(answer.mediaDescriptions[0].cryptoAttributes.map(\.tag) == [1])
        #expect(negotiated[0].srtp?.suite == .AES_CM_128_HMAC_SHA1_32)
    }

    @Test func savpOverClearSignallingIsRefusedOtherwise() throws {
        let offer = try Corpus.description("baresip-srtp-offer.sdp")
        var negotiation = OfferAnswer(capabilities: Self.capabilities(srtp: .clearSignalling(answeringSAVP: false)), sessionID: 9)
        let error = #expect(throws: SDPError.self) { _ = try negotiation.receiveOffer(offer, audio: Self.audio) }
        #expect(error?.sipStatus == 488)
        #expect(error?.warningCode == 302)
        #expect(error?.warningText.contains("SRTP keys are refused on clear signalling") == true)
        #expect(negotiation.localDescription == nil)
    }

    /// "SRTP if you can": the same audio offered twice, RTP/SAVP with keys first, then plain RTP/AVP.
    static func bestEffortOffer() throws -> SessionDescription {
        try offer([
            "m=audio 5000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
            "m=audio 5002 RTP/AVP 0",
        ])
    }

    @Test func bestEffortSRTPIsTakenPlainOverClearSignalling() throws {
        let (answer, negotiated) = try Self.answer(try Self.bestEffortOffer(), Self.capabilities(srtp: .clearSignalling(answeringSAVP: true)))
        #expect(answer.mediaDescriptions.map(\.port) == [0, 40000])
        #expect(answer.mediaDescriptions.map(\.proto) == ["RTP/SAVP", "RTP/AVP"])
        #expect(!answer.serialized().contains(Base64Text.of(Self.ourKey)))
        #expect(negotiated.map(\.mediaIndex) == [1])
        #expect(negotiated.first?.srtp == nil)
    }

    @Test func bestEffortSRTPIsTakenSecureOverTLS() throws {
        let (answer, negotiated) = try Self.answer(try Self.bestEffortOffer(), Self.capabilities(srtp: .optional))
        #expect(answer.mediaDescriptions.map(\.port) == [40000, 0])
        #expect(negotiated.map(\.mediaIndex) == [0])
        #expect(negotiated.first?.srtp?.suite == .AES_CM_128_HMAC_SHA1_80)
    }

    @Test func srtpNeedsOurKey() throws {
        let offer = try Corpus.description("baresip-srtp-offer.sdp")
        let error = #expect(throws: SDPError.self) {
            _ = try Self.answer(offer, Self.capabilities(srtp: .required), audio: LocalStream(port: 40000))
        }
        #expect(error?.warningCode == 302)
    }

    // MARK: RTCP

    @Test func remoteRTCPComesFromTheRTCPAttributeOrPortPlusOne() throws {
        let avaya = try Self.answer(Corpus.description("avaya-aura-offer.sdp")).negotiated[0]
        #expect(avaya.remoteConnection == .ip4("192.0.2.51"))
        #expect(avaya.remotePort == 2048 && avaya.remoteRTCPPort == 2049)
        let freeswitch = try Self.answer(Corpus.description("freeswitch-offer.sdp")).negotiated[0]
        #expect(freeswitch.remoteRTCPPort == 16385 && freeswitch.remoteRTCPConnection == .ip4("192.0.2.40"))
        let cisco = try Self.answer(Corpus.description("cisco-cucm-offer.sdp")).negotiated[0]
        #expect(cisco.remoteRTCPPort == 24581 && !cisco.rtcpMultiplexing)
    }

    @Test func rtcpMultiplexingWhenBothSidesWantIt() throws {
        let offer = try Corpus.description("baresip-srtp-offer.sdp")
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(srtp: .optional, rtcpMux: true))
        #expect(answer.mediaDescriptions[0].isRTCPMultiplexed)
        #expect(negotiated[0].rtcpMultiplexing && negotiated[0].remoteRTCPPort == 38760)
        let (plain, _) = try Self.answer(offer, Self.capabilities(srtp: .optional, rtcpMux: false))
        #expect(!plain.mediaDescriptions[0].isRTCPMultiplexed)
    }

    @Test(arguments: [64, 72, 80, 95])
    func rtcpMultiplexingIsDeclinedWithPayloadTypesThatLookLikeRTCP(_ payloadType: Int) throws {
        // RFC 5761 §4: with the marker bit, types 64–95 read as RTCP packet types 192–223.
        let offer = try Self.offer([
            "m=audio 5000 RTP/AVP 0 \(payloadType)", "a=rtpmap:\(payloadType) telephone-event/8000", "a=rtcp-mux",
        ])
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(rtcpMux: true))
        #expect(answer.mediaDescriptions[0].formats == ["0", "\(payloadType)"])
        #expect(!answer.mediaDescriptions[0].isRTCPMultiplexed)
        #expect(!negotiated[0].rtcpMultiplexing && negotiated[0].remoteRTCPPort == 5001)
    }

    @Test func rtcpMultiplexingIsDeclinedEvenWhenTheTypeInRangeIsNotChosen() throws {
        let offer = try Self.offer(["m=audio 5000 RTP/AVP 0 72", "a=rtpmap:72 AMR/8000", "a=rtcp-mux"])
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(rtcpMux: true))
        #expect(answer.mediaDescriptions[0].formats == ["0"])
        #expect(!answer.mediaDescriptions[0].isRTCPMultiplexed && !negotiated[0].rtcpMultiplexing)
    }

    @Test(arguments: [63, 96, 101, 127])
    func rtcpMultiplexingIsKeptWithPayloadTypesOutsideTheRange(_ payloadType: Int) throws {
        let offer = try Self.offer([
            "m=audio 5000 RTP/AVP 0 \(payloadType)", "a=rtpmap:\(payloadType) telephone-event/8000", "a=rtcp-mux",
        ])
        let (answer, negotiated) = try Self.answer(offer, Self.capabilities(rtcpMux: true))
        #expect(answer.mediaDescriptions[0].isRTCPMultiplexed && negotiated[0].rtcpMultiplexing)
    }

    @Test func ourRTCPPortIsAdvertisedWhenNotPortPlusOne() throws {
        let offer = try Corpus.description("cisco-cucm-offer.sdp")
        let (answer, _) = try Self.answer(offer, audio: LocalStream(port: 40000, rtcpPort: 40003))
        #expect(answer.mediaDescriptions[0].rtcp == RTCPAttribute(port: 40003))
        let (adjacent, _) = try Self.answer(offer, audio: LocalStream(port: 40000, rtcpPort: 40001))
        #expect(adjacent.mediaDescriptions[0].rtcp == nil)
    }

    // MARK: T.38

    @Test func switchingFromAudioToT38AndBack() throws {
        var negotiation = OfferAnswer(capabilities: Self.capabilities(t38: Self.t38), sessionID: 77)
        let (voice, _) = try negotiation.receiveOffer(Corpus.description("cisco-ios-gateway-offer.sdp"), audio: Self.audio, t38: Self.fax)

        let (fax, faxMedia) = try negotiation.receiveOffer(Corpus.description("audiocodes-t38-reinvite.sdp"), audio: Self.audio, t38: Self.fax)
        #expect(fax.origin.sessionVersion == voice.origin.sessionVersion + 1)
        let image = fax.mediaDescriptions[0]
        #expect((image.media, image.port, image.proto, image.formats) == ("image", 40010, "udptl", ["t38"]))
        #expect(image.t38Attributes == T38Attributes(
            version: 0, maxBitRate: 14400, rateManagement: .transferredTCF, maxBuffer: 1800, maxDatagram: 400,
            errorCorrection: .t38UDPRedundancy))
        let session = try #require(faxMedia.first?.t38)
        #expect(session.maxDatagram == 238 && session.maxBuffer == 1024)
        #expect(faxMedia[0].remotePort == 6010 && faxMedia[0].codec == nil && faxMedia[0].srtp == nil)

        let (back, backMedia) = try negotiation.receiveOffer(Corpus.description("cisco-ios-gateway-offer.sdp"), audio: Self.audio, t38: Self.fax)
        #expect(back.origin.sessionVersion == fax.origin.sessionVersion + 1)
        #expect(backMedia[0].codec?.encodingName == "PCMU")
    }

    @Test func t38ParametersAreNegotiatedDown() throws {
        let (answer, negotiated) = try Self.answer(
            Corpus.description("asterisk-t38-reinvite-audio-removed.sdp"),
            Self.capabilities(t38: T38Attributes(version: 1, maxBitRate: 9600, maxDatagram: 300, errorCorrection: .t38UDPRedundancy)))
        let agreed = answer.mediaDescriptions[1].t38Attributes
        #expect(agreed.version == 0 && agreed.maxBitRate == 9600 && !agreed.fillBitRemoval)
        #expect(agreed.rateManagement == .transferredTCF && agreed.errorCorrection == .t38UDPRedundancy)
        #expect(negotiated[0].t38?.maxDatagram == 400)
    }

    @Test func ciscoT38WithExplicitFalseBooleans() throws {
        let (answer, _) = try Self.answer(Corpus.description("cisco-t38-reinvite.sdp"), Self.capabilities(t38: Self.t38))
        let agreed = answer.mediaDescriptions[0].t38Attributes
        #expect(agreed.maxBitRate == 9600 && !agreed.fillBitRemoval)
        #expect(!answer.mediaDescriptions[0].attributes.contains { $0.name == "T38FaxFillBitRemoval" })
    }

    // MARK: Session version (RFC 3264 §8)

    @Test func versionChangesOnlyWhenTheAnswerDoes() throws {
        var negotiation = OfferAnswer(capabilities: Self.capabilities(), sessionID: 3724394400, sessionVersion: 10)
        let offer = try Corpus.description("cisco-cucm-offer.sdp")
        let (first, _) = try negotiation.receiveOffer(offer, audio: Self.audio)
        #expect(first.origin.sessionVersion == 10)
        let (refresh, _) = try negotiation.receiveOffer(offer, audio: Self.audio)
        #expect(refresh == first)
        let (moved, _) = try negotiation.receiveOffer(offer, audio: LocalStream(port: 41000))
        #expect(moved.origin.sessionVersion == 11)
        #expect(moved.origin.sessionID == "3724394400")
    }

    @Test func theRunningCodecIsKeptThroughReoffers() throws {
        var negotiation = OfferAnswer(capabilities: Self.capabilities([.pcma, .pcmu]), sessionID: 1)
        _ = try negotiation.receiveOffer(Self.offer(["m=audio 5000 RTP/AVP 8 0"]), audio: Self.audio)
        negotiation.capabilities.codecs = [.pcmu, .pcma]
        let (_, same) = try negotiation.receiveOffer(Self.offer(["m=audio 5000 RTP/AVP 8 0"], version: 2), audio: Self.audio)
        #expect(same[0].codec?.encodingName == "PCMA")
        let (_, changed) = try negotiation.receiveOffer(Self.offer(["m=audio 5000 RTP/AVP 0"], version: 3), audio: Self.audio)
        #expect(changed[0].codec?.encodingName == "PCMU")
    }
}
