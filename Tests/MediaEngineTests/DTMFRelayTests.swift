import MediaEngine
import Testing

@Suite("SIP INFO keypress bodies")
struct DTMFRelayTests {
    @Test("application/dtmf-relay as Cisco and pjsua send it", arguments: [
        ("Signal=5\r\nDuration=160\r\n", Character("5")),
        ("Signal= #\r\nDuration= 250\r\n", "#"),
        ("signal=*\nduration=100", "*"),
        ("Signal=11\r\nDuration=100\r\n", "#"),
        ("Signal=d\r\n", "D"),
    ])
    func relay(body: String, digit: Character) {
        #expect(DTMFRelay.digit(inBody: Array(body.utf8), contentType: "application/dtmf-relay") == digit)
    }

    @Test("application/dtmf carries a bare key")
    func bare() {
        #expect(DTMFRelay.digit(inBody: Array("7\r\n".utf8), contentType: "Application/DTMF; charset=x") == "7")
    }

    @Test("anything else is not a keypress", arguments: [
        ("Signal=55\r\n", "application/dtmf-relay"), ("Duration=100\r\n", "application/dtmf-relay"),
        ("Signal=X\r\n", "application/dtmf-relay"), ("5", "text/plain"), ("", "application/dtmf"),
    ])
    func refused(body: String, type: String) {
        #expect(DTMFRelay.digit(inBody: Array(body.utf8), contentType: type) == nil)
    }
}
