// RFC 3264 §6: answering an offer, initial or not (§8).

extension OfferAnswer {
    /// Answers an offer: one m-line for each offered one, in order (RFC 3264 §6).
    ///
    /// - The first RTP audio stream we can serve is accepted with one codec: the first of ours the
    ///   offer contains (or the first offered we support, per `capabilities.codecSelection`), kept
    ///   across re-offers while it is still offered; telephone-event on the offerer's payload type
    ///   at the codec's clock rate; the offered ptime when it fits the codec.
    /// - The first `m=image … udptl t38` stream is accepted when T.38 is enabled, with the
    ///   parameters negotiated as T.38 Annex D says (`T38Attributes.answering(_:)`).
    /// - SRTP per `capabilities.srtp`: one `a=crypto` for the first offered line whose suite and
    ///   options we support (RFC 4568 §7.1.2); `RTP/SAVP` without a usable one is rejected.
    /// - `a=rtcp-mux` when both sides want it and no offered payload type is in 64–95 (RFC 5761 §4).
    /// - Every other stream gets port 0 with its formats kept; streams the offer removed (port 0)
    ///   stay removed.
    /// - The direction is the offered one reversed (§6.1), limited by `localDirection`; an offer on
    ///   hold the RFC 2543 way, `c=0.0.0.0`, is treated as `sendonly` (§8.4).
    ///
    /// - Parameters:
    ///   - audio: our resources for an audio stream; `nil` rejects audio.
    ///   - t38: our resources for a T.38 stream; `nil` rejects T.38.
    ///   - localDirection: what we want on our side, such as `sendonly` while we hold the call.
    /// - Returns: the answer, and the accepted streams.
    /// - Throws: `SDPError.notAcceptable` (488) when the offer has active streams but none we can
    ///   accept, with the warning code of the most telling refusal. The value is then unchanged.
    public mutating func receiveOffer(
        _ offer: SessionDescription, audio: LocalStream?, t38: LocalStream? = nil,
        localDirection: MediaDirection = .sendrecv
    ) throws(SDPError) -> (answer: SessionDescription, negotiated: [NegotiatedMedia]) {
        var answered = [MediaDescription?](repeating: nil, count: offer.mediaDescriptions.count)
        var negotiated: [NegotiatedMedia] = []
        var refusals: [(media: MediaDescription, reason: SDPError.NotAcceptableReason)] = []

        for index in answeringOrder(offer) {
            let offered = offer.mediaDescriptions[index]
            let outcome: StreamOutcome
            if offered.isRejected {
                outcome = .removed
            } else if offered.isAudio {
                if negotiated.contains(where: { $0.media.caseInsensitiveEquals("audio") }) {
                    outcome = .refused(.init(.mediaTypeNotAvailable, "only one audio stream is supported"))
                } else if let audio {
                    outcome = answerAudio(offered, at: index, in: offer, local: audio, localDirection: localDirection)
                } else {
                    outcome = .refused(.init(.mediaTypeNotAvailable, "audio is not available"))
                }
            } else if offered.media.caseInsensitiveEquals("image") {
                if negotiated.contains(where: { $0.t38 != nil }) {
                    outcome = .refused(.init(.mediaTypeNotAvailable, "only one T.38 stream is supported"))
                } else if let t38, capabilities.t38 != nil {
                    outcome = answerT38(offered, at: index, in: offer, local: t38, localDirection: localDirection)
                } else {
                    outcome = .refused(.init(.mediaTypeNotAvailable, "T.38 fax relay is not available"))
                }
            } else {
                outcome = .refused(.init(.mediaTypeNotAvailable, "media type \(offered.media) is not available"))
            }

            switch outcome {
            case .accepted(let media, let stream):
                answered[index] = media
                negotiated.append(stream)
            case .refused(let reason):
                refusals.append((offered, reason))
                answered[index] = Self.rejection(of: offered)
            case .removed:
                answered[index] = Self.rejection(of: offered)
            }
        }
        negotiated.sort { $0.mediaIndex < $1.mediaIndex }

        if negotiated.isEmpty, !refusals.isEmpty {
            // The audio stream's refusal says most about why a voice call failed.
            let reason = refusals.first(where: { $0.media.isAudio })?.reason ?? refusals[0].reason
            throw .notAcceptable(reason)
        }
        let answer = stamped(description(with: answered.compactMap(\.self)))
        agree(local: answer, remote: offer, media: negotiated)
        return (answer, negotiated)
    }

    private enum TransportCheck {
        case usable(ConnectionData)
        case refused(SDPError.NotAcceptableReason)
    }

