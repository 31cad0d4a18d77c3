/// RFC 3264 offer/answer for one SIP session, as a value: it makes offers, answers offers and
/// reads answers, and remembers just enough between exchanges to follow RFC 3264 §8 (the same
/// m-lines in the same order, the same payload type numbers, `o=` version incremented exactly when
/// our description changes).
///
/// It does no I/O. Ports and SRTP keys come in as `LocalStream`s from the media layer; results go
/// out as `SessionDescription`s for the SIP layer and `NegotiatedMedia` for the media layer. A
/// failed exchange throws `SDPError.notAcceptable` and leaves the value as it was, so a rejected
/// re-INVITE keeps the session that was running (RFC 3261 §14.2).
///
/// ```
/// var negotiation = OfferAnswer(capabilities: caps, sessionID: 3724394400)
/// let (answer, media) = try negotiation.receiveOffer(offer, audio: LocalStream(port: 40000))
/// ```
public struct OfferAnswer: Sendable, Hashable {
    /// What we support and prefer; may change between exchanges (say, to enable T.38).
    public var capabilities: MediaCapabilities
    /// Our description of the session as last agreed: our answer, or our offer once answered.
    public private(set) var localDescription: SessionDescription?
    /// The peer's description of the session as last agreed.
    public private(set) var remoteDescription: SessionDescription?
    /// Our offer that awaits an answer.
    public private(set) var pendingOffer: SessionDescription?
    /// The streams of the session as last agreed.
    public private(set) var negotiatedMedia: [NegotiatedMedia]

    /// The last description we sent, offer or answer: the base for the next `o=` version.
    private var lastSent: SessionDescription?
    private let sessionID: String
    private let initialVersion: UInt64

    /// Creates the negotiation for a new session.
    ///
    /// - Parameters:
    ///   - sessionID: the `o=` session id; RFC 8866 §5.2 suggests an NTP timestamp, which the
    ///     caller supplies because this target reads no clock.
    ///   - sessionVersion: the `o=` version of our first description; the session id by default.
    public init(capabilities: MediaCapabilities, sessionID: UInt64, sessionVersion: UInt64? = nil) {
        self.capabilities = capabilities
        self.sessionID = String(sessionID)
        self.initialVersion = sessionVersion ?? sessionID
        negotiatedMedia = []
    }

    // MARK: Offers (RFC 3264 §5, §8)

    /// Makes an offer: the initial one, or a re-offer in an established session (hold, resume,
    /// switch to T.38, new ports or keys).
    ///
    /// A re-offer keeps every m-line of the previous description in place (RFC 3264 §8): entries
    /// beyond `streams` are offered with port 0, and codecs keep the payload type numbers they had.
    /// The offer is pending until `receiveAnswer(_:)` or `offerRejected()`.
    public mutating func makeOffer(_ streams: [OfferedStream]) -> SessionDescription {
        let previous = localDescription?.mediaDescriptions ?? []
        var media: [MediaDescription] = []
        for index in 0..<max(streams.count, previous.count) {
            let before = index < previous.count ? previous[index] : nil
            switch index < streams.count ? streams[index] : .removed {
            case .audio(let stream, let direction):
                media.append(audioOffer(stream, direction: direction, previous: before))
            case .t38(let stream):
                media.append(t38Offer(stream))
            case .removed:
                media.append(MediaDescription(
                    media: before?.media ?? "audio", port: 0, proto: before?.proto ?? "RTP/AVP",
                    formats: before?.formats ?? ["0"]))
            }
        }
        let offer = stamped(description(with: media))
        pendingOffer = offer
        return offer
    }

    /// Forgets the pending offer after the peer refused it (a 488 or 491 to our re-INVITE): the
    /// session stays as last agreed, and the next description still gets a new `o=` version.
    public mutating func offerRejected() {
        pendingOffer = nil
    }

