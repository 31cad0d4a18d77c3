import Logging
import NIOCore

extension MediaSessionCore {
    /// The far end is heard from: an RTP packet of the stream, or an RTCP report of its source.
    func heardFromPeer(at now: NIODeadline) {
        lastHeard = now
    }

    /// Reports a peer in a two-way call (`sendrecv`) that has sent neither RTP nor RTCP for
    /// `mediaTimeout`: a far end that vanished without a BYE. A hold in any form stops that clock —
    /// `inactive`, `recvonly`, and `sendonly` too, since many phones that hold `sendonly` then send
    /// nothing — and it starts again at the resume. A hold longer than `holdTimeout` is reported too:
    /// a caller who never came back.
    func checkLiveness(_ setup: StreamSetup, now: NIODeadline) {
        guard !mediaTimedOut else { return }
        guard setup.receives && setup.sends else {
            lastHeard = nil
            let since = heldSince ?? now
            heldSince = since
            if let limit = configuration.holdTimeout, now - since >= .nanoseconds(limit.nanoseconds) {
                reportMediaGone("on hold for \(limit): the caller did not come back")
            }
            return
        }
        heldSince = nil
        guard let limit = configuration.mediaTimeout else { return }
        guard let lastHeard else {
            self.lastHeard = now
            return
        }
        guard now - lastHeard >= .nanoseconds(limit.nanoseconds) else { return }
        reportMediaGone("no RTP or RTCP from the far end for \(limit): its media is gone")
    }

    private func reportMediaGone(_ why: String) {
        mediaTimedOut = true
        logger.warning("\(why)")
        endMediaTimeoutWaits(timedOut: true)
    }

    /// Waits for `checkLiveness` to find the media gone; resumed with false if the session closes.
    func waitForMediaTimeout(id: Int, _ continuation: CheckedContinuation<Bool, Never>) {
        if cancelledOperations.remove(id) != nil || closed { return continuation.resume(returning: false) }
        if mediaTimedOut { return continuation.resume(returning: true) }
        mediaTimeoutWaiters[id] = continuation
    }

    /// Ends a wait whose task was cancelled.
    func cancelMediaTimeoutWait(id: Int) {
        guard let waiter = mediaTimeoutWaiters.removeValue(forKey: id) else {
            cancelledOperations.insert(id)
            return
        }
        waiter.resume(returning: false)
    }

    /// Ends every wait: with true when the media timed out, false when the session closes.
    func endMediaTimeoutWaits(timedOut: Bool) {
        let waiters = mediaTimeoutWaiters
        mediaTimeoutWaiters.removeAll()
        for waiter in waiters.values { waiter.resume(returning: timedOut) }
    }
}
