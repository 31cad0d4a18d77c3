import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// One demo server for the test run: started with free ports and a fresh data directory by the first suite that asks;
/// suites asking at the same time wait for that same start (the actor is re-entered while it waits).
actor DemoServer {
    typealias Running = (process: RunningProcess, udp: Int, tcp: Int, tls: Int, http: Int, data: URL)

    static let shared = DemoServer()
    private var starting: Task<Running, any Error>?

    func get() async throws -> Running {
        if let starting { return try await starting.value }
        let task = Task { try await Self.start() }
        starting = task
        return try await task.value
    }

    private static func start() async throws -> Running {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-demo-\(UUID().uuidString)")
        let process = try RunningProcess(["serve", "--demo", "--data-dir", data.path, "--sip-port", "0", "--tls-port", "0", "--http-port", "0"])
        let udp = try #require(await process.line(containing: "listening udp"), "\(process.log)")
        let tcp = try #require(await process.line(containing: "listening tcp"), "\(process.log)")
        let tls = try #require(await process.line(containing: "listening tls"), "\(process.log)")
        let http = try #require(await process.line(containing: "listening http"), "\(process.log)")
        _ = await process.line(containing: "Herald demo is running")
        func port(_ line: String) -> Int { Int(line.split(separator: ":").last ?? "") ?? 0 }
        return (process, port(udp), port(tcp), port(tls), port(http), data)
    }
}

@Suite("herald serve --demo answers calls by flow", .serialized, .timeLimit(.minutes(3)))
struct ServeDemoTests {
    static func call(_ arguments: [String]) async throws -> HeraldExecutable.Result {
        try await HeraldExecutable.run(["call"] + arguments)
    }