    private enum StreamOutcome {
        case accepted(MediaDescription, NegotiatedMedia)
        case refused(SDPError.NotAcceptableReason)
        case removed
    }

    /// RFC 3264 §6: a refused stream is answered with port 0 and, since a format is mandatory,
    /// the offered formats.
    private static func rejection(of offered: MediaDescription) -> MediaDescription {
        MediaDescription(media: offered.media, port: 0, proto: offered.proto, formats: offered.formats)
    }

    // MARK: Audio

    /// The order the offer's streams are answered in, which decides the one audio stream accepted: the offer's
    /// own, except that over clear signalling an audio stream offered both as RTP/SAVP and as plain RTP/AVP (the
    /// "SRTP if you can" offer of some phones) is taken plain, so no key travels in clear when it need not.
    func answeringOrder(_ offer: SessionDescription) -> [Int] {
        let indices = Array(offer.mediaDescriptions.indices)
        guard case .clearSignalling = capabilities.srtp else { return indices }
        let audio = indices.filter { offer.mediaDescriptions[$0].isAudio && !offer.mediaDescriptions[$0].isRejected }
        let plain = audio.filter { !offer.mediaDescriptions[$0].isSecureRTP }
        guard !plain.isEmpty, plain.count < audio.count else { return indices }
        return plain + indices.filter { !plain.contains($0) }
    }

    private func answerAudio(
        _ offered: MediaDescription, at index: Int, in offer: SessionDescription, local: LocalStream,
        localDirection: MediaDirection
    ) -> StreamOutcome {
        let remote: ConnectionData
        switch checkTransport(offered, in: offer) {
        case .usable(let connection): remote = connection
        case .refused(let reason): return .refused(reason)
        }
        guard offered.proto.caseInsensitiveEquals("RTP/AVP") || offered.proto.caseInsensitiveEquals("RTP/SAVP") else {
            return .refused(.init(.incompatibleTransportProtocol, "transport \(offered.proto) is not supported"))
        }

        // SRTP first: a stream we may not run is refused whatever its codecs.
        var srtp: NegotiatedMedia.SRTP?
        let offeredCrypto = offered.cryptoAttributes
        switch capabilities.srtp {
        case .disabled:
            if offered.isSecureRTP {
                return .refused(.init(.incompatibleTransportProtocol, "SRTP (RTP/SAVP) is not enabled"))
            }
        case .clearSignalling(let answeringSAVP):
            // Crypto lines on RTP/AVP are left unanswered: our key would travel in clear.
            if offered.isSecureRTP {
                guard answeringSAVP else {
                    return .refused(.init(.incompatibleTransportProtocol, "SRTP keys are refused on clear signalling; use SIP over TLS"))
                }
                srtp = chooseCrypto(from: offeredCrypto, localKey: local.masterKeySalt)
                if srtp == nil {
                    return .refused(.init(.incompatibleTransportProtocol, "no offered a=crypto line is acceptable"))
                }
            }
        case .optional, .required:
            if offered.isSecureRTP || !offeredCrypto.isEmpty {
                srtp = chooseCrypto(from: offeredCrypto, localKey: local.masterKeySalt)
                if srtp == nil, offered.isSecureRTP || capabilities.srtp == .required {
                    return .refused(.init(.incompatibleTransportProtocol, "no offered a=crypto line is acceptable"))
                }
            } else if capabilities.srtp == .required {
                return .refused(.init(.incompatibleTransportProtocol, "SRTP is required but the offer is plain RTP"))
            }
        }

        let offeredMaps = offered.resolvedRTPMaps
        let voiceMaps = offeredMaps.filter { !$0.isTelephoneEvent && !$0.isComfortNoise }
        let eventClockRates = capabilities.telephoneEvent == nil ? [] : Set(offered.telephoneEvents.map(\.clockRate))
        guard let (codec, map) = chooseCodec(from: voiceMaps, at: index, eventClockRates: eventClockRates) else {
            let names = voiceMaps.map(\.encodingName).joined(separator: ", ")
            return .refused(.init(.incompatibleMediaFormat, "none of the offered formats [\(names)] is supported"))
        }
        let telephoneEvent = capabilities.telephoneEvent == nil
            ? nil : offered.telephoneEvents.first { $0.clockRate == map.clockRate }

        var formats = [String(map.payloadType)]
        var attributes: [SDPAttribute] = [.rtpmap(map)]
        if let parameters = codec.formatParameters {
            attributes.append(.fmtp(FormatParameters(payloadType: map.payloadType, parameters: parameters)))
        }
        if let telephoneEvent, let support = capabilities.telephoneEvent {
            // RFC 4733 §2.5.1: list the events we can receive, within what the offerer sends.
            let offeredEvents = offered.formatParameters(for: telephoneEvent.payloadType)?.events ?? [0...15]
            let events = Self.intersect(offeredEvents, support.events)
            formats.append(String(telephoneEvent.payloadType))
            attributes.append(.rtpmap(telephoneEvent))
            if !events.isEmpty { attributes.append(.fmtp(FormatParameters(payloadType: telephoneEvent.payloadType, events: events))) }
        }
        let packetTime = (offered.ptime ?? capabilities.packetTime).map { codec.packetTime(closestTo: $0) }
        if let packetTime { attributes.append(.ptime(packetTime)) }
        if let maximum = capabilities.maximumPacketTime { attributes.append(.maxptime(maximum)) }
        let multiplexing = capabilities.rtcpMultiplexing && offered.isRTCPMultiplexed
            && !Self.isAmbiguousWithRTCP(payloadTypes: offered.payloadTypes)
        attributes += rtcpAttributes(for: local, multiplexing: multiplexing)
        if let srtp { attributes.append(.crypto(srtp.local)) }
        let direction = Self.offeredDirection(of: offered, in: offer, connection: remote).answering(localDirection: localDirection)
        attributes.append(.direction(direction))

        let answer = MediaDescription(media: offered.media, port: local.port, proto: offered.proto, formats: formats, attributes: attributes)
        let rtcp = Self.remoteRTCP(of: offered, connection: remote, multiplexing: multiplexing)
        let stream = NegotiatedMedia(
            mediaIndex: index, media: offered.media, proto: offered.proto, codec: map,
            remoteFormatParameters: offered.formatParameters(for: map.payloadType), telephoneEvent: telephoneEvent,
            packetTime: packetTime, localPort: local.port, remoteConnection: remote, remotePort: offered.port,
            remoteRTCPPort: rtcp.port, remoteRTCPConnection: rtcp.connection, rtcpMultiplexing: multiplexing,
            direction: direction, srtp: srtp)
        return .accepted(answer, stream)
    }

