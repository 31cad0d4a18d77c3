import Logging
import NIOCore

/// Hands datagrams from an RTP or RTCP socket to the session's core. It only frames; the core decides.
final class RTPDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    /// Weak: the core owns the channel, and the channel this handler.
    private weak var core: MediaSessionCore?
    private let isRTCPPort: Bool

    init(core: MediaSessionCore, isRTCPPort: Bool) {
        self.core = core
        self.isRTCPPort = isRTCPPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        core?.receive(envelope.data, from: envelope.remoteAddress, onRTCPPort: isRTCPPort)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable surfaces as an error on a connected-less UDP socket; media goes on.
        core?.logger.trace("RTP socket error", metadata: ["error": "\(error)"])
    }
}
