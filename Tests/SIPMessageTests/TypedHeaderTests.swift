import Testing
@testable import SIPMessage

@Suite("Typed headers")
struct TypedHeaderTests {
    func headers(_ lines: String...) throws -> SIPHeaders {
        try SIPMessage(parsing: invite(extraHeaders: lines)).headers
    }

    @Test func viaReceivedRportAndIPv6() throws {
        let h = try SIPMessage(parsing: sipText(
            "SIP/2.0 200 OK",
            "Via: SIP / 2.0 / UDP [2001:db8::9:1]:5062 ;branch=z9hG4bKas3-111;received=2001:db8::9:255;rport=5062",
            "Via: SIP/2.0/TCP pc.example.com;branch=z9hG4bK2;ttl=16;maddr=224.2.0.1",
            "Content-Length: 0", "", "")).headers
        let vias = try h.via
        #expect(vias.count == 2)
        #expect(vias[0].transport == "UDP")
        #expect(vias[0].host == "[2001:db8::9:1]")
        #expect(vias[0].port == 5062)
        #expect(vias[0].received == "2001:db8::9:255")
        #expect(vias[0].rport == .port(5062))
        #expect(vias[0].hasRFC3261Branch)
        #expect(vias[1].ttl == 16)
        #expect(vias[1].maddr == "224.2.0.1")
        var v = vias[1]
        v.rport = .port(5070)
        v.received = "192.0.2.1"
        #expect(v.serialized == "SIP/2.0/TCP pc.example.com;branch=z9hG4bK2;ttl=16;maddr=224.2.0.1;rport=5070;received=192.0.2.1")
    }

    @Test func nameAddressForms() throws {
        let quoted = try NameAddress(parsing: #""Anderson, \"Al\"" <sip:4000@cs1k.example.com;user=phone>;tag=a1"#)
        #expect(quoted.displayName == #"Anderson, "Al""#)
        #expect(quoted.uri.isPhoneUser)
        #expect(quoted.tag == "a1")
        let tokens = try NameAddress(parsing: "Alice Anderson <sip:4000@h>")
        #expect(tokens.displayName == "Alice Anderson")
        let noSpace = try NameAddress(parsing: "caller<sip:caller@example.com>;tag=323")
        #expect(noSpace.displayName == "caller")
        // addr-spec form: parameters after the URI are header parameters (RFC 3261 §20.10).
        let addrSpec = try NameAddress(parsing: "sip:4000@h;tag=xyz")
        #expect(addrSpec.uri.parameters.isEmpty)
        #expect(addrSpec.tag == "xyz")
        #expect(addrSpec.serialized == "<sip:4000@h>;tag=xyz")
        #expect(throws: SIPMessageError.self) { try NameAddress(parsing: "\"unterminated <sip:a@b>") }
        #expect(throws: SIPMessageError.self) { try NameAddress(parsing: "<sip:a@b") }
    }

    @Test func contactWildcardExpiresAndQ() throws {
        #expect(try headers("Expires: 0").contact != .wildcard)
        let star = try SIPMessage(parsing: sipText(
            "REGISTER sip:r.example.com SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "Max-Forwards: 70",
            "To: <sip:a@r.example.com>", "From: <sip:a@r.example.com>;tag=1", "Call-ID: r1", "CSeq: 1 REGISTER",
            "Contact: *", "Expires: 0", "Content-Length: 0", "", ""))
        #expect(try star.headers.contact == .wildcard)
        try star.validate()
        let list = try SIPMessage(parsing: sipText(
            "SIP/2.0 200 OK", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
            "Contact: <sip:a@192.0.2.1>;expires=3600;q=0.7, \"B\" <sip:b@192.0.2.2>;q=1.0", "Content-Length: 0", "", ""))
        let addresses = try #require(try list.headers.contact).addresses
        #expect(addresses.map(\.expires) == [3600, nil])
        #expect(addresses.map(\.q) == [0.7, 1.0])
        #expect(throws: SIPMessageError.self) { try headers("Contact: <sip:x@y>;q=1.5").contact }
    }

    /// RFC 5806 §4 examples and a CS 1000 style Diversion.
    @Test func diversion() throws {
        let h = try headers(
            "Diversion: <sip:4000@cs1k.example.com;user=phone>;reason=no-answer;counter=1;privacy=off;screen=no",
            "Diversion: \"Carol\" <tel:+14085551212>;reason=\"user-busy\";counter=2;limit=5, <sip:4003@h>;reason=unconditional")
        let d = try h.diversion
        #expect(d.count == 3)
        #expect(d[0].uri.telephoneNumber == "4000")
        #expect(d[0].reason == .noAnswer)
        #expect(d[0].counter == 1)
        #expect(d[0].privacy == "off")
        #expect(d[0].screen == "no")
        #expect(d[1].reason == .userBusy)
        #expect(d[1].limit == 5)
        #expect(d[1].uri.scheme == .tel)
        #expect(d[2].reason == .unconditional)
        #expect(SIPDiversion(uri: SIPURI(user: "4000", host: "h"), reason: .deflection, counter: 1).description
                == "<sip:4000@h>;reason=deflection;counter=1")
    }

