import SDP
import Testing

/// Hostile and generated input: the parser and the negotiation never trap on data from the
/// network, and whatever parses round-trips.
@Suite struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so a failure replays exactly.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let interesting: [UInt8] = Array(" \t\r\n=:/;|-0129^amvtcbrzkAZ\u{0}".utf8) + [0xFF, 0xC3]

    @Test(arguments: Corpus.manifest.map(\.file))
    func mutatedCorpusNeverTrapsAndRoundTrips(_ file: String) throws {
        let original = try Corpus.bytes(file)
        var generator = SeededGenerator(state: file.utf8.reduce(UInt64(17)) { $0 &* 31 &+ UInt64($1) })
        let capabilities = MediaCapabilities(
            codecs: [.pcmu, .pcma, .g729, .g723], srtp: .optional, t38: T38Attributes(), connectionAddress: .ip4("192.0.2.200"))
        var parsed = 0
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[index] = Self.interesting.randomElement(using: &generator) ?? 0
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(Self.interesting.randomElement(using: &generator) ?? 0, at: index)
                default: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                }
                if bytes.isEmpty { bytes = [0x76] }
            }
            guard let description = try? SessionDescription(parsing: bytes) else { continue }
            parsed += 1
            #expect(try SessionDescription(parsing: description.serialized()) == description)
            var negotiation = OfferAnswer(capabilities: capabilities, sessionID: 1)
            if let (answer, _) = try? negotiation.receiveOffer(
                description, audio: LocalStream(port: 40000, masterKeySalt: Array(0..<30)), t38: LocalStream(port: 40010)) {
                #expect(answer.mediaDescriptions.count == description.mediaDescriptions.count)
                #expect(try SessionDescription(parsing: answer.serialized()) == answer)
            }
        }
        // Most small mutations land in values and still parse, so the round trip is exercised.
        #expect(parsed > 50)
    }

    @Test func generatedDescriptionsRoundTrip() throws {
        var generator = SeededGenerator(state: 8866)
        func token() -> String {
            String((0..<Int.random(in: 1...8, using: &generator)).map { _ in "abcXYZ019-_.+".randomElement(using: &generator) ?? "a" })
        }
        func text() -> String {
            token() + (Bool.random(using: &generator) ? " " + token() : "")
        }
        for _ in 0..<500 {
            let media = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                MediaDescription(
                    media: token(), port: Int.random(in: 0...65535, using: &generator),
                    numberOfPorts: Bool.random(using: &generator) ? Int.random(in: 1...4, using: &generator) : nil,
                    proto: token() + "/" + token(), formats: (0..<Int.random(in: 0...4, using: &generator)).map { _ in token() },
                    information: Bool.random(using: &generator) ? text() : nil,
                    connections: Bool.random(using: &generator) ? [.ip4("192.0.2.\(Int.random(in: 1...254, using: &generator))")] : [],
                    bandwidths: [Bandwidth(type: token(), value: UInt64.random(in: 0...100_000, using: &generator))],
                    attributes: (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                        SDPAttribute(name: token(), value: Bool.random(using: &generator) ? text() : nil)
                    })
            }
            let description = SessionDescription(
                origin: Origin(
                    username: token(), sessionID: String(UInt64.random(in: 0...UInt64.max, using: &generator)),
                    sessionVersion: UInt64.random(in: 0...UInt64.max, using: &generator), addressType: "IP4", unicastAddress: token()),
                sessionName: Bool.random(using: &generator) ? text() : "",
                information: Bool.random(using: &generator) ? text() : nil,
                connection: Bool.random(using: &generator)
                    ? ConnectionData(addressType: "IP4", address: "233.252.0.9", ttl: Int.random(in: 0...255, using: &generator)) : nil,
                timeDescriptions: [TimeDescription(
                    startTime: UInt64.random(in: 0...UInt64.max, using: &generator), stopTime: 0,
                    repeatTimes: [.init(
                        repeatInterval: UInt64.random(in: 1...10_000_000, using: &generator),
                        activeDuration: UInt64.random(in: 0...100_000, using: &generator), offsets: [0, 60, 3600])])],
                attributes: [SDPAttribute(name: token(), value: text())],
                mediaDescriptions: media)
            #expect(try SessionDescription(parsing: description.serialized()) == description)
        }
    }

    @Test func hugeNumbersAreRejectedNotTrapped() {
        for line in [
            "o=- 1 99999999999999999999999 IN IP4 192.0.2.1", "b=AS:99999999999999999999999",
            "r=99999999999999999999d 1h 0", "z=1 -99999999999999999999d",
        ] {
            let text = line.hasPrefix("o=")
                ? "v=0\r\n\(line)\r\ns=-\r\n"
                : minimal(session: line.hasPrefix("b=") ? [line] : ["t=0 0", line])
            #expect(throws: SDPError.self) { try SessionDescription(parsing: text) }
        }
        #expect(RTPMap(attributeValue: "0 PCMU/99999999999999999999999") == nil)
        #expect(CryptoAttribute(attributeValue: "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^99") == nil)
    }
}
