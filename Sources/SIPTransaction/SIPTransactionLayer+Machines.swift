import SIPMessage

extension SIPTransactionLayer {
    /// Which transaction a timer or transmission belongs to.
    enum TransactionRef: Hashable, Sendable {
        case client(SIPClientTransactionID)
        case server(SIPServerTransactionID)
    }

    /// One of the two client machines.
    enum ClientMachine: Sendable {
        case invite(ClientInviteTransaction)
        case nonInvite(ClientNonInviteTransaction)

        var id: SIPClientTransactionID {
            switch self {
            case .invite(let machine): machine.id
            case .nonInvite(let machine): machine.id
            }
        }

        var isInvite: Bool {
            if case .invite = self { return true }
            return false
        }

        /// Whether this is an INVITE transaction still waiting for a final response (Calling or Proceeding).
        var isInviteAwaitingFinalResponse: Bool {
            guard case .invite(let machine) = self else { return false }
            return machine.state == .calling || machine.state == .proceeding
        }

        mutating func handle(_ event: TransactionEvent) -> [TransactionAction] {
            switch self {
            case .invite(var machine):
                let actions = machine.handle(event)
                self = .invite(machine)
                return actions
            case .nonInvite(var machine):
                let actions = machine.handle(event)
                self = .nonInvite(machine)
                return actions
            }
        }
    }

    /// One of the two server machines.
    enum ServerMachine: Sendable {
        case invite(ServerInviteTransaction)
        case nonInvite(ServerNonInviteTransaction)

        var request: SIPMessage {
            switch self {
            case .invite(let machine): machine.request
            case .nonInvite(let machine): machine.request
            }
        }

        var lastResponse: SIPMessage? {
            switch self {
            case .invite(let machine): machine.lastResponse
            case .nonInvite(let machine): machine.lastResponse
            }
        }

        /// Whether this is an INVITE transaction that has sent no final response yet (so a CANCEL still matters).
        var isInviteAwaitingFinalResponse: Bool {
            if case .invite(let machine) = self { return machine.state == .proceeding }
            return false
        }

        var isInvite: Bool {
            if case .invite = self { return true }
            return false
        }

        mutating func handle(_ event: TransactionEvent) -> [TransactionAction] {
            switch self {
            case .invite(var machine):
                let actions = machine.handle(event)
                self = .invite(machine)
                return actions
            case .nonInvite(var machine):
                let actions = machine.handle(event)
                self = .nonInvite(machine)
                return actions
            }
        }
    }

    /// A live client transaction and what the layer keeps beside it.
    struct ClientEntry {
        var machine: ClientMachine
        /// Where the request and a non-2xx ACK go (§17.1.1.3: the ACK goes where the INVITE went).
        let destination: SIPTransportAddress
        let continuation: AsyncStream<SIPClientTransactionEvent>.Continuation
    }

    /// A live server transaction and what the layer keeps beside it.
    struct ServerEntry {
        var machine: ServerMachine
        let source: SIPTransportAddress
        /// Where responses go (§18.2.2), fixed when the request arrived.
        let responseDestination: SIPTransportAddress
        let localTag: String
        /// Tells this transaction from an earlier one with the same identifier (a request repeated after Timer J),
        /// so that a stale handle cannot answer the new one.
        let serial: UInt64
        /// Set for transactions passed to the TU: the key of §8.2.2.2 merged-request detection.
        let mergeKey: MergeKey?
    }

    /// The values §8.2.2.2 compares to detect a merged request: From tag, Call-ID and CSeq.
    struct MergeKey: Hashable, Sendable {
        var fromTag: String?
        var callID: String
        var sequence: UInt32
        var method: SIPMethod
    }

    /// A timer the layer started for a transaction; `generation` tells a current fire from a late one.
    struct RunningTimer {
        let generation: UInt64
        let timer: any SIPScheduledTimer
    }
}
