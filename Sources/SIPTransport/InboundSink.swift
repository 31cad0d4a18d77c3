import Logging
import NIOCore
import SIPMessage

/// Where handlers hand received bytes: parses them, applies the source filter, and yields events upward.
struct InboundSink: Sendable {
    let continuation: AsyncStream<SIPTransportEvent>.Continuation
    let limits: SIPParseLimits
    let accepts: @Sendable (SIPTransportAddress) -> Bool
    let logger: Logger

    /// Parses one complete message (a datagram, or a frame cut from a stream) and passes it up.
    /// Returns false when the bytes were not a SIP message.
    @discardableResult
    func deliver(_ bytes: [UInt8], from source: SIPTransportAddress, local: SIPTransportAddress) -> Bool {
        do {
            let message = try SIPMessage(parsing: bytes, limits: limits)
            logger.trace("received \(bytes.count) bytes from \(source)", metadata: ["sip.raw": "\(String(decoding: bytes, as: UTF8.self))"])
            yield(.message(message, source: source, local: local))
            return true
        } catch {
            // Over the limits but a datagram's worth: parse once more, only to answer 513/413 to the sender.
            if error.kind == .messageTooLarge || error.kind == .bodyTooLarge,
               let message = try? SIPMessage(parsing: bytes, limits: Self.ceiling), message.isRequest {
                logger.notice("oversized SIP request from \(source): \(error)")
                yield(.oversized(message, error, source: source))
                return true
            }
            logger.notice("malformed SIP message from \(source): \(error)")
            yield(.malformed(error, source: source))
            return false
        }
    }

    /// Limits generous enough for any UDP datagram, used only to find where to send a 513.
    static let ceiling = SIPParseLimits(maxHeaderBytes: 65_536, maxHeaderCount: 8_192, maxHeaderLineLength: 65_536, maxBodyBytes: 65_536)

    func yield(_ event: SIPTransportEvent) {
        if case .dropped = continuation.yield(event) {
            logger.warning("receive queue full: dropping a message")
        }
    }
}

extension SIPTransportAddress {
    /// The transport address of a NIO socket address.
    init?(_ transport: Transport, _ address: SocketAddress?) {
        guard let address, let ip = address.ipAddress, let port = address.port else { return nil }
        self.init(transport, host: ip, port: port)
    }
}
