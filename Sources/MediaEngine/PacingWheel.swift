import NIOCore

/// Something the pacing wheel wakes every packet time: a media session sending and receiving audio.
protocol PacedStream: AnyObject {
    /// Whether the stream still wants ticks; the wheel forgets it once this is false.
    var isPaced: Bool { get }
    /// The stream's packet time now (a re-INVITE may change it); the wheel reads it at every tick.
    var periodMilliseconds: Int { get }
    /// Sends this packet time's packet, if the stream sends; true when a packet left. `ideal` is
    /// when the tick was due.
    func sendTick(ideal: NIODeadline) -> Bool
    /// The rest of the packet time's work (play out received audio, deadlines, RTCP), done after
    /// every stream of the slot has sent, so that it never delays another stream's packet.
    func serviceTick(now: NIODeadline)
}

/// The one timer service of an event loop: a timing wheel with 1 ms slots that wakes each stream
/// at its packet times, however many streams there are.
///
/// Deadlines are computed from one epoch (`epoch + tick × 1 ms`), never by adding intervals to the
/// time a wake-up actually happened, so sending cannot drift from real time: an hour of prompts is
/// as long as an hour of wall clock. Streams start on different slots, which spreads the work of a
/// thousand sessions over the 20 ms instead of sending a thousand packets in one burst. A late
/// wake-up runs every slot it missed, in order (at most 100 per run, with the loop reading its
/// sockets between runs), so no packet is skipped. Time is the event loop's (`EventLoop.now`), so a
/// test can run an hour of it on an embedded loop.
final class PacingWheel {
    /// Slots cover 1,024 ms, more than any packet time.
    static let slotCount = 1024
    private let loop: any EventLoop
    private let epoch: NIODeadline
    private var slots: [[any PacedStream]]
    /// The slot list being run, kept so that its storage is reused from tick to tick.
    private var running: [any PacedStream] = []
    private var nextTick: Int64 = 0
    private var streamCount = 0
    private var scheduled: Scheduled<Void>?
    private let pacing: PacingHistogram

    init(loop: any EventLoop, pacing: PacingHistogram) {
        self.loop = loop
        self.pacing = pacing
        epoch = loop.now
        slots = Array(repeating: [], count: Self.slotCount)
    }

    /// Starts waking `stream` at its packet time, first in the least loaded slot of its next period.
    func add(_ stream: any PacedStream) {
        loop.assertInEventLoop()
        let period = Self.clampedPeriod(stream.periodMilliseconds)
        let now = currentTick()
        if scheduled == nil { nextTick = now + 1 }
        var best = max(nextTick, now + 1)
        var bestLoad = Int.max
        for candidate in best..<(best + Int64(period)) {
            let load = slots[slotIndex(candidate)].count
            if load < bestLoad { best = candidate; bestLoad = load }
            if load == 0 { break }
        }
        slots[slotIndex(best)].append(stream)
        streamCount += 1
        if scheduled == nil { schedule() }
    }

    /// The streams the wheel wakes.
    var count: Int { streamCount }

    /// The deadline of a tick.
    func deadline(ofTick tick: Int64) -> NIODeadline {
        epoch + .milliseconds(tick)
    }

    private static func clampedPeriod(_ milliseconds: Int) -> Int {
        min(max(milliseconds, 1), slotCount - 1)
    }

    private func currentTick() -> Int64 {
        (loop.now - epoch).nanoseconds / 1_000_000
    }

    private func slotIndex(_ tick: Int64) -> Int {
        Int(tick & Int64(Self.slotCount - 1))
    }

    /// How long a wheel that has fallen behind waits before it runs again, so that the loop reads its sockets.
    static let readingPause = TimeAmount.microseconds(100)
    /// The most ticks one run catches up: after a long stall the backlog is sent in steps, with reading between them.
    static let maximumTicksPerRun: Int64 = 100

    private func schedule() {
        let wheel = NIOLoopBound(self, eventLoop: loop)
        // NIO runs every due task before it polls its sockets again. A wheel that ends a run already behind (or just
        // before) its next tick — an overloaded machine — would be due again at once and keep the loop from reading:
        // the kernel would drop the peers' packets, a lost key, a hole in a message. So it never comes back sooner
        // than a short pause; sending a few packets later costs jitter, not reading costs audio. The ticks it missed
        // still run, in order, when it wakes.
        let deadline = max(deadline(ofTick: nextTick), loop.now + Self.readingPause)
        scheduled = loop.scheduleTask(deadline: deadline) {
            wheel.value.runDueTicks()
        }
    }

    private func runDueTicks() {
        // `scheduled` stays set while the ticks run, so that a stream added meanwhile joins this timer chain
        // instead of starting a second one and resetting `nextTick`.
        let lastDue = min(currentTick(), nextTick + Self.maximumTicksPerRun - 1)
        while nextTick <= lastDue {
            runTick(nextTick)
            nextTick += 1
        }
        scheduled = nil
        if streamCount > 0 { schedule() }
    }

    /// Sends for every stream of the slot first, then does their other work, then files each
    /// stream under its next packet time.
    private func runTick(_ tick: Int64) {
        let index = slotIndex(tick)
        guard !slots[index].isEmpty else { return }
        swap(&running, &slots[index])
        let ideal = deadline(ofTick: tick)
        for stream in running where stream.isPaced {
            // Measured as the packet leaves: how late it is includes the sends before it in this slot.
            let now = loop.now
            if stream.sendTick(ideal: ideal) { pacing.record(deviation: now - ideal) }
        }
        let now = loop.now
        for stream in running {
            if stream.isPaced { stream.serviceTick(now: now) }
            if stream.isPaced {
                slots[slotIndex(tick + Int64(Self.clampedPeriod(stream.periodMilliseconds)))].append(stream)
            } else {
                streamCount -= 1
            }
        }
        running.removeAll(keepingCapacity: true)
    }
}