    /// The codec to answer with, and the offered rtpmap it matched.
    ///
    /// Keys matter more than bandwidth to a caller of a voice menu: when the offer has telephone-event only on some
    /// clocks (a Yealink offers Opus/48000 with telephone-event/8000 alone), a codec on one of those clocks (G.722,
    /// G.711: 8000 in SDP) is taken before a preferred one on which keys could only travel as tones through the codec
    /// (RFC 4733 §2.1: events run on the audio's clock).
    private func chooseCodec(from offered: [RTPMap], at index: Int, eventClockRates: Set<Int>) -> (MediaCapabilities.Codec, RTPMap)? {
        // Keep the running codec through re-offers that still carry it: a codec change mid-call
        // would be audible and buys nothing.
        if let running = negotiatedMedia.first(where: { $0.mediaIndex == index })?.codec,
           let map = offered.first(where: { $0.hasSameEncoding(as: running) }),
           let codec = capabilities.codecs.first(where: { $0.matches(map) }) {
            return (codec, map)
        }
        if !eventClockRates.isEmpty, let choice = preferredCodec(from: offered.filter { eventClockRates.contains($0.clockRate) }) {
            return choice
        }
        return preferredCodec(from: offered)
    }

    /// The codec the selection rule picks among `offered`.
    private func preferredCodec(from offered: [RTPMap]) -> (MediaCapabilities.Codec, RTPMap)? {
        switch capabilities.codecSelection {
        case .localPreference:
            for codec in capabilities.codecs {
                if let map = offered.first(where: codec.matches) { return (codec, map) }
            }
        case .offererPreference:
            for map in offered {
                if let codec = capabilities.codecs.first(where: { $0.matches(map) }) { return (codec, map) }
            }
        }
        return nil
    }

    /// RFC 4568 §7.1.2: the first offered crypto line (the offerer's preference) whose suite we
    /// support and whose options we run, answered with our key under the same tag.
    private func chooseCrypto(from offered: [CryptoAttribute], localKey: [UInt8]?) -> NegotiatedMedia.SRTP? {
        guard let localKey else { return nil }
        for remote in offered
        where capabilities.cryptoSuites.contains(remote.suite) && remote.suite.keySaltLength == localKey.count
            && remote.usesOnlySupportedOptions {
            let local = CryptoAttribute(tag: remote.tag, suite: remote.suite, keySalt: localKey)
            return NegotiatedMedia.SRTP(suite: remote.suite, local: local, remote: remote)
        }
        return nil
    }

