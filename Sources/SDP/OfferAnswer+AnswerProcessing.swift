// RFC 3264 §7: reading the answer to our offer.

extension OfferAnswer {
    /// Reads the answer to our pending offer and returns the streams it accepted.
    ///
    /// The answer must keep the offer's m-lines in number, order, media type and transport
    /// (RFC 3264 §6), list only payload types we offered with the encodings we gave them (§6.1),
    /// and, for SRTP, accept exactly one of our crypto lines by tag and suite (RFC 4568 §7.1.3),
    /// with one key, no MKI and no session parameter we do not run.
    /// Streams answered with port 0 are left out of the result; an answer that rejects them all
    /// is valid and returns an empty list, which leaves the call without media.
    ///
    /// - Throws: `SDPError.notAcceptable` when no offer is pending or the answer breaks those
    ///   rules. The SIP layer cannot refuse an answer with 488; it ends or renegotiates the
    ///   session (RFC 3261 §13.2.1). The value is then unchanged.
    public mutating func receiveAnswer(_ answer: SessionDescription) throws(SDPError) -> [NegotiatedMedia] {
        guard let offer = pendingOffer else {
            throw .notAcceptable(.miscellaneous, "an answer arrived but no offer is pending")
        }
        guard answer.mediaDescriptions.count == offer.mediaDescriptions.count else {
            throw .notAcceptable(
                .miscellaneous,
                "the answer has \(answer.mediaDescriptions.count) m-lines but the offer had \(offer.mediaDescriptions.count)")
        }
        var negotiated: [NegotiatedMedia] = []
        for (index, (offered, answered)) in zip(offer.mediaDescriptions, answer.mediaDescriptions).enumerated() {
            guard !offered.isRejected, !answered.isRejected else { continue }
            guard answered.media.caseInsensitiveEquals(offered.media) else {
                throw .notAcceptable(.mediaTypeNotAvailable, "m-line \(index) answers \(answered.media) to an offer of \(offered.media)")
            }
            guard answered.proto.caseInsensitiveEquals(offered.proto) else {
                throw .notAcceptable(.incompatibleTransportProtocol, "m-line \(index) answers \(answered.proto) to an offer of \(offered.proto)")
            }
            guard let remote = answer.connection(for: answered) else {
                throw .notAcceptable(.miscellaneous, "m-line \(index) of the answer has no c= line")
            }
            let direction = offer.direction(of: offered)
                .intersection(Self.offeredDirection(of: answered, in: answer, connection: remote).reversed)
            if offered.isT38OverUDPTL {
                negotiated.append(t38Stream(offered, answered, at: index, remote: remote, direction: direction))
            } else {
                negotiated.append(try rtpStream(offered, answered, at: index, remote: remote, direction: direction))
            }
        }
        agree(local: offer, remote: answer, media: negotiated)
        return negotiated
    }

    private func rtpStream(
        _ offered: MediaDescription, _ answered: MediaDescription, at index: Int, remote: ConnectionData,
        direction: MediaDirection
    ) throws(SDPError) -> NegotiatedMedia {
        var maps: [RTPMap] = []
        for payloadType in answered.payloadTypes {
            guard let ours = offered.payloadTypes.contains(payloadType) ? offered.rtpMap(for: payloadType) : nil else {
                throw .notAcceptable(.incompatibleMediaFormat, "m-line \(index) answers payload type \(payloadType), which was not offered")
            }
            if let theirs = answered.rtpMap(for: payloadType), !theirs.hasSameEncoding(as: ours) {
                throw .notAcceptable(
                    .incompatibleMediaFormat,
                    "m-line \(index) maps payload type \(payloadType) to \(theirs.encodingName), offered as \(ours.encodingName)")
            }
            maps.append(ours)
        }
        // The first codec the answerer lists is the one it prefers to receive (RFC 3264 §6.1).
        guard let codec = maps.first(where: { !$0.isTelephoneEvent && !$0.isComfortNoise }) else {
            throw .notAcceptable(.incompatibleMediaFormat, "m-line \(index) of the answer accepts no codec")
        }

        var srtp: NegotiatedMedia.SRTP?
        let answeredCrypto = answered.attributes.values(named: "crypto")
        if offered.isSecureRTP || !answeredCrypto.isEmpty {
            guard answeredCrypto.count == 1, let theirs = answered.cryptoAttributes.first,
                  let ours = offered.cryptoAttributes.first(where: { $0.tag == theirs.tag }), ours.suite == theirs.suite,
                  theirs.usesOnlySupportedOptions
            else {
                throw .notAcceptable(
                    .incompatibleTransportProtocol,
                    "m-line \(index) of the answer does not accept exactly one offered a=crypto line with a key and options we can use")
            }
            srtp = NegotiatedMedia.SRTP(suite: theirs.suite, local: ours, remote: theirs)
        }

        let multiplexing = offered.isRTCPMultiplexed && answered.isRTCPMultiplexed
        let rtcp = Self.remoteRTCP(of: answered, connection: remote, multiplexing: multiplexing)
        return NegotiatedMedia(
            mediaIndex: index, media: offered.media, proto: offered.proto, codec: codec,
            remoteFormatParameters: answered.formatParameters(for: codec.payloadType),
            telephoneEvent: maps.first { $0.isTelephoneEvent && $0.clockRate == codec.clockRate },
            packetTime: answered.ptime ?? offered.ptime, localPort: offered.port, remoteConnection: remote,
            remotePort: answered.port, remoteRTCPPort: rtcp.port, remoteRTCPConnection: rtcp.connection,
            rtcpMultiplexing: multiplexing, direction: direction, srtp: srtp)
    }

    private func t38Stream(
        _ offered: MediaDescription, _ answered: MediaDescription, at index: Int, remote: ConnectionData,
        direction: MediaDirection
    ) -> NegotiatedMedia {
        // The answer should only ever lower what we offered; taking the lower of the two again
        // keeps us within our own limits if it did not.
        let theirs = answered.t38Attributes
        var session = offered.t38Attributes.answering(theirs)
        session.maxBuffer = theirs.maxBuffer
        session.maxDatagram = theirs.maxDatagram
        return NegotiatedMedia(
            mediaIndex: index, media: offered.media, proto: offered.proto, localPort: offered.port,
            remoteConnection: remote, remotePort: answered.port, remoteRTCPPort: answered.port + 1,
            remoteRTCPConnection: remote, direction: direction, t38: session)
    }
}
