import Foundation
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

/// Sends raw requests to a user agent and reads the responses: every bad input gets its RFC answer.
@Suite("Bad input gets the right answer", .timeLimit(.minutes(1)))
struct BadInputTests {
    static func respond(to text: String) async throws -> SIPMessage? {
        let pair = try await UserAgentPair.start(.udp)
        defer { Task { await pair.stop() } }
        let raw = try SIPTransport(configuration: SIPTransportConfiguration(listeners: [.init(.udp, host: "127.0.0.1", port: 0)]))
        try await raw.start()
        let rawAddress = try #require(raw.localAddress(.udp))
        let bytes = text.replacingOccurrences(of: "RAWPORT", with: String(rawAddress.port))
        try await raw.send(bytes: Array(bytes.utf8), to: try pair.calleeAddress)
        var events = raw.events.makeAsyncIterator()
        // Skip provisional responses (the 100 Trying an INVITE gets at once).
        while case .message(let response, _, _) = await events.next() {
            if let status = response.statusCode, status >= 200 {
                await raw.shutdown()
                return response
            }
        }
        return nil
    }

    static func request(_ method: String, extra: [String] = [], body: String = "", requestLine: String? = nil) -> String {
        var lines = [
            requestLine ?? "\(method) sip:5000@127.0.0.1 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:RAWPORT;branch=z9hG4bK\(UInt32.random(in: 0...UInt32.max));rport",
            "Max-Forwards: 70", "To: <sip:5000@127.0.0.1>", "From: <sip:4001@127.0.0.1>;tag=abc",
            "Call-ID: bad-\(UInt32.random(in: 0...UInt32.max))@127.0.0.1", "CSeq: 1 \(method)", "Contact: <sip:4001@127.0.0.1:RAWPORT>",
        ]
        lines += extra
        lines.append("Content-Length: \(body.utf8.count)")
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    @Test func malformedHeaderGets400NamingTheProblem() async throws {
        let response = try #require(try await Self.respond(to: Self.request("OPTIONS", extra: ["Contact: <sip:broken"])))
        #expect(response.statusCode == 400)
        #expect(response.reasonPhrase?.contains("Contact") == true)
        #expect(response.headers.contains(.warning))
    }

    @Test func cseqMismatchGets400() async throws {
        let response = try await Self.respond(to: Self.request("OPTIONS").replacingOccurrences(of: "CSeq: 1 OPTIONS", with: "CSeq: 1 INVITE"))
        #expect(response?.statusCode == 400)
    }

    @Test func unknownMethodGets501WithAllow() async throws {
        let response = try #require(try await Self.respond(to: Self.request("FROBNICATE")))
        #expect(response.statusCode == 501)
        #expect(try response.headers.allow.contains("INVITE"))
    }

    @Test func unsupportedMethodGets405() async throws {
        #expect(try await Self.respond(to: Self.request("REGISTER"))?.statusCode == 405)
    }

    @Test func unsupportedRequireGets420WithUnsupported() async throws {
        let response = try #require(try await Self.respond(to: Self.request("OPTIONS", extra: ["Require: nothingSupportedHere, timer"])))
        #expect(response.statusCode == 420)
        #expect(try response.headers.unsupported == ["nothingSupportedHere"])
    }

    @Test func maxForwardsZeroGets483() async throws {
        let text = Self.request("INVITE").replacingOccurrences(of: "Max-Forwards: 70", with: "Max-Forwards: 0")
        #expect(try await Self.respond(to: text)?.statusCode == 483)
    }

    @Test func wrongBodyTypeGets415WithAccept() async throws {
        let response = try #require(try await Self.respond(to: Self.request("INVITE", extra: ["Content-Type: text/plain"], body: "hello")))
        #expect(response.statusCode == 415)
        #expect(response.headers[.accept]?.contains("application/sdp") == true)
    }

    @Test func byeForUnknownDialogGets481() async throws {
        let text = Self.request("BYE").replacingOccurrences(of: "To: <sip:5000@127.0.0.1>", with: "To: <sip:5000@127.0.0.1>;tag=nosuch")
        #expect(try await Self.respond(to: text)?.statusCode == 481)
    }

    @Test func unsupportedURISchemeGets416() async throws {
        let text = Self.request("OPTIONS", requestLine: "OPTIONS http://example.com/ SIP/2.0")
        #expect(try await Self.respond(to: text)?.statusCode == 416)
    }

    @Test func tooManyHeadersGets513() async throws {
        let padding = (0..<300).map { "X-Padding-\($0): \($0)" }
        let response = try #require(try await Self.respond(to: Self.request("OPTIONS", extra: padding)))
        #expect(response.statusCode == 513)
        #expect(response.reasonPhrase?.contains("header fields") == true)
    }

    @Test func subscribeToAnUnknownPackageGets489() async throws {
        let response = try #require(try await Self.respond(to: Self.request("SUBSCRIBE", extra: ["Event: presence", "Expires: 600"])))
        #expect(response.statusCode == 489)
        #expect(response.headers.contains(.allowEvents))
    }

    @Test func optionsGets200WithCapabilities() async throws {
        let response = try #require(try await Self.respond(to: Self.request("OPTIONS")))
        #expect(response.statusCode == 200)
        #expect(try response.headers.allow.contains("BYE"))
        #expect(response.headers[.accept] == "application/sdp")
    }
}