    // MARK: T.38

    private func answerT38(
        _ offered: MediaDescription, at index: Int, in offer: SessionDescription, local: LocalStream,
        localDirection: MediaDirection
    ) -> StreamOutcome {
        guard let ours = capabilities.t38 else {
            return .refused(.init(.mediaTypeNotAvailable, "T.38 fax relay is not available"))
        }
        let remote: ConnectionData
        switch checkTransport(offered, in: offer) {
        case .usable(let connection): remote = connection
        case .refused(let reason): return .refused(reason)
        }
        guard offered.proto.caseInsensitiveEquals("udptl") else {
            return .refused(.init(.incompatibleTransportProtocol, "T.38 is supported over UDPTL only, not \(offered.proto)"))
        }
        guard offered.isT38OverUDPTL else {
            return .refused(.init(.incompatibleMediaFormat, "image formats [\(offered.formats.joined(separator: " "))] are not supported"))
        }
        let offeredT38 = offered.t38Attributes
        let agreed = ours.answering(offeredT38)
        var attributes = agreed.attributes
        let direction = Self.offeredDirection(of: offered, in: offer, connection: remote).answering(localDirection: localDirection)
        if direction != .sendrecv { attributes.append(.direction(direction)) }
        let answer = MediaDescription(media: offered.media, port: local.port, proto: offered.proto, formats: ["t38"], attributes: attributes)

        var session = agreed
        session.maxBuffer = offeredT38.maxBuffer
        session.maxDatagram = offeredT38.maxDatagram
        let stream = NegotiatedMedia(
            mediaIndex: index, media: offered.media, proto: offered.proto, localPort: local.port,
            remoteConnection: remote, remotePort: offered.port, remoteRTCPPort: offered.port + 1,
            remoteRTCPConnection: remote, direction: direction, t38: session)
        return .accepted(answer, stream)
    }

    // MARK: Shared

    /// The stream's connection data, if it is unicast IP we can reach with our address family.
    private func checkTransport(_ offered: MediaDescription, in offer: SessionDescription) -> TransportCheck {
        guard let connection = offer.connection(for: offered) else {
            return .refused(.init(.miscellaneous, "the stream has no c= line"))
        }
        guard connection.networkType.caseInsensitiveEquals("IN") else {
            return .refused(.init(.incompatibleNetworkProtocol, "network type \(connection.networkType) is not supported"))
        }
        guard connection.addressType.caseInsensitiveEquals(capabilities.connectionAddress.addressType) else {
            return .refused(.init(
                .incompatibleNetworkAddressFormats,
                "address type \(connection.addressType) is not supported, only \(capabilities.connectionAddress.addressType)"))
        }
        guard !connection.isMulticast else {
            return .refused(.init(.multicastNotAvailable, "multicast is not supported"))
        }
        guard (offered.numberOfPorts ?? 1) == 1 else {
            return .refused(.init(.miscellaneous, "layered streams over several ports are not supported"))
        }
        return .usable(connection)
    }

    /// The offered direction, with RFC 3264 §8.4's old-style hold (`c=0.0.0.0`) read as
    /// "the offerer does not receive".
    static func offeredDirection(of media: MediaDescription, in description: SessionDescription, connection: ConnectionData) -> MediaDirection {
        let direction = description.direction(of: media)
        return connection.isUnspecifiedAddress ? direction.intersection(.sendonly) : direction
    }

    /// Where the peer receives RTCP: RFC 3605 `a=rtcp`, the RTP port when multiplexed (RFC 5761),
    /// else the RTP port plus one (RFC 3550 §11).
    static func remoteRTCP(of media: MediaDescription, connection: ConnectionData, multiplexing: Bool) -> (port: Int, connection: ConnectionData) {
        if multiplexing { return (media.port, connection) }
        if let rtcp = media.rtcp { return (rtcp.port, rtcp.connection ?? connection) }
        return (media.port + 1, connection)
    }

    /// The events in both lists, as ranges.
    private static func intersect(_ lhs: [ClosedRange<Int>], _ rhs: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        let common = Set(lhs.flatMap { Array($0) }).intersection(rhs.flatMap { Array($0) }).sorted()
        var ranges: [ClosedRange<Int>] = []
        for event in common {
            if let last = ranges.last, last.upperBound + 1 == event {
                ranges[ranges.count - 1] = last.lowerBound...event
            } else {
                ranges.append(event...event)
            }
        }
        return ranges
    }
}
