import Foundation
import SIPEndpoint
import SIPMessage
import SIPTransport

/// Two user agents on loopback with ephemeral ports: one to call, one to be called.
struct UserAgentPair {
    let caller: SIPUserAgent
    let callee: SIPUserAgent
    let kind: SIPTransportAddress.Transport

    static func start(_ kind: SIPTransportAddress.Transport, tls: SIPTLSConfiguration? = nil) async throws -> UserAgentPair {
        func agent(_ user: String) async throws -> SIPUserAgent {
            let transport = try SIPTransport(configuration: SIPTransportConfiguration(
                listeners: [.init(kind, host: "127.0.0.1", port: 0)], tls: tls))
            try await transport.start()
            let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: user), transport: transport)
            await agent.start()
            return agent
        }
        return UserAgentPair(caller: try await agent("caller"), callee: try await agent("herald"), kind: kind)
    }

    var calleeAddress: SIPTransportAddress {
        get throws {
            guard let address = callee.transport.localAddress(kind) else { throw CocoaError(.fileNoSuchFile) }
            return address
        }
    }

    var calleeURI: SIPURI {
        get throws {
            let address = try calleeAddress
            var parameters = SIPParameters()
            if kind != .udp { parameters.append("transport", kind.rawValue.lowercased()) }
            return SIPURI(scheme: .sip, user: "5000", host: address.host, port: address.port, parameters: parameters)
        }
    }

    /// The caller calls the callee, which answers with `answerSDP`: the caller's call and the callee's.
    func establishCall() async throws -> (call: SIPCall, answered: SIPCall) {
        let answering = Task { () -> SIPCall? in
            for await incoming in callee.incomingCalls { return try await incoming.answer(sdp: answerSDP) }
            return nil
        }
        let call = try await caller.call(to: try calleeURI, from: SIPEndpointTests.caller, offer: offerSDP, destination: try calleeAddress)
        guard let answered = try await answering.value else { throw CocoaError(.fileNoSuchFile) }
        return (call, answered)
    }

    func stop() async {
        await caller.shutdown()
        await callee.shutdown()
    }
}

let offerSDP = Array("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n".utf8)
let answerSDP = Array("v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n".utf8)
let caller = NameAddress(displayName: "Bob Brown", uri: SIPURI(user: "4001", host: "127.0.0.1"))
