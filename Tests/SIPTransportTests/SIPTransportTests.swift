import Foundation
import HeraldTestKit
import Logging
import NIOCore
import NIOPosix
import SIPMessage
import Testing
@testable import SIPTransport

func options(to target: String, branch: String = "z9hG4bK\(UInt32.random(in: 0...UInt32.max))", via: String = "UDP 127.0.0.1:5060") -> SIPMessage {
    var headers = SIPHeaders()
    headers.append(.via, "SIP/2.0/\(via);branch=\(branch);rport")
    headers.append(.maxForwards, "70")
    headers.append(.to, "<sip:\(target)>")
    headers.append(.from, "<sip:test@127.0.0.1>;tag=t1")
    headers.append(.callID, "call-\(branch)")
    headers.append(.cseq, "1 OPTIONS")
    headers.append(.contentLength, "0")
    return SIPMessage.request(.options, uri: SIPURI(user: "herald", host: "127.0.0.1"), headers: headers)
}

/// Starts a transport on loopback with ephemeral ports.
func makeTransport(
    _ transports: [SIPTransportAddress.Transport], host: String = "127.0.0.1", tls: SIPTLSConfiguration? = nil,
    accept: @escaping @Sendable (SIPTransportAddress) -> Bool = { _ in true }
) async throws -> SIPTransport {
    let transport = try SIPTransport(configuration: SIPTransportConfiguration(
        listeners: transports.map { .init($0, host: host, port: 0) }, tls: tls, acceptSource: accept))
    try await transport.start()
    return transport
}

func nextEvent(_ transport: SIPTransport) async -> SIPTransportEvent? {
    var iterator = transport.events.makeAsyncIterator()
    return await iterator.next()
}

@Suite("SIP transports over loopback", .timeLimit(.minutes(1)))
struct SIPTransportTests {
    @Test(arguments: [SIPTransportAddress.Transport.udp, .tcp])
    func requestAndResponseOverLoopback(_ kind: SIPTransportAddress.Transport) async throws {
        let a = try await makeTransport([kind])
        let b = try await makeTransport([kind])
        let bAddress = try #require(b.localAddress(kind))
        try await a.send(options(to: "herald@127.0.0.1"), to: bAddress)

        guard case .message(let request, let source, let local) = await nextEvent(b) else {
            Issue.record("no message")
            return
        }
        #expect(request.method == .options)
        #expect(local == bAddress)
        #expect(source.transport == kind)
        if kind == .udp { #expect(source == a.localAddress(.udp)) }

        // The response goes back to the source; over TCP that is the connection A opened (reuse, no new connect).
        try await b.send(SIPMessage.response(200, headers: request.headers), to: source)
        guard case .message(let response, _, _) = await nextEvent(a) else {
            Issue.record("no response")
            return
        }
        #expect(response.statusCode == 200)
        if kind == .tcp {
            #expect(b.hasConnection(to: source))
            #expect(a.hasConnection(to: bAddress))
        }
        await a.shutdown()
        await b.shutdown()
    }

    @Test func tlsWithVerifiedCertificates() async throws {
        let certificates = try TestCertificates.make()
        let tls = SIPTLSConfiguration(
            certificateChainPath: certificates.certificatePath, privateKeyPath: certificates.keyPath,
            trustRootsPath: certificates.caPath, requireClientCertificate: true, serverVerification: .full)
        let server = try await makeTransport([.tls], tls: tls)
        let client = try await makeTransport([.tls], tls: tls)
        let serverAddress = try #require(server.localAddress(.tls))
        try await client.send(options(to: "herald@127.0.0.1", via: "TLS 127.0.0.1:5061"), to: serverAddress)
        guard case .message(let request, let source, _) = await nextEvent(server) else {
            Issue.record("no message over TLS")
            return
        }
        #expect(source.transport == .tls)
        try await server.send(SIPMessage.response(200, headers: request.headers), to: source)
        guard case .message(let response, _, _) = await nextEvent(client) else {
            Issue.record("no response over TLS")
            return
        }
        #expect(response.statusCode == 200)
        await client.shutdown()
        await server.shutdown()
    }

    @Test func tlsToAnUntrustedServerFails() async throws {
        let certificates = try TestCertificates.make()
        let other = try TestCertificates.make()
        let server = try await makeTransport([.tls], tls: SIPTLSConfiguration(
            certificateChainPath: certificates.certificatePath, privateKeyPath: certificates.keyPath))
        // The client trusts a different CA, so the handshake must fail and the write with it.
        let client = try await makeTransport([.tcp], tls: SIPTLSConfiguration(
            certificateChainPath: other.certificatePath, privateKeyPath: other.keyPath, trustRootsPath: other.caPath))
        let serverAddress = try #require(server.localAddress(.tls))
        await #expect(throws: (any Error).self) {
            try await client.send(options(to: "herald@127.0.0.1", via: "TLS 127.0.0.1:5061"), to: serverAddress)
        }
        await client.shutdown()
        await server.shutdown()
    }

