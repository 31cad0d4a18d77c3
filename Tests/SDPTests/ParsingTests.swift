import SDP
import Testing

/// RFC 8866 parsing: valid input field by field, tolerated deviations, and rejected input with the
/// line it fails on.
@Suite struct ParsingTests {
    @Test func rfc8866ExampleFieldByField() throws {
        let description = try Corpus.description("rfc8866-example.sdp")
        #expect(description.version == 0)
        #expect(description.origin == Origin(
            username: "jdoe", sessionID: "3724394400", sessionVersion: 3724394405,
            networkType: "IN", addressType: "IP4", unicastAddress: "198.51.100.1"))
        #expect(description.sessionName == "Call to John Smith")
        #expect(description.information == "SDP Offer #1")
        #expect(description.uri == "http://www.jdoe.example.com/home.html")
        #expect(description.emailAddresses == ["Jane Doe <jane@jdoe.example.com>"])
        #expect(description.phoneNumbers == ["+1 617 555-6011"])
        #expect(description.connection == .ip4("198.51.100.1"))
        #expect(description.timeDescriptions == [.permanent])
        #expect(description.mediaDescriptions.count == 3)

        let audio = description.mediaDescriptions[0]
        #expect(audio.media == "audio" && audio.port == 49170 && audio.proto == "RTP/AVP" && audio.formats == ["0"])
        #expect(audio.rtpMap(for: 0) == RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000))
        #expect(description.mediaDescriptions[1].port == 49180)

        let video = description.mediaDescriptions[2]
        #expect(video.connections == [.ip6("2001:db8::2")])
        #expect(description.connection(for: video) == .ip6("2001:db8::2"))
        #expect(description.connection(for: audio) == .ip4("198.51.100.1"))
        #expect(video.rtpMap(for: 99) == RTPMap(payloadType: 99, encodingName: "h263-1998", clockRate: 90000))
    }

    @Test func rfc3264OffersAndAnswersParse() throws {
        let offer = try Corpus.description("rfc3264-10.1-offer.sdp")
        #expect(offer.sessionName == "")
        #expect(offer.origin.unicastAddress == "host.anywhere.com")
        #expect(offer.mediaDescriptions.map(\.formats) == [["0"], ["31"], ["32"]])

        let answer = try Corpus.description("rfc3264-10.1-answer.sdp")
        #expect(answer.mediaDescriptions.map(\.port) == [49920, 0, 53000])
        #expect(answer.mediaDescriptions[1].isRejected)

        let reoffer = try Corpus.description("rfc3264-10.1-reoffer.sdp")
        #expect(reoffer.origin.sessionVersion == answer.origin.sessionVersion + 1)
        #expect(reoffer.direction(of: reoffer.mediaDescriptions[3]) == .recvonly)
        #expect(reoffer.direction(of: reoffer.mediaDescriptions[0]) == .sendrecv)

        let oneOfN = try Corpus.description("rfc3264-10.2-offer.sdp")
        #expect(oneOfN.mediaDescriptions[0].resolvedRTPMaps.map(\.encodingName) == ["PCMU", "G723", "G729"])
        #expect(oneOfN.direction(of: oneOfN.mediaDescriptions[0]) == .inactive)
    }

    @Test func capabilityDescriptionPutsTimeBeforeConnection() throws {
        // RFC 3264 §9 writes t= before c=; session-level order is tolerated.
        let description = try Corpus.description("rfc3264-9-capabilities.sdp")
        #expect(description.connection == .ip4("192.0.2.4"))
        #expect(description.origin.sessionID == "28908764872")
        #expect(description.mediaDescriptions.allSatisfy { $0.isRejected })
        #expect(description.mediaDescriptions[0].rtpMap(for: 1)?.encodingName == "1016")
    }

    @Test func connectionAddressForms() throws {
        let description = try Corpus.description("scheduled-multicast-session.sdp")
        #expect(description.connection == ConnectionData(addressType: "IP4", address: "233.252.0.1", ttl: 127, numberOfAddresses: 3))
        #expect(description.connection?.isMulticast == true)
        let ipv6 = description.mediaDescriptions[0].connections[0]
        #expect(ipv6 == ConnectionData(addressType: "IP6", address: "ff00::db8:0:101", numberOfAddresses: 3))
        #expect(ipv6.isMulticast)
        #expect(description.mediaDescriptions[0].numberOfPorts == 2)
        #expect(description.mediaDescriptions[0].information == "main audio")

        let ttlOnly = try SessionDescription(parsing: minimal(session: ["c=IN IP4 233.252.0.1/127"]))
        #expect(ttlOnly.connection?.ttl == 127 && ttlOnly.connection?.numberOfAddresses == nil)
        let unknownFamily = try SessionDescription(parsing: minimal(session: ["c=ATM NSAP 47.0091.8100.0000.0060.3e64.fd01.0060.3e64.fd01.00"]))
        #expect(unknownFamily.connection?.addressType == "NSAP")
    }

    @Test func timingRepeatAndZoneLines() throws {
        let description = try Corpus.description("scheduled-multicast-session.sdp")
        #expect(description.timeDescriptions.count == 2)
        let first = description.timeDescriptions[0]
        #expect(first.startTime == 3034423619 && first.stopTime == 3042462419)
        #expect(first.repeatTimes == [.init(repeatInterval: 604800, activeDuration: 3600, offsets: [0, 90000])])
        #expect(first.zoneAdjustments == [.init(time: 2882844526, offset: -3600), .init(time: 2898848070, offset: 0)])
        #expect(description.encryptionKey == "prompt")
        #expect(description.bandwidths == [Bandwidth(type: "CT", value: 128)])
        #expect(description.direction == .recvonly)
    }

    @Test func bytesAndTextParseAlike() throws {
        let text = try Corpus.text("cisco-cucm-offer.sdp")
        #expect(try SessionDescription(parsing: text) == SessionDescription(parsing: Array(text.utf8)))
        #expect(try SessionDescription(parsing: text.utf8) == SessionDescription(parsing: text))
    }

    // MARK: Tolerance

    @Test func lfOnlyLineEndsAndTrailingWhitespace() throws {
        let nortel = try Corpus.description("nortel-cs1000-offer.sdp")
        #expect(nortel.mediaDescriptions[0].ptime == 30)
        let avaya = try Corpus.description("avaya-aura-offer.sdp")
        #expect(avaya.mediaDescriptions[0].formats == ["0", "8", "18", "127"])
        #expect(avaya.mediaDescriptions[0].rtpMap(for: 127)?.encodingName == "telephone-event")
    }

    @Test func missingSessionNameValueAndTimeLine() throws {
        let description = try SessionDescription(parsing: "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\n")
        #expect(description.sessionName == "")
        #expect(description.timeDescriptions == [.permanent])
    }

    @Test func blankLinesMultipleSpacesAndNoFinalNewline() throws {
        let description = try SessionDescription(parsing: "v=0\r\n\r\no=-  1 1  IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio  4000   RTP/AVP 0  8\r\n\r\n")
        #expect(description.mediaDescriptions[0].formats == ["0", "8"])
        let unterminated = try SessionDescription(parsing: "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0")
        #expect(unterminated.mediaDescriptions.count == 1)
    }

    @Test func unknownAttributesAndValueFormsArePreserved() throws {
        let description = try Corpus.description("asterisk-chan-sip-offer.sdp")
        let names = description.mediaDescriptions[0].attributes.map(\.name)
        #expect(names.contains("silenceSupp"))
        #expect(description.mediaDescriptions[0].attributes.first { $0.name == "silenceSupp" }?.value == "off - - - -")
        let empty = try SessionDescription(parsing: minimal(session: ["a=x-empty:", "a=x-flag"]))
        #expect(empty.attributes == [SDPAttribute(name: "x-empty", value: ""), SDPAttribute(name: "x-flag")])
    }

    @Test func mediaLineWithoutFormatsIsKept() throws {
        let description = try SessionDescription(parsing: minimal(media: ["m=audio 0 RTP/AVP"]))
        #expect(description.mediaDescriptions[0].formats.isEmpty)
    }

    // MARK: Errors

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        .init(name: "empty input", text: "", line: 1),
        .init(name: "does not start with v=", text: "o=- 1 1 IN IP4 192.0.2.1\r\nv=0\r\n", line: 1),
        .init(name: "version 1", text: "v=1\r\n", line: 1),
        .init(name: "s= before o=", text: "v=0\r\ns=-\r\no=- 1 1 IN IP4 192.0.2.1\r\n", line: 2),
        .init(name: "no s= line", text: "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", line: 3),
        .init(name: "truncated after o=", text: "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n", line: 3),
        .init(name: "o= with 5 fields", text: "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n", line: 2),
        .init(name: "o= version not a number", text: "v=0\r\no=- 1 x IN IP4 192.0.2.1\r\ns=-\r\n", line: 2),
        .init(name: "unknown type letter", text: minimal(session: ["x=1"]), line: 4),
        .init(name: "uppercase type letter", text: minimal(session: ["A=sendrecv"]), line: 4),
        .init(name: "not type=value", text: minimal(session: ["garbage"]), line: 4),
        .init(name: "space before =", text: minimal(session: ["a =sendrecv"]), line: 4),
        .init(name: "two session c= lines", text: minimal(session: ["c=IN IP4 192.0.2.1", "c=IN IP4 192.0.2.2"]), line: 5),
        .init(name: "c= with 2 fields", text: minimal(session: ["c=IN IP4"]), line: 4),
        .init(name: "c= TTL over 255", text: minimal(session: ["c=IN IP4 233.252.0.1/300"]), line: 4),
        .init(name: "c= IPv6 with two suffixes", text: minimal(session: ["c=IN IP6 ff00::1/3/4"]), line: 4),
        .init(name: "b= without colon", text: minimal(session: ["b=AS64"]), line: 4),
        .init(name: "b= not a number", text: minimal(session: ["b=AS:fast"]), line: 4),
        .init(name: "t= with one field", text: minimal(session: ["t=0"]), line: 4),
        .init(name: "r= before t=", text: "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nr=7d 1h 0\r\n", line: 4),
        .init(name: "r= with bad unit", text: minimal(session: ["t=0 0", "r=7w 1h 0"]), line: 5),
        .init(name: "z= unpaired", text: minimal(session: ["t=0 0", "z=2882844526"]), line: 5),
        .init(name: "attribute name not a token", text: minimal(session: ["a=bad name:1"]), line: 4),
        .init(name: "empty attribute", text: minimal(session: ["a="]), line: 4),
        .init(name: "m= port too large", text: minimal(media: ["m=audio 70000 RTP/AVP 0"]), line: 5),
        .init(name: "m= port not a number", text: minimal(media: ["m=audio x RTP/AVP 0"]), line: 5),
        .init(name: "m= zero ports", text: minimal(media: ["m=audio 4000/0 RTP/AVP 0"]), line: 5),
        .init(name: "m= with two fields", text: minimal(media: ["m=audio 4000"]), line: 5),
        .init(name: "t= in a media description", text: minimal(media: ["m=audio 4000 RTP/AVP 0", "t=0 0"]), line: 6),
        .init(name: "two i= in a media description", text: minimal(media: ["m=audio 4000 RTP/AVP 0", "i=a", "i=b"]), line: 7),
        .init(name: "NUL byte", text: minimal(session: ["a=x\u{0}y"]), line: 4),
        .init(name: "bare CR inside a line", text: minimal(session: ["a=x\ry"]), line: 4),
    ]

    @Test(arguments: malformed)
    func rejectsWithTheLineNumber(_ sample: Malformed) {
        let error = #expect(throws: SDPError.self) { try SessionDescription(parsing: sample.text) }
        guard case .syntax(let line, let reason)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(line == sample.line, "\(reason)")
        #expect(!reason.isEmpty)
        #expect(error?.sipStatus == 400)
        #expect(error?.warningText.hasPrefix("SDP line \(sample.line): ") == true)
    }

    @Test func lineNumbersCountBlankLines() {
        let error = #expect(throws: SDPError.self) {
            try SessionDescription(parsing: "v=0\n\no=- 1 1 IN IP4 192.0.2.1\ns=-\n\nt=0 0\nq=1\n")
        }
        #expect(error == .syntax(line: 7, reason: "unknown type letter \"q\""))
    }
}

/// A minimal valid description with extra session-level lines after `s=` (line 4 on) and media
/// lines after `t=0 0`.
func minimal(session: [String] = [], media: [String] = []) -> String {
    var lines = ["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-"] + session
    if !session.contains(where: { $0.hasPrefix("t=") }) && !media.isEmpty { lines.append("t=0 0") }
    lines += media
    return lines.map { $0 + "\r\n" }.joined()
}
