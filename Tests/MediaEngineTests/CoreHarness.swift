import Codecs
import Logging
@testable import MediaEngine
import NIOCore
import NIOEmbedded
import RTP
import SDP
import Testing

/// A media session core on an embedded loop whose RTP socket is an embedded channel.
struct CoreHarness {
    let loop = EmbeddedEventLoop()
    let channel: EmbeddedChannel
    let core: MediaSessionCore

    init(ptime: Int = 20, configuration: MediaEngineConfiguration = MediaEngineConfiguration()) throws {
        channel = EmbeddedChannel(loop: loop)
        let (_, continuation) = AsyncStream<MediaEvent>.makeStream()
        core = MediaSessionCore(
            loop: loop, logger: Logger(label: "test.virtual"), configuration: configuration, ioPools: [],
            wheel: PacingWheel(loop: loop, pacing: PacingHistogram()), events: continuation)
        core.rtpChannel = channel
        core.rtcpChannel = channel
        try core.configure(Self.setup(ptime: ptime))
    }

    /// The stream negotiated from a PCMU offer, as `MediaSession.answer` would make it.
    static func setup(ptime: Int) throws -> StreamSetup {
        let offer = try SessionDescription(parsing: Array("""
            v=0\r
            o=peer 1 1 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=ptime:\(ptime)\r

            """.utf8))
        let capabilities = MediaCapabilities(
            codecs: [AudioCodecKind.pcmu.sdpCodec], telephoneEvent: .init(payloadType: 101), srtp: .disabled,
            connectionAddress: .ip4("127.0.0.1"), packetTime: ptime, rtcpMultiplexing: false,
            username: "herald", sessionName: "Herald")
        var offerAnswer = OfferAnswer(capabilities: capabilities, sessionID: 1)
        let (_, negotiated) = try offerAnswer.receiveOffer(offer, audio: LocalStream(port: 50000))
        return try StreamSetup(try #require(negotiated.first), defaultPacketTime: ptime)
    }

    /// Renegotiates the stream to what the peer's offer leaves our side: `sends`/`receives` false for a hold in one of
    /// its forms, both true for a resume.
    func direct(sends: Bool = true, receives: Bool = true) throws {
        var setup = try Self.setup(ptime: 20)
        (setup.sends, setup.receives) = (sends, receives)
        try core.configure(setup)
    }

    /// Runs `count` packet times of 20 ms on the embedded loop.
    func advance(packetTimes count: Int) {
        for _ in 0..<count { loop.advanceTime(by: .milliseconds(20)) }
    }

    /// The RTP packets sent since the last call.
    func sentPackets() throws -> [RTPPacket] {
        var packets: [RTPPacket] = []
        while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
            let bytes = Array(envelope.data.readableBytesView)
            guard !RTPDemultiplexer.isRTCP(bytes) else { continue }
            packets.append(try RTPPacket(parsing: bytes))
        }
        return packets
    }
}

extension CoreHarness {
    /// Delivers an RTP packet to the core as if it came from `source`.
    func receive(from source: SocketAddress, ssrc: UInt32, sequence: UInt16, payloadType: UInt8 = 0) {
        let packet = RTPPacket(
            payloadType: payloadType, sequenceNumber: sequence, timestamp: UInt32(sequence) * 160, ssrc: ssrc,
            payload: [UInt8](repeating: 0xFF, count: 160))
        core.receive(ByteBuffer(bytes: packet.serialized), from: source, onRTCPPort: false)
    }

    /// Where the RTP packets sent since the last call went.
    func destinations() throws -> Set<SocketAddress> {
        var destinations: Set<SocketAddress> = []
        while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
            destinations.insert(envelope.remoteAddress)
        }
        return destinations
    }
}
