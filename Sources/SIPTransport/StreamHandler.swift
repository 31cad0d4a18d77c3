import Logging
import NIOCore
import NIOSSL
import SIPMessage

/// One TCP or TLS connection: frames the byte stream into messages, answers keep-alive pings,
/// closes on idle and on garbage, and logs TLS handshake failures with their reason.
final class StreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sink: InboundSink
    private let transport: SIPTransportAddress.Transport
    private let onOpen: @Sendable (SIPTransportAddress, any Channel) -> Void
    private let onClose: @Sendable (SIPTransportAddress, any Channel) -> Void
    // Touched only on the channel's event loop.
    private var framer: SIPStreamFramer
    private var remote: SIPTransportAddress?
    private var local: SIPTransportAddress?

    init(sink: InboundSink, transport: SIPTransportAddress.Transport, expectsPongs: Bool,
         onOpen: @escaping @Sendable (SIPTransportAddress, any Channel) -> Void,
         onClose: @escaping @Sendable (SIPTransportAddress, any Channel) -> Void) {
        self.sink = sink
        self.transport = transport
        self.onOpen = onOpen
        self.onClose = onClose
        self.framer = SIPStreamFramer(limits: sink.limits, expectsPongs: expectsPongs)
    }

    func channelActive(context: ChannelHandlerContext) {
        remote = SIPTransportAddress(transport, context.channel.remoteAddress)
        local = SIPTransportAddress(transport, context.channel.localAddress)
        if let remote, !sink.accepts(remote) {
            sink.logger.notice("refused \(transport.rawValue) connection from \(remote): source not accepted")
            context.close(promise: nil)
            return
        }
        if let remote { onOpen(remote, context.channel) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let remote { onClose(remote, context.channel) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let remote, let local else { return }
        let buffer = unwrapInboundIn(data)
        framer.append(buffer.readableBytesView)
        do {
            while let frame = try framer.next() {
                switch frame {
                case .message(let bytes):
                    // Bytes that frame but do not parse mean the stream can no longer be trusted: close it.
                    guard sink.deliver(bytes, from: remote, local: local) else {
                        context.close(promise: nil)
                        return
                    }
                case .ping:
                    // RFC 5626 §4.4.1: answer a double-CRLF ping with a single CRLF pong.
                    var pong = context.channel.allocator.buffer(capacity: 2)
                    pong.writeBytes([0x0D, 0x0A])
                    context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
                case .pong:
                    break
                }
            }
        } catch {
            sink.logger.notice("closing \(transport.rawValue) connection from \(remote): \(error.description)")
            sink.yield(.malformed(error, source: remote))
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            sink.logger.debug("closing idle \(transport.rawValue) connection to \(remote.map(String.init(describing:)) ?? "?")")
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let peer = remote.map(String.init(describing:)) ?? context.channel.remoteAddress.map(String.init(describing:)) ?? "?"
        if let sslError = error as? NIOSSLError, case .uncleanShutdown = sslError {
            // Many peers drop the TCP connection without a TLS close_notify when a call ends: not worth a warning.
            sink.logger.debug("TLS connection with \(peer) closed without close_notify")
        } else if let sslError = error as? NIOSSLError {
            sink.logger.warning("TLS handshake with \(peer) failed: \(sslError)")
        } else if error is NIOSSLExtraError || "\(type(of: error))".contains("BoringSSL") {
            sink.logger.warning("TLS with \(peer) failed: \(error)")
        } else {
            sink.logger.debug("\(transport.rawValue) connection to \(peer) failed: \(error)")
        }
        context.close(promise: nil)
    }
}
