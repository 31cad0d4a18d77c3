import SIPMessage
import SIPTransaction
import Testing

@Suite("SIPTimerSettings (RFC 3261 Table 4, RFC 6026 §7.4)")
struct SIPTimerSettingsTests {
    @Test func defaultsAreTheRFCValues() {
        let timers = SIPTimerSettings.default
        #expect(timers.t1 == .milliseconds(500))
        #expect(timers.t2 == .seconds(4))
        #expect(timers.t4 == .seconds(5))
        #expect(timers.timerA == .milliseconds(500))
        #expect(timers.timerB == .seconds(32))
        #expect(timers.timerE == .milliseconds(500))
        #expect(timers.timerF == .seconds(32))
        #expect(timers.timerG == .milliseconds(500))
        #expect(timers.timerH == .seconds(32))
        #expect(timers.timerL == .seconds(32))
        #expect(timers.timerM == .seconds(32))
    }

    @Test func waitTimersAreZeroOnReliableTransports() {
        let timers = SIPTimerSettings.default
        #expect(timers.timerD(over: .udp) == .seconds(32))
        #expect(timers.timerI(over: .udp) == .seconds(5))
        #expect(timers.timerJ(over: .udp) == .seconds(32))
        #expect(timers.timerK(over: .udp) == .seconds(5))
        for transport in [SIPTransportAddress.Transport.tcp, .tls] {
            #expect(timers.timerD(over: transport) == .zero)
            #expect(timers.timerI(over: transport) == .zero)
            #expect(timers.timerJ(over: transport) == .zero)
            #expect(timers.timerK(over: transport) == .zero)
        }
    }

    @Test func backoffDoublesUpToT2ButTimerADoesNotStop() {
        let timers = SIPTimerSettings.default
        var interval = timers.timerE
        var intervals: [Duration] = []
        for _ in 0..<5 {
            interval = timers.cappedBackoff(after: interval)
            intervals.append(interval)
        }
        #expect(intervals == [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
        #expect(timers.timerA(after: .seconds(4)) == .seconds(8))
    }

    @Test func derivedTimersScaleWithT1() {
        let timers = SIPTimerSettings(t1: .seconds(1), t2: .seconds(8), t4: .seconds(10))
        #expect(timers.timerB == .seconds(64))
        #expect(timers.timerH == .seconds(64))
        #expect(timers.timerD(over: .udp) == .seconds(64))
        #expect(timers.timerK(over: .udp) == .seconds(10))
        // Timer D never drops below the RFC's 32 s floor.
        #expect(SIPTimerSettings(t1: .milliseconds(100)).timerD(over: .udp) == .seconds(32))
    }
}