    @Test func udpOverIPv6() async throws {
        let a = try await makeTransport([.udp], host: "::1")
        let b = try await makeTransport([.udp], host: "::1")
        let bAddress = try #require(b.localAddress(.udp))
        #expect(bAddress.host == "::1")
        try await a.send(options(to: "herald@[::1]"), to: bAddress)
        guard case .message(_, let source, _) = await nextEvent(b) else {
            Issue.record("no message over IPv6")
            return
        }
        #expect(source.host == "::1")
        await a.shutdown()
        await b.shutdown()
    }

    /// A datagram far larger than NIO's default 2 KiB read buffer arrives whole.
    @Test func largeDatagramArrivesWhole() async throws {
        let a = try await makeTransport([.udp])
        let b = try await makeTransport([.udp])
        var message = options(to: "herald@127.0.0.1")
        for n in 0..<200 { message.headers.append(SIPHeaderName("X-Padding-\(n)"), String(repeating: "p", count: 40)) }
        #expect(message.bytes.count > 10_000)
        try await a.send(message, to: try #require(b.localAddress(.udp)))
        guard case .message(let received, _, _) = await nextEvent(b) else {
            Issue.record("the large datagram did not arrive whole")
            return
        }
        #expect(received == message)
        await a.shutdown()
        await b.shutdown()
    }

    @Test func malformedDatagramIsReportedWithItsError() async throws {
        let a = try await makeTransport([.udp])
        let b = try await makeTransport([.udp])
        try await a.send(bytes: Array("INVITE sip:x SIP/2.0\r\nthis is not a header\r\n\r\n".utf8), to: try #require(b.localAddress(.udp)))
        guard case .malformed(let error, let source) = await nextEvent(b) else {
            Issue.record("expected a malformed event")
            return
        }
        #expect(error.statusCode == 400)
        #expect(source == a.localAddress(.udp))
        await a.shutdown()
        await b.shutdown()
    }

    @Test func refusedSourcesAreDroppedBeforeParsing() async throws {
        let refused = try await makeTransport([.udp])
        let accepted = try await makeTransport([.udp])
        let refusedAddress = try #require(refused.localAddress(.udp))
        let b = try await makeTransport([.udp], accept: { $0 != refusedAddress })
        let bAddress = try #require(b.localAddress(.udp))
        try await refused.send(options(to: "herald@127.0.0.1", branch: "z9hG4bKrefused"), to: bAddress)
        try await accepted.send(options(to: "herald@127.0.0.1", branch: "z9hG4bKaccepted"), to: bAddress)
        guard case .message(let message, let source, _) = await nextEvent(b) else {
            Issue.record("no message")
            return
        }
        #expect(source == accepted.localAddress(.udp))
        #expect(try message.headers.topVia.branch == "z9hG4bKaccepted")
        for t in [refused, accepted, b] { await t.shutdown() }
    }

    /// A peer that floods faster than we consume cannot grow the receive queue past its limit.
    @Test func receiveQueueIsBounded() async {
        let (stream, continuation) = AsyncStream.makeStream(of: SIPTransportEvent.self, bufferingPolicy: .bufferingOldest(10))
        let sink = InboundSink(continuation: continuation, limits: .default, accepts: { _ in true }, logger: .init(label: "test"))
        let source = SIPTransportAddress(.udp, host: "127.0.0.1", port: 9)
        for _ in 0..<1_000 { sink.deliver(Array("garbage\r\n\r\n".utf8), from: source, local: source) }
        continuation.finish()
        var count = 0
        for await _ in stream { count += 1 }
        #expect(count == 10)
    }
}
