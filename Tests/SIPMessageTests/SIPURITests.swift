import Testing
@testable import SIPMessage

@Suite("SIP URI (RFC 3261 §19.1, RFC 3966)")
struct SIPURITests {
    /// The examples of RFC 3261 §19.1.3 all parse and serialize to themselves.
    @Test(arguments: [
        "sip:alice@atlanta.com",
        "sip:alice:secretword@atlanta.com;transport=tcp",
        "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:+1-212-555-1212:1234@gateway.com;user=phone",
        "sips:1212@gateway.com",
        "sip:alice@192.0.2.4",
        "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
        "sip:alice;day=tuesday@atlanta.com",
        "sip:[2001:db8::10]:5070;transport=tcp",
        "sip:user@[::ffff:192.0.2.1]",
        "sip:user@[2001:db8:::192.0.2.1]",
        "tel:+1-201-555-0123",
        "tel:7042;phone-context=example.com",
        "urn:service:sos",
    ])
    func rfcExamplesRoundTrip(_ text: String) throws {
        let uri = try SIPURI(parsing: text)
        #expect(uri.serialized == text)
    }

    @Test func components() throws {
        let uri = try SIPURI(parsing: "sips:alice:pw@Atlanta.COM:5061;transport=TLS;lr?subject=project%20x&priority=urgent")
        #expect(uri.scheme == .sips)
        #expect(uri.user == "alice")
        #expect(uri.password == "pw")
        #expect(uri.host == "Atlanta.COM")
        #expect(uri.port == 5061)
        #expect(uri.transport == "tls")
        #expect(uri.isLooseRouter)
        #expect(uri.headers == [.init(name: "subject", value: "project%20x"), .init(name: "priority", value: "urgent")])
    }

    @Test func escapedUserIsDecodedOnRequest() throws {
        let uri = try SIPURI(parsing: "sip:%61lice%20smith@example.com")
        #expect(uri.user == "%61lice%20smith")
        #expect(uri.decodedUser == "alice smith")
        #expect(SIPURI(user: "alice smith", host: "example.com").serialized == "sip:alice%20smith@example.com")
    }

    @Test func telephoneNumbers() throws {
        #expect(try SIPURI(parsing: "tel:+1-201-555-0123").telephoneNumber == "+12015550123")
        #expect(try SIPURI(parsing: "sip:+1-212-555-1212@gateway.com;user=phone").telephoneNumber == "+12125551212")
        #expect(try SIPURI(parsing: "sip:+1-212-555-1212@gateway.com;user=phone").isPhoneUser)
        #expect(try SIPURI(parsing: "sip:4000;phone-context=cdp.udp@cs1k.example.com").telephoneNumber == "4000")
    }

    @Test(arguments: [
        ("sip:", "missing host"),
        ("sip:@example.com", "empty user part"),
        ("sip:user@exa mple.com", "invalid character"),
        ("sip:user@example.com:99999", "port out of range"),
        ("sip:user@[2001:db8::10", "unterminated IPv6"),
        ("sip:user@[2001:db8:::10]", "invalid IPv6"),
        ("sip:user@[1:2:3:4:5:6:7:8:9]", "invalid IPv6"),
        ("sip:user@300.1.1.1", "invalid host"),
        ("sip:user@-bad.com", "invalid host"),
        ("sip:us%2@example.com", "malformed escape"),
        ("sip:us%zzer@example.com", "malformed escape"),
        ("1sip:user@example.com", "scheme"),
        ("sip:user@example.com:", "missing port"),
        ("tel:", "empty telephone number"),
    ])
    func invalidURIsAreRejectedWithAReason(_ text: String, _ expected: String) {
        #expect {
            try SIPURI(parsing: text)
        } throws: { error in
            (error as? SIPMessageError)?.reason.contains(expected) ?? false
        }
    }

    /// RFC 3261 §19.1.4: pairs that are equivalent.
    @Test(arguments: [
        ("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"),
        ("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"),
        ("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
         "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"),
        ("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
         "sip:alice@atlanta.com?priority=urgent&subject=project%20x"),
    ])
    func equivalentURIs(_ a: String, _ b: String) throws {
        #expect(try SIPURI(parsing: a).isEquivalent(to: SIPURI(parsing: b)))
    }

    /// RFC 3261 §19.1.4: pairs that are not equivalent.
    @Test(arguments: [
        ("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"),
        ("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"),
    ])
    func nonEquivalentURIs(_ a: String, _ b: String) throws {
        #expect(try !SIPURI(parsing: a).isEquivalent(to: SIPURI(parsing: b)))
    }
}
