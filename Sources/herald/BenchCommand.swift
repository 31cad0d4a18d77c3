import ArgumentParser
import Foundation
import HeraldServer
import Logging

/// `herald bench calls`: a call load against a SIP server.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Load tools.", subcommands: [Calls.self])

    struct Calls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place calls at a fixed rate (INVITE with SDP, G.711 RTP at 50 packets/s, hold, BYE) and report.",
            discussion: """
                Prints calls attempted, completed and failed (with reasons), the achieved rate, and p50/p99 of \
                INVITE→200 OK and of INVITE→first voiced audio (which includes this side's jitter buffer delay). \
                Exit status 1 when more than 0.1 % of calls failed.
                """)

        @Option(help: "The SIP URI to call.") var target: String = "sip:5000@127.0.0.1:5060"
        @Option(help: "New calls per second.") var rate: Double = 20
        @Option(help: "How long to start calls for, such as 20s.") var duration: String = "20s"
        @Option(help: "How long to hold each call before hanging up.") var hold: String = "2s"
        @Option(help: "Send a Diversion such as '4001;reason=no-answer' (loads call answering).") var diversion: String?
        @Option(help: "Keys to press a second after the answer, such as 1 (skips a greeting to the beep).") var keys: String = ""
        @Flag(help: "Talk for the whole call (a tone voice detection takes for speech), so recordings run to the hang-up.")
        var talk = false

        func run() async throws {
            guard let uri = Softphone.parseTarget(target) else { throw ValidationError("'\(target)' is not a SIP URI") }
            guard let length = Softphone.duration(duration), let holding = Softphone.duration(hold) else {
                throw ValidationError("durations are written like 20s or 500ms")
            }
            guard rate > 0, rate <= 2000 else { throw ValidationError("--rate must be between 0 and 2000") }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .error
                return handler
            }
            let logger = Logger(label: "herald.bench")
            let report = try await CallLoad(
                settings: CallLoad.Settings(
                    target: uri, rate: rate, duration: length, hold: holding, diversion: diversion, keys: keys, talk: talk),
                logger: logger
            ).run()
            func ms(_ values: [Double], _ p: Double) -> String { String(format: "%.1f", CallLoad.Report.percentile(values, p)) }
            print("calls attempted \(report.attempted), completed \(report.completed), failed \(report.failed)"
                  + String(format: " (%.2f %%) in %.1f s", Double(report.failed) * 100 / Double(max(1, report.attempted)), report.seconds))
            for (reason, count) in report.failures.sorted(by: { $0.value > $1.value }) { print("  failed: \(count) × \(reason)") }
            print("INVITE→200 OK ms: p50 \(ms(report.answerTimes, 0.5)) p99 \(ms(report.answerTimes, 0.99))")
            print("INVITE→first audio ms: p50 \(ms(report.firstAudioTimes, 0.5)) p99 \(ms(report.firstAudioTimes, 0.99))")
            if Double(report.failed) > Double(report.attempted) * 0.001 { throw ExitCode(1) }
        }
    }
}
