import Logging
import SIPDialog
import SIPMessage
import SIPTransaction

/// Reliable provisional responses (RFC 3262) for callers that require 100rel: RSeq, retransmission until PRACK.
extension SIPUserAgent {
    /// One INVITE's reliable provisional state.
    struct ReliableEntry {
        var machine: ReliableProvisionalUAS
        let handle: SIPServerTransactionHandle
        var timers: [ReliableProvisionalUAS.Timer: any SIPScheduledTimer] = [:]
    }

    /// Whether provisional responses to this INVITE must be reliable: only when the caller requires it, since
    /// a PRACK round trip per provisional is otherwise wasted on a UM server that answers at once.
    func needsReliableProvisionals(_ invite: SIPMessage) -> Bool {
        ReliableProvisionalUAS.requirement(of: invite) == .required
    }

    /// Sends a provisional response reliably, creating the INVITE's machine on first use.
    func sendReliably(_ response: SIPMessage, for handle: SIPServerTransactionHandle) async {
        if reliable[handle.id] == nil {
            guard let machine = try? ReliableProvisionalUAS(
                invite: handle.request, initialRSeq: UInt32.random(in: 1...(1 << 30)), t1: configuration.transactions.timers.t1),
                  let callID = try? handle.request.headers.callID, let fromTag = try? handle.request.headers.from.tag else {
                await handle.respond(response)
                return
            }
            reliable[handle.id] = ReliableEntry(machine: machine, handle: handle)
            reliableByDialog[DialogID(callID: callID, localTag: handle.localTag, remoteTag: fromTag)] = handle.id
        }
        guard var entry = reliable[handle.id] else { return }
        let actions = entry.machine.handle(.provisionalReady(response))
        reliable[handle.id] = entry
        await performReliable(actions, for: handle.id, prack: nil)
    }

    /// Passes the final response through the machine, which holds a 2xx until an outstanding PRACK when it must.
    /// Returns false when there is no machine for this INVITE (the caller sends the response itself).
    func sendFinalReliably(_ response: SIPMessage, for handle: SIPServerTransactionHandle) async -> Bool {
        guard var entry = reliable[handle.id] else { return false }
        let actions = entry.machine.handle(.finalReady(response))
        reliable[handle.id] = entry
        await performReliable(actions, for: handle.id, prack: nil)
        return true
    }

    /// A PRACK in the early dialog of an INVITE we answer reliably; false if no INVITE matches.
    func receivePRACK(_ prack: SIPServerTransactionHandle, dialog id: DialogID) async -> Bool {
        guard let inviteID = reliableByDialog[id], var entry = reliable[inviteID] else { return false }
        let actions = entry.machine.handle(.prackReceived(prack.request))
        reliable[inviteID] = entry
        await performReliable(actions, for: inviteID, prack: prack)
        return true
    }

    func performReliable(_ actions: [ReliableProvisionalUAS.Action], for id: SIPServerTransactionID, prack: SIPServerTransactionHandle?) async {
        for action in actions {
            guard let entry = reliable[id] else { return }
            switch action {
            case .transmit(let message):
                await entry.handle.respond(message)
                if let status = message.statusCode, status >= 200 { forgetReliable(id) }
            case .respondToPRACK(let status, let headers):
                if let prack { await reply(prack, status, headers: headers.map { ($0.name, String($0.value)) }) }
            case .rejectRequest(let status):
                // No PRACK within 64·T1 (RFC 3262 §3): the INVITE fails.
                logger.notice("no PRACK for a reliable provisional: rejecting the INVITE with \(status)")
                await reject(entry.handle, status: status, reasonPhrase: nil, warning: nil)
                forgetReliable(id)
            case .startTimer(let timer, let delay):
                reliable[id]?.timers.removeValue(forKey: timer)?.cancel()
                reliable[id]?.timers[timer] = scheduler.schedule(after: delay) { [weak self] in await self?.reliableTimerFired(timer, for: id) }
            case .cancelTimer(let timer):
                reliable[id]?.timers.removeValue(forKey: timer)?.cancel()
            }
        }
    }

    func reliableTimerFired(_ timer: ReliableProvisionalUAS.Timer, for id: SIPServerTransactionID) async {
        guard var entry = reliable[id], entry.timers.removeValue(forKey: timer) != nil else { return }
        let actions = entry.machine.handle(.timerFired(timer))
        reliable[id] = entry
        await performReliable(actions, for: id, prack: nil)
    }

    func forgetReliable(_ id: SIPServerTransactionID) {
        guard let entry = reliable.removeValue(forKey: id) else { return }
        for timer in entry.timers.values { timer.cancel() }
        reliableByDialog = reliableByDialog.filter { $0.value != id }
    }
}