    /// RFC 7044 §4 style History-Info with Reason embedded in the URI and mp/rc tags, and RFC 4458 cause.
    @Test func historyInfo() throws {
        let h = try headers(
            "History-Info: <sip:5000@um.example.com>;index=1,",
            " <sip:4000@pbx.example.com?Reason=SIP%3Bcause%3D408%3Btext%3D%22Request%20Timeout%22>;index=1.1;rc=1",
            "History-Info: <sip:voicemail@um.example.com;target=4000;cause=486>;index=1.1.1;mp=1.1")
        let entries = try h.historyInfo
        #expect(entries.map(\.indexText) == ["1", "1.1", "1.1.1"])
        #expect(entries[1].index == [1, 1])
        #expect(entries[1].cause == 408)
        #expect(entries[1].reason?.text == "Request Timeout")
        #expect(entries[1].rc == "1")
        #expect(entries[2].mp == "1.1")
        #expect(entries[2].cause == 486)
        #expect(entries[0].cause == nil)
    }

    @Test func identityHeaders() throws {
        let h = try headers(
            "P-Asserted-Identity: \"Alice\" <sip:4000@pbx.example.com>, <tel:+14085554000>",
            "Remote-Party-ID: \"Alice\" <sip:4000@pbx.example.com>;party=calling;screen=yes;privacy=off",
            "Privacy: id; header ;user")
        #expect(try h.pAssertedIdentity.map(\.uri.scheme) == [.sip, .tel])
        #expect(try h.remotePartyID.first?.parameters["party"] == "calling")
        #expect(try h.privacy == ["id", "header", "user"])
    }

    @Test func digestChallengeAndCredentials() throws {
        let h = try SIPMessage(parsing: sipText(
            "SIP/2.0 401 Unauthorized", "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
            #"WWW-Authenticate: Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth,auth-int","#,
            #"  nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=SHA-256"#,
            "Content-Length: 0", "", "")).headers
        let challenge = try #require(try h.authorizations(.wwwAuthenticate).first)
        #expect(challenge.scheme == "Digest")
        #expect(challenge.realm == "atlanta.com")
        #expect(challenge.nonce == "f84f1cec41e6cbe5aea9c8e88d359")
        #expect(challenge.qop == "auth,auth-int")
        #expect(challenge.algorithm == "SHA-256")
        #expect(challenge.opaque == "")
        #expect(!challenge.isStale)
        let credentials = try #require(try headers(
            #"Authorization: Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#
        ).authorizations(.authorization).first)
        #expect(credentials["nc"] == "00000001")
        #expect(credentials["username"] == "bob")
    }

    @Test func eventsTransferAndSessionTimers() throws {
        let h = try headers(
            "Event: refer;id=93809824",
            "Subscription-State: terminated;reason=noresource;retry-after=30",
            "Refer-To: <sip:4002@pbx.example.com?Replaces=12345%40192.0.2.1%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>",
            "b: <sip:5005@um.example.com>",
            "Replaces: 425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only",
            "Session-Expires: 1800;refresher=uac",
            "Min-SE: 90",
            "Reason: SIP;cause=200;text=\"Call completed elsewhere\", Q.850;cause=16")
        #expect(try h.event == SIPEvent("refer", parameters: SIPParameters([("id", "93809824")])))
        #expect(try h.subscriptionState?.state == "terminated")
        #expect(try h.subscriptionState?.reason == "noresource")
        #expect(try h.subscriptionState?.retryAfter == 30)
        let referTo = try #require(try h.referTo)
        #expect(referTo.uri.headers.first?.name == "Replaces")
        #expect(SIPEscaping.unescape(referTo.uri.headers[0].value) == "12345@192.0.2.1;to-tag=12345;from-tag=5FFE-3994")
        #expect(try h.referredBy?.uri.user == "5005")
        let replaces = try #require(try h.replaces)
        #expect(replaces.callID == "425928@bobster.example.org")
        #expect(replaces.toTag == "7743")
        #expect(replaces.fromTag == "6472")
        #expect(replaces.earlyOnly)
        #expect(try h.sessionExpires?.seconds == 1800)
        #expect(try h.sessionExpires?.refresher == .uac)
        #expect(try h.minSE == 90)
        #expect(try h.reason.map(\.cause) == [200, 16])
        #expect(try h.reason.first?.text == "Call completed elsewhere")
    }

    @Test func tokenListsAndContentType() throws {
        let h = try headers(
            "Allow: INVITE, ACK,CANCEL ,BYE", "Require: 100rel", "Proxy-Require: foo", "Unsupported: bar",
            "Content-Type: application/SDP ; charset=utf-8")
        #expect(try h.allow == ["INVITE", "ACK", "CANCEL", "BYE"])
        #expect(try h.require == ["100rel"])
        #expect(try h.proxyRequire == ["foo"])
        #expect(try h.unsupported == ["bar"])
        let type = try #require(try h.contentType)
        #expect(type.matches(.sdp))
        #expect(type.parameters["charset"] == "utf-8")
    }

    @Test func headerEditing() throws {
        var h = try headers("X-A: 1")
        h.set(.maxForwards, "69")
        #expect(try h.maxForwards == 69)
        h.append(.route, "<sip:p1;lr>")
        h.append(.route, "<sip:p2;lr>")
        h.set(.route, "<sip:p3;lr>")
        #expect(try h.route.map(\.uri.host) == ["p3"])
        #expect(SIPHeaderName("i") == .callID)
        #expect(SIPHeaderName("CALL-id") == .callID)
        #expect(SIPHeaderName.callID.compactForm == "i")
        #expect(SIPHeaderName("X-Custom").canonical == "X-Custom")
    }
}
