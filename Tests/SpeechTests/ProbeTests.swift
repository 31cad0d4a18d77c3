import Testing
import Speech

@Test func probe() throws {
    let s = SpeechSynthesizer()
    var runs: [[Int16]] = []
    for _ in 0..<4 { runs.append(try s.synthesize("Welcome, you are connected to Herald. Goodbye.", voice: .slt, sampleRate: 16000).samples) }
    for r in runs.dropFirst() {
        let diffs = zip(runs[0], r).enumerated().filter { $0.element.0 != $0.element.1 }
        print(r.count, runs[0].count, "diffs", diffs.count, diffs.prefix(5).map { ($0.offset, $0.element.0, $0.element.1) }, "maxdiff", diffs.map { abs(Int($0.element.0) - Int($0.element.1)) }.max() ?? 0)
    }
    print(runs[1] == runs[2], runs[2] == runs[3])
}
