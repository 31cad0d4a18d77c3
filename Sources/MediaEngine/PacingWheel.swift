import NIOCore

/// Something the pacing wheel wakes every packet time: a media session sending and receiving audio.
protocol PacedStream: AnyObject {
    /// Whether the stream still wants ticks; the wheel forgets it once this is false.
    var isPaced: Bool { get }
    /// One packet time has passed: `ideal` is when this tick was due, `now` is when it runs.
    func tick(ideal: NIODeadline, now: NIODeadline)
}

/// The one timer service of an event loop: a timing wheel with 1 ms slots that wakes each stream
/// at its packet times, however many streams there are.
///
/// Deadlines are computed from one epoch (`epoch + tick × 1 ms`), never by adding intervals to the
/// time a wake-up actually happened, so sending cannot drift from real time: an hour of prompts is
/// as long as an hour of wall clock. Streams start on different slots, which spreads the work of a
/// thousand sessions over the 20 ms instead of sending a thousand packets in one burst. A late
/// wake-up runs every slot it missed, in order, so no packet is skipped.
final class PacingWheel {
    private struct Entry {
        let stream: any PacedStream
        let periodTicks: Int64
    }

    /// Slots cover 1,024 ms, more than any packet time.
    private static let slotCount = 1024
    private let loop: any EventLoop
    private let epoch: NIODeadline
    private var slots: [[Entry]]
    private var nextTick: Int64 = 0
    private var streamCount = 0
    private var scheduled: Scheduled<Void>?
    private let pacing: PacingHistogram

    init(loop: any EventLoop, pacing: PacingHistogram) {
        self.loop = loop
        self.pacing = pacing
        epoch = .now()
        slots = Array(repeating: [], count: Self.slotCount)
    }

    /// Starts waking `stream` every `periodMilliseconds`, first in the next free-ish slot.
    func add(_ stream: any PacedStream, periodMilliseconds: Int) {
        loop.assertInEventLoop()
        precondition(periodMilliseconds > 0 && periodMilliseconds < Self.slotCount)
        let now = currentTick()
        if scheduled == nil { nextTick = now + 1 }
        // Spread streams over the period: pick the least loaded slot of the next period.
        var best = max(nextTick, now + 1)
        var bestLoad = Int.max
        for candidate in best..<(best + Int64(periodMilliseconds)) {
            let load = slots[slotIndex(candidate)].count
            if load < bestLoad { best = candidate; bestLoad = load }
            if load == 0 { break }
        }
        slots[slotIndex(best)].append(Entry(stream: stream, periodTicks: Int64(periodMilliseconds)))
        streamCount += 1
        if scheduled == nil { schedule() }
    }

    /// The deadline of a tick.
    func deadline(ofTick tick: Int64) -> NIODeadline {
        epoch + .milliseconds(tick)
    }

    private func currentTick() -> Int64 {
        (NIODeadline.now() - epoch).nanoseconds / 1_000_000
    }

    private func slotIndex(_ tick: Int64) -> Int {
        Int(tick & Int64(Self.slotCount - 1))
    }

    private func schedule() {
        let wheel = NIOLoopBound(self, eventLoop: loop)
        scheduled = loop.scheduleTask(deadline: deadline(ofTick: nextTick)) {
            wheel.value.runDueTicks()
        }
    }

    private func runDueTicks() {
        scheduled = nil
        let now = NIODeadline.now()
        let lastDue = (now - epoch).nanoseconds / 1_000_000
        while nextTick <= lastDue {
            runTick(nextTick)
            nextTick += 1
        }
        if streamCount > 0 { schedule() }
    }

    private func runTick(_ tick: Int64) {
        let index = slotIndex(tick)
        guard !slots[index].isEmpty else { return }
        let entries = slots[index]
        slots[index] = []
        let ideal = deadline(ofTick: tick)
        for entry in entries {
            guard entry.stream.isPaced else {
                streamCount -= 1
                continue
            }
            let now = NIODeadline.now()
            pacing.record(deviation: now - ideal)
            entry.stream.tick(ideal: ideal, now: now)
            if entry.stream.isPaced {
                slots[slotIndex(tick + entry.periodTicks)].append(entry)
            } else {
                streamCount -= 1
            }
        }
    }
}
