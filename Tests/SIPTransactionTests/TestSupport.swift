import SIPMessage
import SIPTransaction
import Synchronization

/// Messages for the tests: a UAC at 192.0.2.10 calling Herald's voicemail pilot.
enum TestMessages {
    static let clientAddress = SIPTransportAddress(.udp, host: "192.0.2.10", port: 5060)
    static let heraldAddress = SIPTransportAddress(.udp, host: "192.0.2.1", port: 5060)

    /// A request as a UAC sends it.
    static func request(
        _ method: SIPMethod = .invite,
        branch: String = "z9hG4bK-1",
        viaHost: String = "192.0.2.10",
        viaPort: Int? = 5060,
        viaTransport: String = "UDP",
        rport: Bool = false,
        callID: String = "call-1@192.0.2.10",
        fromTag: String? = "caller-tag",
        toTag: String? = nil,
        cseq: UInt32 = 1,
        cseqMethod: SIPMethod? = nil,
        uri: String = "sip:4000@192.0.2.1",
        routes: [String] = []
    ) -> SIPMessage {
        var headers = SIPHeaders()
        var via = viaTransport + " " + viaHost
        via = "SIP/2.0/" + via + (viaPort.map { ":" + String($0) } ?? "") + ";branch=" + branch
        if rport { via += ";rport" }
        headers.append(.via, via)
        headers.append(.maxForwards, "70")
        for route in routes { headers.append(.route, route) }
        headers.append(.from, "\"Caller\" <sip:2000@192.0.2.10>" + (fromTag.map { ";tag=" + $0 } ?? ""))
        headers.append(.to, "<sip:4000@192.0.2.1>" + (toTag.map { ";tag=" + $0 } ?? ""))
        headers.append(.callID, callID)
        headers.append(.cseq, SIPCSeq(cseq, cseqMethod ?? method).description)
        headers.append(.contact, "<sip:2000@192.0.2.10:5060>")
        headers.append(.contentLength, "0")
        let requestURI = (try? SIPURI(parsing: uri)) ?? SIPURI(host: "192.0.2.1")
        return .request(method, uri: requestURI, headers: headers)
    }

    /// A response the UAS sends to `request`.
    static func response(_ code: Int, to request: SIPMessage, toTag: String? = "callee-tag") -> SIPMessage {
        SIPResponseFactory.response(to: request, statusCode: code, toTag: code == 100 ? nil : toTag)
    }
}

/// One message that went through a `RecordingTransmitter` or `LoopbackNetwork`.
struct SentMessage: Sendable {
    let time: Duration
    let from: SIPTransportAddress?
    let to: SIPTransportAddress
    let message: SIPMessage
    let dropped: Bool

    var method: SIPMethod? { message.method }
    var statusCode: Int? { message.statusCode }
}

/// A transmitter that records every message with its virtual send time, and can fail sends on demand.
final class RecordingTransmitter: SIPMessageTransmitter {
    struct State {
        var sent: [SentMessage] = []
        var failuresLeft = 0
    }

    let clock: ManualTimerScheduler
    let state = Mutex(State())

    init(clock: ManualTimerScheduler) {
        self.clock = clock
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    func failNext(_ count: Int = 1) { state.withLock { $0.failuresLeft = count } }

    func transmit(_ message: SIPMessage, to destination: SIPTransportAddress) async throws {
        let now = clock.now
        let fail = state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                return true
            }
            state.sent.append(SentMessage(time: now, from: nil, to: destination, message: message, dropped: false))
            return false
        }
        if fail { throw Failure() }
    }

    var sent: [SentMessage] { state.withLock { $0.sent } }
    func sent(_ method: SIPMethod) -> [SentMessage] { sent.filter { $0.method == method } }
    func responses(_ code: Int) -> [SentMessage] { sent.filter { $0.statusCode == code } }
}

/// An in-memory network joining transaction layers: each message is recorded with its virtual time and handed to
/// the layer at its destination, unless one of the drop rules loses it.
final class LoopbackNetwork: Sendable {
    struct State {
        var sent: [SentMessage] = []
        var layers: [SIPTransportAddress: SIPTransactionLayer] = [:]
        /// Loses the first N messages matching the rule's predicate.
        var dropRules: [(remaining: Int, matches: @Sendable (SIPMessage) -> Bool)] = []
    }

    let clock: ManualTimerScheduler
    let state = Mutex(State())

    init(clock: ManualTimerScheduler) { self.clock = clock }

    /// The transmitter of the endpoint at `address`.
    func endpoint(_ address: SIPTransportAddress) -> Endpoint { Endpoint(address: address, network: self) }

    func attach(_ layer: SIPTransactionLayer, at address: SIPTransportAddress) {
        state.withLock { $0.layers[address] = layer }
    }

    /// Loses the next `count` messages, whatever they are.
    func drop(first count: Int) { drop(count) { _ in true } }

    /// Loses the next `count` messages for which `matches` holds.
    func drop(_ count: Int, where matches: @escaping @Sendable (SIPMessage) -> Bool) {
        state.withLock { $0.dropRules.append((count, matches)) }
    }

    func deliver(_ message: SIPMessage, from source: SIPTransportAddress, to destination: SIPTransportAddress) async {
        let now = clock.now
        let target: SIPTransactionLayer? = state.withLock { state in
            var dropped = false
            for index in state.dropRules.indices where state.dropRules[index].remaining > 0 && state.dropRules[index].matches(message) {
                state.dropRules[index].remaining -= 1
                dropped = true
                break
            }
            state.sent.append(SentMessage(time: now, from: source, to: destination, message: message, dropped: dropped))
            return dropped ? nil : state.layers[destination]
        }
        if let target { await target.receive(message, from: source) }
    }

    var sent: [SentMessage] { state.withLock { $0.sent } }

    struct Endpoint: SIPMessageTransmitter {
        let address: SIPTransportAddress
        let network: LoopbackNetwork

        func transmit(_ message: SIPMessage, to destination: SIPTransportAddress) async throws {
            await network.deliver(message, from: address, to: destination)
        }
    }
}

/// Seconds as a `Duration`, for readable expectations.
func s(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

/// A tag generator that counts, so that tests can predict tags.
func countingTags() -> @Sendable () -> String {
    let counter = Mutex(0)
    return {
        counter.withLock { n in
            n += 1
            return "tag-\(n)"
        }
    }
}

extension TransactionAction {
    /// The message of a `.transmit`, for expectations that look inside it.
    var transmitted: SIPMessage? {
        if case .transmit(let message) = self { return message }
        return nil
    }
}
