import ArgumentParser
import Dispatch
import Foundation
import HeraldServer
import Logging

/// `herald serve`: runs the UM server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Unified Messaging server.",
        discussion: """
            --demo runs with nothing to configure: SIP on 127.0.0.1:5060 (UDP and TCP) and TLS on 5061 with a \
            self-signed certificate made on first start, /metrics and /health on http://127.0.0.1:8080, data in ./.herald-demo, dial plan "Demo" with pilot 5000, \
            auto attendant 5005 and users 4000-4003 (PIN 135246). SIGTERM or Ctrl-C stops taking calls, lets calls \
            in progress finish (up to 30 s) and exits.
            """)

    @Flag(help: "Run the demo configuration.")
    var demo = false

    @Option(help: "A YAML configuration file (see docs/serve.md).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "The data directory (default for the demo: ./.herald-demo).")
    var dataDirectory: String?

    @Option(name: .customLong("sip-port"), help: "The UDP/TCP SIP port (0 picks a free one).")
    var sipPort: Int = 5060

    @Option(name: .customLong("tls-port"), help: "The TLS SIP port (0 picks a free one).")
    var tlsPort: Int = 5061

    @Flag(name: .customLong("no-tls"), help: "Do not listen for TLS.")
    var noTLS = false

    @Option(name: .customLong("http-port"), help: "The demo's HTTP port for /metrics and /health (0 picks a free one).")
    var httpPort: Int = 8080

    @Flag(name: .customLong("no-http"), help: "Do not open the HTTP port.")
    var noHTTP = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func validate() throws {
        guard demo != (config != nil) else { throw ValidationError("give either --demo or --config FILE") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        var options: ServerOptions
        var level = logLevel
        if let config {
            do {
                (options, level) = try ServerConfiguration.load(path: config)
            } catch {
                FileHandle.standardError.write(Data("herald serve: \(config): \(error)\n".utf8))
                throw ExitCode(78)  // EX_CONFIG
            }
            if let dataDirectory { options.dataDirectory = dataDirectory }
        } else {
            options = ServerOptions.demo(
                dataDirectory: dataDirectory ?? ".herald-demo", sipPort: sipPort, tlsPort: noTLS ? nil : tlsPort,
                httpPort: noHTTP ? nil : httpPort)
        }
        let chosenLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = chosenLevel
            return handler
        }
        let logger = Logger(label: "herald")
        let administration = try await Administration.open(
            dataDirectory: options.dataDirectory, databasePath: options.databasePath, seedDemo: demo)
        let (server, listeners) = try await UMServer.start(options: options, store: administration.store, logger: logger)
        for listener in listeners { say("listening \(listener)") }
        if demo { sayDemoHelp(listeners) } else { say("Herald is running.") }
        let signals = ShutdownSignals { Task { await server.shutdown() } }
        await server.run()
        signals.cancel()
        say("Herald stopped.")
    }

    private func sayDemoHelp(_ listeners: [UMServer.Listener]) {
        say("""
            Herald demo is running. Dial plan "Demo": pilot 5000, auto attendant 5005, users 4000 Alice Anderson, \
            4001 Bob Brown, 4002 Carol Clark, 4003 David Davis (PIN 135246). Try:
              herald call sip:5000@127.0.0.1:\(listeners.first?.address.split(separator: ":").last ?? "5060") --record welcome.wav
            """)
    }

    /// Writes a line to standard output at once (print is block-buffered when the output is a pipe).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// SIGTERM and SIGINT start a graceful shutdown instead of killing the process.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