    private func audioOffer(_ stream: LocalStream, direction: MediaDirection, previous: MediaDescription?) -> MediaDescription {
        let previousMaps = previous.map { $0.isAudio ? $0.resolvedRTPMaps : [] } ?? []
        var used = Set(previousMaps.map(\.payloadType))
        var payloadTypes: [Int?] = capabilities.codecs.map { codec in
            // RFC 3264 §8.3.2: a payload type keeps its meaning for the whole session.
            previousMaps.first(where: codec.matches)?.payloadType ?? codec.staticPayloadType
        }
        used.formUnion(payloadTypes.compactMap(\.self))
        /// RFC 4733 §2.1: events run on the audio's clock, so each clock rate offered gets its own telephone-event
        /// (Opus needs telephone-event/48000), each keeping its payload type for the session.
        var telephoneEventTypes: [(clockRate: Int, payloadType: Int)] = []
        func previousEventType(_ clockRate: Int) -> Int? {
            previousMaps.first { $0.isTelephoneEvent && $0.clockRate == clockRate }?.payloadType
        }
        if let support = capabilities.telephoneEvent,
           let type = previousEventType(8000) ?? (used.contains(support.payloadType) ? nil : support.payloadType)
               ?? Self.freeDynamicPayloadType(excluding: used) {
            used.insert(type)
            telephoneEventTypes.append((8000, type))
        }
        for (index, codec) in capabilities.codecs.enumerated() where payloadTypes[index] == nil {
            let type = codec.dynamicPayloadType.flatMap { used.contains($0) ? nil : $0 } ?? Self.freeDynamicPayloadType(excluding: used)
            payloadTypes[index] = type
            if let type { used.insert(type) }
        }
        if capabilities.telephoneEvent != nil {
            var rates: [Int] = []
            for (codec, type) in zip(capabilities.codecs, payloadTypes) where type != nil && codec.clockRate != 8000 && !rates.contains(codec.clockRate) {
                rates.append(codec.clockRate)
            }
            for rate in rates {
                guard let type = previousEventType(rate) ?? Self.freeDynamicPayloadType(excluding: used) else { continue }
                used.insert(type)
                telephoneEventTypes.append((rate, type))
            }
        }

        var formats: [String] = []
        var attributes: [SDPAttribute] = []
        for (codec, type) in zip(capabilities.codecs, payloadTypes) {
            guard let type else { continue }
            formats.append(String(type))
            // rtpmap even for static types: RFC 8866 §6.6 makes it optional, but some PBXs look for it.
            attributes.append(.rtpmap(codec.rtpMap(payloadType: type)))
            if let parameters = codec.formatParameters {
                attributes.append(.fmtp(FormatParameters(payloadType: type, parameters: parameters)))
            }
        }
        if let support = capabilities.telephoneEvent {
            for (rate, type) in telephoneEventTypes {
                formats.append(String(type))
                attributes.append(.rtpmap(RTPMap(payloadType: type, encodingName: "telephone-event", clockRate: rate)))
                attributes.append(.fmtp(FormatParameters(payloadType: type, events: support.events)))
            }
        }
        // One ptime covers every codec offered; fit it to the preferred codec's frames, since a
        // G.723.1 peer cannot send 20 ms packets of 30 ms frames.
        if let wanted = capabilities.packetTime {
            attributes.append(.ptime(capabilities.codecs.first?.packetTime(closestTo: wanted) ?? wanted))
        }
        if let maximum = capabilities.maximumPacketTime { attributes.append(.maxptime(maximum)) }
        let multiplexing = capabilities.rtcpMultiplexing && !Self.isAmbiguousWithRTCP(payloadTypes: formats.compactMap { Int($0) })
        attributes += rtcpAttributes(for: stream, multiplexing: multiplexing)

        if capabilities.srtp.offersKeys, let key = stream.masterKeySalt {
            // One key serves every offered line: the answer accepts a single line (RFC 4568
            // §7.1.2), so the key is only ever used with one suite — provided a re-offer after
            // SRTP has run carries a new key, which is the media layer's part.
            let suites = capabilities.cryptoSuites.filter { $0.keySaltLength == key.count }
            for (offset, suite) in suites.enumerated() {
                attributes.append(.crypto(CryptoAttribute(tag: offset + 1, suite: suite, keySalt: key)))
            }
        }
        // Optional SRTP offers RTP/AVP with keys (RFC 8643), so peers without SRTP still answer.
        // Required SRTP stays RTP/SAVP even without a usable key, so that a missing key fails the
        // call instead of quietly sending media in the clear.
        let proto = capabilities.srtp == .required ? "RTP/SAVP" : "RTP/AVP"
        attributes.append(.direction(direction))
        return MediaDescription(media: "audio", port: stream.port, proto: proto, formats: formats, attributes: attributes)
    }

    private func t38Offer(_ stream: LocalStream) -> MediaDescription {
        MediaDescription(
            media: "image", port: stream.port, proto: "udptl", formats: ["t38"],
            attributes: (capabilities.t38 ?? T38Attributes()).attributes)
    }

    // MARK: Shared

    /// `a=rtcp` when RTCP is not on the RTP port plus one (RFC 3605), and `a=rtcp-mux`.
    func rtcpAttributes(for stream: LocalStream, multiplexing: Bool) -> [SDPAttribute] {
        var attributes: [SDPAttribute] = []
        if let rtcpPort = stream.rtcpPort, rtcpPort != stream.port + 1, !multiplexing {
            attributes.append(.rtcp(RTCPAttribute(port: rtcpPort)))
        }
        if multiplexing { attributes.append(.rtcpMux) }
        return attributes
    }

    /// RFC 5761 §4: on a multiplexed port, RTP payload types 64–95 (with the marker bit set) fill
    /// the second octet like RTCP packet types 192–223, so a stream using any of them must not be
    /// multiplexed. Checking every listed type, not only those we pick, keeps both sides in range
    /// whatever the other sends.
    static func isAmbiguousWithRTCP(payloadTypes: [Int]) -> Bool {
        payloadTypes.contains { (64...95).contains($0) }
    }

    /// A session description carrying our session-level lines around `media`.
    func description(with media: [MediaDescription]) -> SessionDescription {
        let address = capabilities.connectionAddress
        return SessionDescription(
            origin: Origin(
                username: capabilities.username, sessionID: sessionID, sessionVersion: initialVersion,
                networkType: address.networkType, addressType: address.addressType, unicastAddress: address.address),
            sessionName: capabilities.sessionName,
            connection: address,
            mediaDescriptions: media)
    }

    /// RFC 3264 §8: gives `description` the `o=` version it must carry — the last one sent when
    /// nothing else changed, one more when anything did — and records it as sent.
    mutating func stamped(_ description: SessionDescription) -> SessionDescription {
        var result = description
        guard let lastSent else {
            result.origin.sessionVersion = initialVersion
            lastSent = result
            return result
        }
        result.origin = lastSent.origin
        if result != lastSent { result.origin.sessionVersion = lastSent.origin.sessionVersion &+ 1 }
        self.lastSent = result
        return result
    }

    /// Records an exchange that succeeded.
    mutating func agree(local: SessionDescription, remote: SessionDescription, media: [NegotiatedMedia]) {
        localDescription = local
        remoteDescription = remote
        negotiatedMedia = media
        pendingOffer = nil
    }

    private static func freeDynamicPayloadType(excluding used: Set<Int>) -> Int? {
        (StaticPayloadTypes.firstDynamic...127).first { !used.contains($0) }
    }
}
