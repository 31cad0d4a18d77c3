import SIPMessage
import SIPTransaction
import Testing

@Suite("Response routing (RFC 3261 §18.2.1, §18.2.2; RFC 3581)")
struct SIPResponseRoutingTests {
    let natSource = SIPTransportAddress(.udp, host: "203.0.113.7", port: 40_000)

    @Test func receivedIsAddedWhenSentByDiffersFromTheSource() throws {
        var request = TestMessages.request(.options, viaHost: "10.0.0.5", viaPort: 5060)
        try SIPResponseRouting.stamp(&request, receivedFrom: natSource)
        let via = try request.headers.topVia
        #expect(via.received == "203.0.113.7")
        #expect(via.rport == .absent)
        #expect(SIPResponseRouting.destination(for: via, receivedFrom: natSource) == SIPTransportAddress(.udp, host: "203.0.113.7", port: 5060))
    }

    @Test func viaMatchingTheSourceIsLeftAsItCame() throws {
        let original = TestMessages.request(.options, viaHost: "192.0.2.10", viaPort: 5062)
        var request = original
        let source = SIPTransportAddress(.udp, host: "192.0.2.10", port: 5062)
        try SIPResponseRouting.stamp(&request, receivedFrom: source)
        #expect(request == original)
        #expect(request.headers.first(.via)?.line == original.headers.first(.via)?.line)
        #expect(try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: source) == source)
    }

    @Test func rportGetsTheSourcePortAndAlwaysAReceived() throws {
        var request = TestMessages.request(.options, viaHost: "192.0.2.10", viaPort: 5060, rport: true)
        let source = SIPTransportAddress(.udp, host: "192.0.2.10", port: 61_000)
        try SIPResponseRouting.stamp(&request, receivedFrom: source)
        let via = try request.headers.topVia
        #expect(via.received == "192.0.2.10")
        #expect(via.rport == .port(61_000))
        #expect(SIPResponseRouting.destination(for: via, receivedFrom: source) == source)
    }

    @Test func natWithRportGoesBackToTheMappedAddress() throws {
        var request = TestMessages.request(.invite, viaHost: "10.0.0.5", viaPort: 5060, rport: true)
        try SIPResponseRouting.stamp(&request, receivedFrom: natSource)
        #expect(try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: natSource) == natSource)
    }

    @Test func noPortMeansTheDefaultPort() throws {
        var request = TestMessages.request(.options, viaHost: "ua.example.com", viaPort: nil)
        try SIPResponseRouting.stamp(&request, receivedFrom: natSource)
        #expect(try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: natSource) == SIPTransportAddress(.udp, host: "203.0.113.7", port: 5060))
    }

    @Test func reliableTransportsAnswerOnTheConnection() throws {
        let source = SIPTransportAddress(.tcp, host: "203.0.113.7", port: 50_123)
        var request = TestMessages.request(.invite, viaHost: "10.0.0.5", viaPort: 5060, viaTransport: "TCP")
        try SIPResponseRouting.stamp(&request, receivedFrom: source)
        #expect(try request.headers.topVia.received == "203.0.113.7")
        #expect(try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: source) == source)
        let tls = SIPTransportAddress(.tls, host: "203.0.113.7", port: 50_124)
        #expect(try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: tls) == tls)
    }

    @Test func maddrWins() throws {
        var request = TestMessages.request(.options, viaHost: "10.0.0.5", viaPort: 5070)
        request.headers.set(.via, "SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK-m;maddr=239.255.255.1;ttl=1")
        try SIPResponseRouting.stamp(&request, receivedFrom: natSource)
        #expect(try SIPResponseRouting.destination(forResponseTo: request, receivedFrom: natSource) == SIPTransportAddress(.udp, host: "239.255.255.1", port: 5070))
    }

    @Test func stampingKeepsTheOtherViaValuesOfTheField() throws {
        var request = TestMessages.request(.options)
        request.headers.set(.via, "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-top;rport, SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK-below")
        try SIPResponseRouting.stamp(&request, receivedFrom: natSource)
        let vias = try request.headers.via
        #expect(vias.count == 2)
        #expect(vias[0].received == "203.0.113.7")
        #expect(vias[0].rport == .port(40_000))
        #expect(vias[1].branch == "z9hG4bK-below")
        #expect(vias[1].received == nil)
    }

    @Test func ipv6SentByComparesWithoutBrackets() throws {
        var request = TestMessages.request(.options, viaHost: "[2001:db8::10]", viaPort: 5060)
        let source = SIPTransportAddress(.udp, host: "2001:db8::10", port: 5060)
        try SIPResponseRouting.stamp(&request, receivedFrom: source)
        #expect(try request.headers.topVia.received == nil)
        var natted = TestMessages.request(.options, viaHost: "[2001:db8::10]", viaPort: 5060)
        let other = SIPTransportAddress(.udp, host: "2001:db8::99", port: 5060)
        try SIPResponseRouting.stamp(&natted, receivedFrom: other)
        #expect(try natted.headers.topVia.received == "2001:db8::99")
        #expect(try SIPResponseRouting.destination(forResponseTo: natted, receivedFrom: other) == other)
    }
}
