import Foundation
import NIOCore
import NIOPosix
import SIPMessage

/// A headless baresip (Debian) driven over its ctrl_tcp socket: netstring-framed JSON commands and events.
final class Baresip: @unchecked Sendable {
    let directory: URL
    let sipPort: Int
    let process: PeerProcess
    let control: any Channel
    let messages: AsyncStream<[String: String]>

    /// Starts baresip listening on loopback; `autoAnswer` makes its account answer calls by itself.
    /// `microphone` is the 8 kHz audio it sends in calls (silence by default; padded with two minutes
    /// of silence because baresip hangs up when its source ends); `srtp` makes it offer and require
    /// SDES-keyed SRTP (`RTP/SAVP`); what it hears is written under `heardPaths`.
    static func start(autoAnswer: Bool = false, transport: SIPTransportAddress.Transport = .udp,
                      tls: (certificateAndKey: String, ca: String)? = nil, microphone: [Int16] = [],
                      srtp: Bool = false) async throws -> Baresip {
        let directory = try makeTemporaryDirectory("baresip")
        let sipPort = freePort(udp: transport == .udp)
        let controlPort = freePort(udp: false)
        let source = directory.appendingPathComponent("microphone.wav")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sound"), withIntermediateDirectories: true)
        try WAV.pcm16(microphone + [Int16](repeating: 0, count: 120 * 8000), sampleRate: 8000).write(to: source)
        var config = """
            poll_method epoll
            sip_listen 127.0.0.1:\(sipPort)
            audio_source aufile,\(source.path)
            audio_player alsa,null
            audio_alert alsa,null
            snd_path \(directory.appendingPathComponent("sound").path)
            module_path /usr/lib/baresip/modules
            module g711.so
            module aufile.so
            module sndfile.so
            module alsa.so
            module_app account.so
            module_app menu.so
            module_app ctrl_tcp.so
            ctrl_tcp_listen 127.0.0.1:\(controlPort)
            rtp_ports 20000-29999

            """
        if srtp { config += "module srtp.so\n" }
        if let tls {
            config += "sip_certificate \(tls.certificateAndKey)\nsip_cafile \(tls.ca)\n"
        }
        try config.write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        var account = "<sip:caller@127.0.0.1;transport=\(transport.rawValue.lowercased())>;regint=0"
        if autoAnswer { account += ";answermode=auto" }
        if srtp { account += ";mediaenc=srtp-mand" }
        try (account + "\n").write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appendingPathComponent("contacts"), atomically: true, encoding: .utf8)

        let process = try PeerProcess("/usr/bin/baresip", ["-f", directory.path], directory: directory)
        let (messages, continuation) = AsyncStream.makeStream(of: [String: String].self)
        var control: (any Channel)?
        // baresip needs a moment to open its control socket (longer on a loaded machine); retry connecting
        // until it accepts, for up to 20 s.
        for attempt in 0..<400 {
            do {
                control = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(NetstringJSONHandler(continuation: continuation))
                        }
                    }
                    .connect(host: "127.0.0.1", port: controlPort).get()
                break
            } catch {
                if attempt == 399 { throw error }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let control else { throw CocoaError(.fileReadUnknown) }
        return Baresip(directory: directory, sipPort: sipPort, process: process, control: control, messages: messages)
    }

    private init(directory: URL, sipPort: Int, process: PeerProcess, control: any Channel, messages: AsyncStream<[String: String]>) {
        self.directory = directory
        self.sipPort = sipPort
        self.process = process
        self.control = control
        self.messages = messages
    }

    /// The WAV files sndfile wrote of what baresip heard (decoded audio), one per call; complete once the call has closed.
    var heardPaths: [String] {
        let sound = directory.appendingPathComponent("sound")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sound.path)) ?? []
        return names.filter { $0.hasSuffix("-dec.wav") }.sorted().map { sound.appendingPathComponent($0).path }
    }

    /// The port baresip accepts a transport on: libre listens for TLS one above the `sip_listen` port.
    func port(for kind: SIPTransportAddress.Transport) -> Int { kind == .tls ? sipPort + 1 : sipPort }

    /// Sends a ctrl_tcp command such as `dial sip:…` or `hangup`.
    func command(_ name: String, _ parameters: String = "") async throws {
        let json = try JSONSerialization.data(withJSONObject: ["command": name, "params": parameters, "token": name])
        var buffer = control.allocator.buffer(capacity: json.count + 16)
        buffer.writeString("\(json.count):")
        buffer.writeBytes(json)
        buffer.writeString(",")
        try await control.writeAndFlush(buffer).get()
    }

    /// Waits for an event of the given type (`CALL_ESTABLISHED`, `CALL_CLOSED`, `CALL_INCOMING` …).
    func waitForEvent(_ type: String) async -> [String: String]? {
        for await message in messages where message["event"] == "1" || message["event"] == "true" {
            guard message["type"] == type else { continue }
            return message
        }
        return nil
    }

    func stop() async {
        try? await control.close().get()
        await process.stop()
    }
}

/// Decodes netstrings (`len:payload,`) carrying JSON objects.
final class NetstringJSONHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private var pending: [UInt8] = []
    private let continuation: AsyncStream<[String: String]>.Continuation

    init(continuation: AsyncStream<[String: String]>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += unwrapInboundIn(data).readableBytesView
        while let colon = pending.firstIndex(of: UInt8(ascii: ":")),
              let length = Int(String(decoding: pending[..<colon], as: UTF8.self)),
              pending.count >= colon + 1 + length + 1 {
            let payload = Data(pending[(colon + 1)..<(colon + 1 + length)])
            pending.removeFirst(colon + 1 + length + 1)
            // Values flattened to strings so that messages are Sendable: {"event": "true", "type": "CALL_CLOSED", …}.
            if let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] {
                continuation.yield(object.mapValues { "\($0)" })
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
}

/// Minimal PCM WAV writing for peer audio sources.
enum WAV {
    static func silence(seconds: Int, sampleRate: Int = 8000) -> Data {
        pcm16(Array(repeating: 0, count: seconds * sampleRate), sampleRate: sampleRate)
    }

    static func pcm16(_ samples: [Int16], sampleRate: Int) -> Data {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + samples.count * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(1); u32(UInt32(sampleRate)); u32(UInt32(sampleRate * 2)); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(UInt32(samples.count * 2))
        for s in samples { withUnsafeBytes(of: s.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }
}
