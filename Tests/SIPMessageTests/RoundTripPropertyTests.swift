import PropertyBased
import Testing
@testable import SIPMessage

/// Generated messages: parse(serialize(m)) == m, and serialize(parse(bytes)) == bytes for messages Herald builds.
@Suite("Round-trip properties")
struct RoundTripPropertyTests {
    static let token = Gen.letterOrNumber.string(of: 1...12)
    static let displayName = Gen.oneOf(Gen.letterOrNumber, Gen.always(" "), Gen.always("\""), Gen.always("\\"), Gen.always("é"))
        .string(of: 0...16)
    static let port = Gen.int(in: 1...65535)
    static let methods: [SIPMethod] = [.invite, .ack, .bye, .cancel, .options, .refer, .notify, .subscribe, .info, .update, .prack]

    static func build(user: String, host: String, port: Int, name: String, tag: String, seq: Int, methodIndex: Int, body: String) -> SIPMessage {
        let method = methods[methodIndex % methods.count]
        let uri = SIPURI(user: user, host: host + ".example.com", port: port)
        var headers = SIPHeaders()
        headers.append(.via, SIPVia(transport: "UDP", host: host + ".example.com", port: port, branch: SIPVia.magicCookie + tag).serialized)
        headers.append(.maxForwards, "70")
        headers.append(.from, NameAddress(displayName: name, uri: uri, parameters: SIPParameters([("tag", tag)])).serialized)
        headers.append(.to, NameAddress(uri: SIPURI(user: "5000", host: "um.example.com")).serialized)
        headers.append(.callID, tag + "@" + host)
        headers.append(.cseq, SIPCSeq(UInt32(seq), method).description)
        var message = SIPMessage.request(method, uri: uri, headers: headers)
        message.setBody(Array(body.utf8), contentType: body.isEmpty ? nil : .sdp)
        return message
    }

    @Test func generatedRequestsRoundTrip() async {
        await propertyCheck(
            count: 300,
            input: Self.token, Self.token, Self.port, Self.displayName, Self.token, Gen.int(in: 1...2_147_483_647),
            Gen.int(in: 0...100), Gen.letterOrNumber.string(of: 0...40)
        ) { user, host, port, name, tag, seq, methodIndex, body in
            let message = Self.build(user: user, host: host, port: port, name: name, tag: tag, seq: seq, methodIndex: methodIndex, body: body)
            let bytes = message.bytes
            let parsed = try? SIPMessage(parsing: bytes)
            #expect(parsed == message)
            #expect(parsed?.bytes == bytes)
            #expect(throws: Never.self) { try parsed?.validate() }
            #expect((try? parsed?.headers.from.displayName) == (name.isEmpty ? nil : name))
        }
    }

    @Test func generatedURIsRoundTrip() async {
        await propertyCheck(count: 500, input: Self.displayName, Self.token, Gen.int(in: 0...65535)) { user, host, port in
            let uri = SIPURI(user: user.isEmpty ? nil : user, host: "h" + host, port: port == 0 ? nil : port,
                             parameters: SIPParameters([("transport", "tcp"), ("lr", nil)]))
            let parsed = try? SIPURI(parsing: uri.serialized)
            #expect(parsed == uri)
            #expect(parsed?.decodedUser == (user.isEmpty ? nil : user))
        }
    }
}
