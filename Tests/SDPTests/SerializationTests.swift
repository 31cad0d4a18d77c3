import SDP
import Testing

/// RFC 8866 serialization: CRLF, grammar order, byte-exact output for canonical input, and
/// `parse(serialize(x)) == x`.
@Suite struct SerializationTests {
    /// Canonical files (CRLF, grammar order, no stray blanks) come back byte for byte.
    @Test(arguments: [
        "rfc8866-example.sdp", "rfc3264-10.1-offer.sdp", "rfc3264-10.1-answer.sdp", "rfc3264-10.1-reoffer.sdp",
        "rfc3264-10.1-reanswer.sdp", "rfc3264-10.2-offer.sdp", "rfc3264-10.2-answer.sdp", "rfc3264-10.2-reoffer.sdp",
        "rfc3264-10.2-reanswer.sdp", "rfc4568-offer.sdp", "rfc4568-answer.sdp", "cisco-cucm-offer.sdp",
        "freeswitch-offer.sdp", "baresip-srtp-offer.sdp", "cisco-t38-reinvite.sdp", "scheduled-multicast-session.sdp",
    ])
    func canonicalInputIsReproducedExactly(_ file: String) throws {
        let bytes = try Corpus.bytes(file)
        #expect(try SessionDescription(parsing: bytes).serializedBytes() == bytes)
    }

    @Test func deviationsAreWrittenCanonically() throws {
        let nortel = try Corpus.description("nortel-cs1000-offer.sdp").serialized()
        #expect(nortel.hasPrefix("v=0\r\no=- 7453 1 IN IP4 192.0.2.90\r\ns=-\r\n"))
        let avaya = try Corpus.description("avaya-aura-offer.sdp").serialized()
        #expect(avaya.contains("m=audio 2048 RTP/AVP 0 8 18 127\r\n"))
        #expect(avaya.contains("a=rtpmap:127 telephone-event/8000\r\n"))
        // RFC 3264 §9 puts t= before c=; the grammar order puts c= first.
        let capabilities = try Corpus.description("rfc3264-9-capabilities.sdp").serialized()
        #expect(capabilities.contains("s=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\n"))
    }

    @Test func constructedDescriptionRoundTrips() throws {
        let description = SessionDescription(
            origin: Origin(sessionID: "42", sessionVersion: 7, addressType: "IP6", unicastAddress: "2001:db8::1"),
            sessionName: "Herald",
            information: "voicemail",
            uri: "https://herald.example/",
            emailAddresses: ["ops@herald.example"],
            phoneNumbers: ["+1 555 0100"],
            connection: ConnectionData(addressType: "IP4", address: "233.252.0.2", ttl: 16, numberOfAddresses: 2),
            bandwidths: [Bandwidth(type: "AS", value: 64), Bandwidth(type: "TIAS", value: 64000)],
            timeDescriptions: [
                TimeDescription(
                    startTime: 3_034_423_619, stopTime: 3_042_462_419,
                    repeatTimes: [.init(repeatInterval: 86400, activeDuration: 5400, offsets: [0, 3601])],
                    zoneAdjustments: [.init(time: 2_882_844_526, offset: -3600)]),
                .permanent,
            ],
            encryptionKey: "prompt",
            attributes: [SDPAttribute(name: "recvonly"), SDPAttribute(name: "tool", value: "herald 1.0")],
            mediaDescriptions: [
                MediaDescription(
                    media: "audio", port: 49170, numberOfPorts: 2, proto: "RTP/AVP", formats: ["0", "101"],
                    information: "prompts", connections: [.ip4("192.0.2.7"), .ip4("192.0.2.8")],
                    bandwidths: [Bandwidth(type: "AS", value: 80)], encryptionKey: "clear:secret",
                    attributes: [.rtpmap(RTPMap(payloadType: 101, encodingName: "telephone-event", clockRate: 8000)), .ptime(20)]),
                MediaDescription(media: "image", port: 0, proto: "udptl", formats: ["t38"]),
            ])
        let text = description.serialized()
        #expect(text.contains("r=1d 90m 0 3601\r\n"))
        #expect(text.contains("z=2882844526 -1h\r\n"))
        #expect(text.contains("m=audio 49170/2 RTP/AVP 0 101\r\n"))
        #expect(text.contains("c=IN IP4 233.252.0.2/16/2\r\n"))
        #expect(try SessionDescription(parsing: text) == description)
    }

    @Test func emptyTimeListIsWrittenAsPermanent() throws {
        var description = try Corpus.description("rfc3264-10.1-offer.sdp")
        description.timeDescriptions = []
        #expect(description.serialized().contains("\r\nt=0 0\r\n"))
    }

    @Test func everyLineEndsInCRLF() throws {
        let bytes = try Corpus.description("nortel-cs1000-offer.sdp").serializedBytes()
        #expect(endsEveryLineInCRLF(bytes))
    }
}

/// Whether every LF is preceded by CR and the text ends with CRLF. Bytes, because Swift treats
/// CRLF as one `Character`.
func endsEveryLineInCRLF(_ bytes: [UInt8]) -> Bool {
    guard bytes.suffix(2) == [13, 10] else { return false }
    return bytes.indices.allSatisfy { bytes[$0] != 10 || ($0 > 0 && bytes[$0 - 1] == 13) }
}
