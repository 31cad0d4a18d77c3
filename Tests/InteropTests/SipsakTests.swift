import Foundation
import SIPEndpoint
import SIPMessage
import SIPTransport
import Testing

func startHerald(_ kinds: [SIPTransportAddress.Transport] = [.udp, .tcp], tls: SIPTLSConfiguration? = nil) async throws -> SIPUserAgent {
    let transport = try SIPTransport(configuration: SIPTransportConfiguration(
        listeners: kinds.map { .init($0, host: "127.0.0.1", port: 0) }, tls: tls))
    try await transport.start()
    let agent = SIPUserAgent(configuration: SIPUserAgentConfiguration(user: "herald"), transport: transport)
    await agent.start()
    return agent
}

@Suite("sipsak against Herald", .tags(.interop), .timeLimit(.minutes(1)), .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sipsak")))
struct SipsakTests {
    @Test(arguments: [SIPTransportAddress.Transport.udp, .tcp])
    func optionsPing(_ kind: SIPTransportAddress.Transport) async throws {
        let herald = try await startHerald([kind])
        let port = try #require(herald.transport.localAddress(kind)).port
        let directory = try makeTemporaryDirectory("sipsak")
        var arguments = ["-vv", "-s", "sip:herald@127.0.0.1:\(port)"]
        if kind == .tcp { arguments += ["-E", "tcp"] }
        let (status, output) = try await PeerProcess.run("/usr/bin/sipsak", arguments, directory: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("SIP/2.0 200"))
        #expect(output.contains("Allow:"))
        await herald.shutdown()
    }

    /// sipsak sends a file as it is: a request with an unsupported Require gets 420, a broken one 400.
    @Test func malformedRequestFromFile() async throws {
        let herald = try await startHerald([.udp])
        let port = try #require(herald.transport.localAddress(.udp)).port
        let directory = try makeTemporaryDirectory("sipsak-file")
        let file = directory.appendingPathComponent("bad.sip")
        let text = [
            "OPTIONS sip:herald@127.0.0.1:\(port) SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKsipsakbad",
            "From: <sip:sipsak@127.0.0.1>;tag=1", "To: <sip:herald@127.0.0.1>", "Call-ID: sipsak-bad@127.0.0.1",
            "CSeq: 1 OPTIONS", "Max-Forwards: 70", "Require: nothingSupportedHere", "Content-Length: 0", "", "",
        ].joined(separator: "\r\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let (_, output) = try await PeerProcess.run("/usr/bin/sipsak", ["-vv", "-f", file.path, "-s", "sip:herald@127.0.0.1:\(port)"], directory: directory)
        #expect(output.contains("420"), "\(output)")
        #expect(output.contains("Unsupported: nothingSupportedHere"))
        await herald.shutdown()
    }
}

extension Tag {
    /// Tests that start third-party SIP peers.
    @Tag static var interop: Self
}
