import ArgumentParser
import Foundation
import HeraldServer
import Logging

/// `herald call TARGET`: places one real call and prints its progress.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Place a call as a softphone: SIP, RTP, DTMF by RFC 4733, a WAV as the microphone, a recording of what is heard.",
        discussion: """
            Examples:
              herald call sip:5000@127.0.0.1 --from 4001 --dtmf "4001#135246#" --record heard.wav --hangup-after 20s
              herald call sip:5000@127.0.0.1 --from 4002 --diversion "4000;reason=no-answer" --play message.wav
            Exit status: 0 when the call was answered, 1 when it was not (busy, no answer, refused, unreachable).
            """)

    @Argument(help: "The SIP URI to call, such as sip:5000@127.0.0.1 or sip:5000@127.0.0.1:5061;transport=tls.")
    var target: String

    @Option(help: "udp, tcp or tls (a ;transport= parameter in the URI wins).")
    var transport: String = "udp"

    @Option(help: "The calling number or user.")
    var from: String = "herald-call"

    @Option(help: "Send a Diversion header: the diverting number and reason, such as '4000;reason=no-answer'.")
    var diversion: String?

    @Option(help: "Keys to press once answered (0-9 * # A-D).")
    var dtmf: String = ""

    @Option(name: .customLong("dtmf-delay"), help: "Pause before the first key and after each '#', such as 1s or 500ms.")
    var dtmfDelay: String = "1s"

    @Option(help: "A WAV file to play as the microphone.")
    var play: String?

    @Option(help: "A WAV file to write what the call's far end says into.")
    var record: String?

    @Option(name: .customLong("hangup-after"), help: "Hang up after this long in the call, such as 20s; default: wait for the far end.")
    var hangupAfter: String?

    @Option(help: "Offer only this codec: pcmu, pcma, g722, g729, gsm, g723, opus.")
    var codec: String?

    @Option(name: .customLong("tls-certificate"), help: "For TLS: our certificate chain (PEM).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "For TLS: our private key (PEM).")
    var tlsKey: String?

    @Option(name: .customLong("tls-ca"), help: "For TLS: the CA that signed the server's certificate (PEM); without it the chain is not checked.")
    var tlsCA: String?

    @Option(name: .customLong("local-address"), help: "The local address to call from (default: 127.0.0.1 for loopback targets).")
    var localAddress: String?

    @Flag(help: "Log SIP and media details (on standard error).")
    var verbose = false

    func run() async throws {
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "herald.call")
        let options = try makeOptions()
        let softphone = Softphone(options: options, logger: logger)
        do {
            let outcome = try await softphone.run { line in print(line) }
            _ = outcome
        } catch {
            FileHandle.standardError.write(Data("herald call: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func makeOptions() throws -> Softphone.Options {
        guard let uri = Softphone.parseTarget(target) else { throw ValidationError("'\(target)' is not a SIP URI") }
        guard let kind = Softphone.transport(named: transport) else { throw ValidationError("transport must be udp, tcp or tls") }
        guard let delay = Softphone.duration(dtmfDelay) else { throw ValidationError("--dtmf-delay: '\(dtmfDelay)' is not a duration such as 1s or 500ms") }
        var limit: Duration?
        if let hangupAfter {
            guard let parsed = Softphone.duration(hangupAfter) else { throw ValidationError("--hangup-after: '\(hangupAfter)' is not a duration") }
            limit = parsed
        }
        var codecKind: Softphone.Options.Codec?
        if let codec {
            guard let parsed = Softphone.codec(named: codec) else { throw ValidationError("--codec: unknown codec '\(codec)'") }
            codecKind = parsed
        }
        guard dtmf.allSatisfy({ "0123456789*#ABCDabcd".contains($0) }) else { throw ValidationError("--dtmf: only 0-9 * # A-D") }
        let tls = try Softphone.tlsSettings(certificate: tlsCertificate, key: tlsKey, ca: tlsCA, target: uri, transport: kind)
        return Softphone.Options(
            target: uri, transport: kind, from: from, diversion: diversion, dtmf: dtmf.uppercased(), dtmfDelay: delay, play: play,
            record: record, hangupAfter: limit, codec: codecKind, tls: tls, localAddress: localAddress)
    }
}
