import SIPMessage
import SIPTransaction
import SIPTransport

/// Lets the transaction layer send through a `SIPTransport` without importing it (ARCHITECTURE.md).
struct TransportTransmitter: SIPMessageTransmitter {
    let transport: SIPTransport

    func transmit(_ message: SIPMessage, to destination: SIPTransportAddress) async throws {
        try await transport.send(message, to: destination)
    }
}
