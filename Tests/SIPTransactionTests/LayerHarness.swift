import SIPMessage
import SIPTransaction

/// A transaction layer on a manual clock with a recording transmitter, as the transport would drive it.
struct LayerHarness {
    let clock = ManualTimerScheduler()
    let transmitter: RecordingTransmitter
    let layer: SIPTransactionLayer

    init(configuration: SIPTransactionLayer.Configuration = .init()) {
        transmitter = RecordingTransmitter(clock: clock)
        layer = SIPTransactionLayer(transmitter: transmitter, scheduler: clock, configuration: configuration, makeTag: countingTags())
    }
}

/// Reads everything a finished stream holds.
func collect<Element>(_ stream: AsyncStream<Element>) async -> [Element] {
    var out: [Element] = []
    for await element in stream { out.append(element) }
    return out
}

extension SIPTransactionLayerEvent {
    var handle: SIPServerTransactionHandle? {
        if case .request(let handle) = self { return handle }
        return nil
    }

    var cancelledHandle: SIPServerTransactionHandle? {
        if case .cancelled(let handle, _) = self { return handle }
        return nil
    }

    var ack: SIPMessage? {
        if case .ack(let ack, _) = self { return ack }
        return nil
    }

    var stray2xx: SIPMessage? {
        if case .stray2xxResponse(let response, _) = self { return response }
        return nil
    }

    var failure: (SIPServerTransactionID, Failure)? {
        if case .serverTransactionFailed(let id, let failure) = self { return (id, failure) }
        return nil
    }
}

extension Array where Element == SentMessage {
    var times: [Duration] { map(\.time) }
}
