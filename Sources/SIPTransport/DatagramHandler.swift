import Logging
import NIOCore
import SIPMessage

/// Receives UDP datagrams: one SIP message each (RFC 3261 §18.3); CRLF keep-alives are ignored.
final class DatagramHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let sink: InboundSink
    // Set on the channel's event loop once the socket is bound (the port may have been 0 until then).
    private var local: SIPTransportAddress?

    init(sink: InboundSink) {
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if local == nil { local = SIPTransportAddress(.udp, context.channel.localAddress) }
        guard let local else { return }
        let envelope = unwrapInboundIn(data)
        guard let source = SIPTransportAddress(.udp, envelope.remoteAddress) else { return }
        guard sink.accepts(source) else {
            sink.logger.debug("dropped datagram from \(source): source not accepted")
            return
        }
        let bytes = Array(envelope.data.readableBytesView)
        // RFC 5626 §3.5.1 STUN keep-alives and bare CRLFs carry no message.
        if bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { return }
        sink.deliver(bytes, from: source, local: local)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like surface here; the datagram socket stays open.
        sink.logger.debug("UDP socket error: \(error)")
    }
}