    static func recordedSeconds(_ output: String) -> Double {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("recorded ") }) else { return 0 }
        return Double(line.split(separator: " ")[1]) ?? 0
    }

    @Test("the pilot, called directly, answers with the welcome prompt")
    func pilot() async throws {
        let server = try await DemoServer.shared.get()
        let path = server.data.appendingPathComponent("welcome.wav").path
        let result = try await Self.call(["sip:5000@127.0.0.1:\(server.udp)", "--from", "+12025550199", "--record", path, "--hangup-after", "5s"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ended: localHangUp"))
        #expect(Self.recordedSeconds(result.stdout) > 3, "the welcome prompt is several seconds of speech")
        #expect(server.process.log.contains("flow=subscriber access (dial plan Demo)"))
    }

    @Test("a call diverted from 4001 is answered for Bob Brown's mailbox", arguments: [
        ("4001;reason=no-answer", "call answering for 4001 (Bob Brown), no-answer, standard greeting"),
        ("4002;reason=user-busy", "call answering for 4002 (Carol Clark), user-busy, busy greeting"),
        ("4999;reason=no-answer", "mailbox 4999 is not available"),
    ])
    func diverted(diversion: String, flow: String) async throws {
        let server = try await DemoServer.shared.get()
        let result = try await Self.call(["sip:5000@127.0.0.1:\(server.udp)", "--from", "4003", "--diversion", diversion, "--codec", "pcmu", "--hangup-after", "2s"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("answered: pcmu"))
        #expect(server.process.log.contains(flow))
    }

    @Test("the voicemail button: 4000 calls the pilot diverting to itself")
    func voicemailButton() async throws {
        let server = try await DemoServer.shared.get()
        let result = try await Self.call(["sip:5000@127.0.0.1:\(server.tcp)", "--from", "4000", "--diversion", "4000;reason=unconditional", "--transport", "tcp", "--hangup-after", "2s"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.process.log.contains("voicemail button for 4000 (Alice Anderson)"))
    }

    @Test("the auto attendant number reaches the auto attendant")
    func autoAttendant() async throws {
        let server = try await DemoServer.shared.get()
        let result = try await Self.call(["sip:5005@127.0.0.1:\(server.udp)", "--from", "+442079460321"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.process.log.contains("flow=auto attendant \"Main\""))
    }

    @Test("a call from an address that is not a gateway is refused with 403, and the server says who")
    func unknownGateway() async throws {
        let server = try await DemoServer.shared.get()
        let result = try await Self.call(["sip:5000@127.0.0.1:\(server.udp)", "--local-address", "127.0.0.2"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("403"), "\(result.stderr)")
        #expect(server.process.log.contains("not a UM IP gateway refused"))
    }

    @Test("a mailbox an administrator enables while the server runs takes the next diverted call")
    func adminChangeAppliesToNextCall() async throws {
        let server = try await DemoServer.shared.get()
        let enable = try await HeraldExecutable.run([
            "mailbox", "enable", "4004", "--first-name", "Erin", "--last-name", "Evans", "--email", "erin@example.com",
            "--data-dir", server.data.path,
        ])
        #expect(enable.status == 0, "\(enable.stderr)")
        #expect(try await HeraldExecutable.run(["mailbox", "list", "--data-dir", server.data.path]).stdout.contains("4004\tErin Evans"))
        let result = try await Self.call(["sip:5000@127.0.0.1:\(server.udp)", "--from", "4001", "--diversion", "4004", "--hangup-after", "1s"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.process.log.contains("call answering for 4004 (Erin Evans)"))
    }

    @Test("a TLS call to the demo's TLS port gets SRTP")
    func tls() async throws {
        let server = try await DemoServer.shared.get()
        let certificate = server.data.appendingPathComponent("tls/demo-certificate.pem").path
        let key = server.data.appendingPathComponent("tls/demo-key.pem").path
        let result = try await Self.call([
            "sip:5000@127.0.0.1:\(server.tls);transport=tls", "--tls-certificate", certificate, "--tls-key", key, "--tls-ca", certificate,
            "--hangup-after", "2s",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("with SRTP"), "\(result.stdout)")
    }

    @Test("the HTTP port serves Prometheus metrics of the calls and a health check")
    func metrics() async throws {
        let server = try await DemoServer.shared.get()
        let call = try await Self.call(["sip:5000@127.0.0.1:\(server.udp)", "--from", "4001", "--hangup-after", "1s"])
        #expect(call.status == 0, "\(call.stderr)")
        let (body, response) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(server.http)/metrics")))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let text = String(decoding: body, as: UTF8.self)
        for name in [
            #"herald_calls_total{flow="subscriber_access"}"#, "herald_calls_active", "herald_call_answer_seconds",
            "herald_rtp_packets_received_total", "herald_rtp_packets_lost_total",
        ] {
            #expect(text.contains(name), "\(name) in\n\(text)")
        }
        let (health, healthResponse) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(server.http)/health")))
        #expect((healthResponse as? HTTPURLResponse)?.statusCode == 200 && String(decoding: health, as: UTF8.self) == "ok\n")
        let (_, missing) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(server.http)/nothing")))
        #expect((missing as? HTTPURLResponse)?.statusCode == 404)
    }
}

@Suite("herald serve --demo with its HTTP port taken", .timeLimit(.minutes(2)))
struct DemoHTTPPortTakenTests {
    @Test("the demo still starts, says it runs without /metrics, and answers calls")
    func portTaken() async throws {
        // Something else listens on the port the demo is told to use.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(bound)
        let taken = Int(UInt16(bigEndian: address.sin_port))
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-demo-\(UUID().uuidString)")
        let server = try RunningProcess(["serve", "--demo", "--data-dir", data.path, "--sip-port", "0", "--no-tls", "--http-port", "\(taken)"])
        defer { server.stop() }
        let line = try #require(await server.line(containing: "listening udp"), "\(server.log)")
        _ = try #require(await server.line(containing: "Herald demo is running"), "\(server.log)")
        #expect(server.log.contains("the HTTP port could not be opened"), "\(server.log)")
        #expect(!server.log.contains("listening http"))
        let port = Int(line.split(separator: ":").last ?? "") ?? 0
        let call = try await HeraldExecutable.run(["call", "sip:5000@127.0.0.1:\(port)", "--hangup-after", "1s"])
        #expect(call.status == 0, "\(call.stderr)")
    }
}

@Suite("herald serve shuts down gracefully", .timeLimit(.minutes(3)))
struct ServeShutdownTests {
    @Test("SIGTERM lets the call in progress finish, then the server exits 0")
    func gracefulShutdown() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("herald-demo-\(UUID().uuidString)")
        let server = try RunningProcess(["serve", "--demo", "--data-dir", data.path, "--sip-port", "0", "--no-tls", "--http-port", "0"])
        defer { server.stop() }
        let line = try #require(await server.line(containing: "listening udp"), "\(server.log)")
        let port = Int(line.split(separator: ":").last ?? "") ?? 0
        _ = await server.line(containing: "Herald demo is running")
        let caller = try RunningProcess(["call", "sip:5000@127.0.0.1:\(port)", "--hangup-after", "4s"])
        _ = await caller.line(containing: "answered")
        server.signal(SIGTERM)
        #expect(await caller.waitForExit() == 0)
        #expect(caller.log.contains("ended: localHangUp"), "the call went on until the caller hung up, not cut: \(caller.log)")
        #expect(await server.waitForExit() == 0, "\(server.log)")
        #expect(server.log.contains("shutting down"))
        #expect(server.log.contains("Herald stopped."))
    }
}

@Suite("herald bench calls", .timeLimit(.minutes(3)))
struct BenchCallsTests {
    @Test("a short load against the demo completes every call and reports the latencies")
    func shortLoad() async throws {
        let server = try await DemoServer.shared.get()
        let result = try await HeraldExecutable.run(["bench", "calls", "--target", "sip:5000@127.0.0.1:\(server.udp)", "--rate", "5", "--duration", "2s", "--hold", "1s"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("calls attempted 10, completed 10, failed 0"), "\(result.stdout)")
        #expect(result.stdout.contains("INVITE→200 OK ms: p50"))
        #expect(result.stdout.contains("INVITE→first audio ms: p50"))
    }
}
