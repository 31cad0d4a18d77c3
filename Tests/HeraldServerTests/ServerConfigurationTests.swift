import Codecs
import Directory
import Foundation
import HeraldServer
import SIPTransport
import Testing

@Suite("herald serve --config: the YAML configuration")
struct ServerConfigurationTests {
    static let good = """
        sip:
          listen:
            - { transport: udp, host: 127.0.0.1, port: 5070 }
            - { transport: tls, host: 127.0.0.1 }
          tls: { certificate: /etc/herald/cert.pem, key: /etc/herald/key.pem, ca: /etc/herald/ca.pem }
        media:
          address: 127.0.0.1
          rtp_ports: 20000-20999
          codecs: [g722, PCMU]
          timeout_seconds: 45
          hold_timeout_seconds: 0
        http: { port: 9100 }
        data_directory: /var/lib/herald
        store: sqlite:/srv/herald/herald.sqlite
        log_level: debug
        """

    @Test("a complete file gives every setting")
    func complete() async throws {
        let (options, level) = try ServerConfiguration.parse(Self.good)
        #expect(options.listeners.map(\.port) == [5070, 5061])
        #expect(options.listeners.map(\.host) == ["127.0.0.1", "127.0.0.1"])
        #expect(options.tls?.trustRoots == "/etc/herald/ca.pem")
        #expect(options.rtpPorts == 20000...20999)
        #expect(options.codecs == [.g722, .pcmu])
        #expect(options.mediaTimeout == .seconds(45))
        #expect(options.holdTimeout == nil)
        #expect(options.dataDirectory == "/var/lib/herald")
        #expect(options.databasePath == "/srv/herald/herald.sqlite")
        #expect(options.http == ServerOptions.HTTPListener(host: "127.0.0.1", port: 9100))
        #expect(level == "debug")
    }

    @Test("mistakes are named by their key", arguments: [
        ("sip: { listen: [ { transport: sctp } ] }\ndata_directory: /d", "sip.listen[0].transport: 'sctp' is not udp, tcp or tls"),
        ("sip: { listen: [ { transport: tls } ] }\ndata_directory: /d\nmedia: { address: 127.0.0.1 }", "sip.tls: a TLS listener needs a certificate and key"),
        ("sip: { listen: [ { transport: udp, port: 70000 } ] }\ndata_directory: /d", "sip.listen[0].port: 70000 is not a port"),
        ("sip: { listen: [ { transport: udp } ] }\ndata_directory: /d", "media.advertised_address: needed when media binds to a wildcard address (SDP must name a reachable one)"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nmedia: { rtp_ports: 100-50 }", "media.rtp_ports: '100-50' is not a range such as 16384-32767 (from 1024)"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nmedia: { codecs: [amr] }", "media.codecs: unknown codec 'amr' (pcmu, pcma, g722, g729, gsm, g723, opus, l16)"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nmedia: { timeout_seconds: -1 }", "media.timeout_seconds: -1 is not 0 (off) to 86400 seconds"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nmedia: { hold_timeout_seconds: 90000 }", "media.hold_timeout_seconds: 90000 is not 0 (off) to 86400 seconds"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nstore: postgres://x", "store: 'postgres://x' is not supported: use sqlite:/path/to/herald.sqlite"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nlog_level: loud", "log_level: 'loud' is not trace, debug, info, notice, warning or error"),
        ("sip: { listen: [ { transport: udp, host: 10.0.0.5 } ] }\ndata_directory: /d\nhttp: { port: 99999 }", "http.port: 99999 is not a port"),
    ])
    func mistakes(text: String, message: String) {
        #expect(throws: ServerConfiguration.Failure.self) { try ServerConfiguration.parse(text) }
        do {
            _ = try ServerConfiguration.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a missing key is reported by name")
    func missing() {
        do {
            _ = try ServerConfiguration.parse("sip: { listen: [] }", file: "herald.yaml")
            Issue.record("expected a failure")
        } catch {
            #expect(error.description.contains("data_directory"), "\(error)")
        }
    }
}

@Suite("herald serve --config runs with the directory its admin builds", .timeLimit(.minutes(3)))
struct ServeConfigTests {
    @Test("no gateway: refused; after admin verbs add one and a mailbox: answered for it")
    func configuredServer() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let config = data.appendingPathComponent("herald.yaml")
        try """
            sip:
              listen:
                - { transport: udp, host: 127.0.0.1, port: 0 }
            media: { address: 127.0.0.1, codecs: [pcma] }
            data_directory: \(data.path)
            log_level: info
            """.write(to: config, atomically: true, encoding: .utf8)
        let server = try RunningProcess(["serve", "--config", config.path])
        defer { server.stop() }
        let line = try #require(await server.line(containing: "listening udp"), "\(server.log)")
        let port = Int(line.split(separator: ":").last ?? "") ?? 0
        _ = await server.line(containing: "Herald is running")

        let refused = try await HeraldExecutable.run(["call", "sip:5000@127.0.0.1:\(port)"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("403"), "\(refused.stderr)")

        for arguments in [
            ["dialplan", "add", "Main", "--digits", "3", "--pilot", "800"],
            ["gateway", "add", "pbx", "--address", "127.0.0.1", "--dial-plan", "Main", "--profile", "cisco-cucm"],
            ["mailbox", "enable", "201", "--first-name", "Gus", "--last-name", "Green", "--email", "gus@example.com", "--dial-plan", "Main"],
        ] {
            let result = try await HeraldExecutable.run(arguments + ["--data-dir", data.path])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let answered = try await HeraldExecutable.run(["call", "sip:800@127.0.0.1:\(port)", "--from", "555", "--diversion", "201;reason=user-busy"])
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout.contains("answered: pcma"))
        #expect(server.log.contains("call answering for 201 (Gus Green), user-busy, busy greeting"))
    }
}

@Suite("codec order per gateway")
struct GatewayCodecOrderTests {
    @Test("an A-law PBX gets PCMA before PCMU; a µ-law one keeps the order; other codecs stay where they are")
    func companding() {
        var aLaw = PBXProfile.ciscoCUCM
        aLaw.companding = .aLaw
        let preference: [AudioCodecKind] = [.opus, .g722, .pcmu, .pcma, .g729]
        #expect(UMServer.codecs(preference, for: aLaw) == [.opus, .g722, .pcma, .pcmu, .g729])
        #expect(UMServer.codecs(preference, for: .ciscoCUCM) == preference)
        #expect(UMServer.codecs([.g723, .pcma], for: aLaw) == [.g723, .pcma])
    }
}
