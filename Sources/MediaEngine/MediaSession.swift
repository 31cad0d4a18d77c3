public import Codecs
import Logging
import NIOCore
public import SDP
import Synchronization

/// One call's media, as call flows use it: negotiate, then play, record and collect digits.
///
/// Every operation is async and ends with a typed outcome. Cancelling the task that waits stops
/// the operation (a recording then keeps what it has). `close()` ends the media when the call ends.
public final class MediaSession: Sendable {
    /// The UDP port we receive RTP on.
    public let rtpPort: Int
    /// The UDP port we receive RTCP on (unless RTCP is multiplexed onto the RTP port).
    public let rtcpPort: Int
    /// Digits and tones as they are detected, for observers (flows use `collectDigits`).
    public let events: AsyncStream<MediaEvent>

    let engine: MediaEngine
    let loop: any EventLoop
    let core: NIOLoopBoundBox<MediaSessionCore?>
    private let negotiation: Mutex<SessionNegotiation>
    private let nextOperationID = Atomic<Int>(0)
    private let isClosed = Atomic<Bool>(false)

    init(
        engine: MediaEngine, loop: any EventLoop, core: NIOLoopBoundBox<MediaSessionCore?>, events: AsyncStream<MediaEvent>,
        rtpPort: Int, rtcpPort: Int, secureSignalling: Bool, codecPreference: [AudioCodecKind]?
    ) {
        self.engine = engine
        self.loop = loop
        self.core = core
        self.events = events
        self.rtpPort = rtpPort
        self.rtcpPort = rtcpPort
        let configuration = engine.configuration
        let capabilities = MediaCapabilities(
            codecs: (codecPreference ?? configuration.codecPreference).map(\.sdpCodec),
            telephoneEvent: .init(payloadType: configuration.telephoneEventPayloadType),
            srtp: .optional,
            connectionAddress: Self.connection(for: configuration.advertisedAddress ?? configuration.bindAddress),
            packetTime: configuration.packetTime,
            // RFC 5761: offered and accepted; the RTCP port stays bound for peers that decline it.
            rtcpMultiplexing: true,
            username: "herald", sessionName: "Herald")
        negotiation = Mutex(SessionNegotiation(
            offerAnswer: OfferAnswer(capabilities: capabilities, sessionID: UInt64.random(in: 1...UInt64(Int64.max))),
            secureSignalling: secureSignalling))
    }

    deinit {
        // A session dropped without `close()` still frees its ports and commits a recording in progress.
        guard !isClosed.load(ordering: .relaxed) else { return }
        let core = core
        loop.execute { _ = core.value?.close() }
    }

    private static func connection(for address: String) -> ConnectionData {
        address.contains(":") ? .ip6(address) : .ip4(address)
    }

    /// The codec negotiated, once an offer/answer exchange has completed.
    public var codec: AudioCodec? { negotiation.withLock { $0.codec } }

    // MARK: Offer/answer

    /// Answers an offer (initial or re-INVITE) and starts or updates the media it describes.
    /// Throws `SDPError.notAcceptable` (a 488) when nothing in the offer can be served.
    ///
    /// Over TLS, SRTP is used whenever the offer carries a key we support. Over clear signalling
    /// our key never answers `a=crypto` on `RTP/AVP`; `RTP/SAVP` follows `clearSignallingSRTP`.
    public func answer(_ offer: SessionDescription) async throws -> SessionDescription {
        let policy = engine.configuration.clearSignallingSRTP
        let (answer, negotiated, keysInClear) = try negotiation.withLock { state in
            try state.answer(offer, port: rtpPort, clearSignallingSRTP: policy)
        }
        try await apply(negotiated, noticeKeysInClear: keysInClear)
        return answer
    }

    /// Makes an offer for a call we place (or a re-offer). SRTP keys are offered only over TLS
    /// signalling. A re-offer while SRTP runs keeps our key and offers only the running suite;
    /// after SRTP was dropped it carries a new key (RFC 3711 §9.1, see `SessionNegotiation`).
    public func makeOffer(direction: MediaDirection = .sendrecv) -> SessionDescription {
        let secureOffer = engine.configuration.secureOffer
        return negotiation.withLock { state in
            state.offer(direction: direction, port: rtpPort, secureOffer: secureOffer)
        }
    }

    /// Takes the answer to our offer and starts the media it describes.
    public func receiveAnswer(_ answer: SessionDescription) async throws {
        let negotiated = try negotiation.withLock { state in try state.receiveAnswer(answer) }
        try await apply(negotiated)
    }

    /// Forgets our pending offer after the peer refused it or answered nothing usable: the session
    /// stays as last agreed, and the next description still gets a new `o=` version.
    public func offerRejected() {
        negotiation.withLock { $0.offerRejected() }
    }

    private func apply(_ negotiated: [NegotiatedMedia], noticeKeysInClear: Bool = false) async throws {
        guard let audio = SessionNegotiation.audio(in: negotiated) else { throw MediaError.notNegotiated }
        let setup = try StreamSetup(audio, defaultPacketTime: engine.configuration.packetTime)
        negotiation.withLock { $0.codec = setup.codec }
        let core = core
        try await loop.submit {
            guard let session = core.value else { throw MediaError.sessionClosed }
            if noticeKeysInClear {
                // The peer's choice, made by offering RTP/SAVP over clear SIP: worth an operator's eye.
                session.logger.notice("SRTP keys travel in clear: the peer requires SRTP (RTP/SAVP) over SIP without TLS")
            }
            try session.configure(setup)
        }.get()
    }

    // MARK: Media operations

    /// Plays prompts in order. With `bargeIn`, a keypress stops the playback (and stays in the
    /// type-ahead buffer for the next `collectDigits`); a digit already typed ahead skips it at once.
    public func play(_ prompts: [Prompt], bargeIn: Bool = true) async throws -> PlaybackOutcome {
        guard let codec else { throw MediaError.notNegotiated }
        let samples = try PromptRenderer.render(prompts, sampleRate: codec.sampleRate)
        let id = nextOperationID.add(1, ordering: .relaxed).newValue
        let core = core
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.execute {
                    let playback = Playback(id: id, sampleRate: codec.sampleRate, samples: samples, bargeIn: bargeIn, continuation: continuation)
                    guard let session = core.value else { return continuation.resume(throwing: MediaError.sessionClosed) }
                    session.startPlayback(playback)
                }
            }
        } onCancel: {
            loop.execute { core.value?.cancelPlayback(id: id) }
        }
    }

    /// Collects up to `max` digits, ending early on a terminator. The first digit must come within
    /// `firstDigitTimeout`, each next one within `interDigitTimeout`. Digits typed ahead count.
    public func collectDigits(
        max: Int, terminators: Set<Character> = ["#"], firstDigitTimeout: Duration = .seconds(5),
        interDigitTimeout: Duration = .seconds(3)
    ) async throws -> DigitsOutcome {
        let id = nextOperationID.add(1, ordering: .relaxed).newValue
        let core = core
        let first = TimeAmount.nanoseconds(firstDigitTimeout.nanoseconds)
        let inter = TimeAmount.nanoseconds(interDigitTimeout.nanoseconds)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.execute {
                    let collection = DigitCollection(
                        id: id, maximum: Swift.max(1, max), terminators: terminators, interDigitTimeout: inter,
                        deadline: self.loop.now + first, continuation: continuation)
                    guard let session = core.value else { return continuation.resume(throwing: MediaError.sessionClosed) }
                    session.startCollection(collection)
                }
            }
        } onCancel: {
            loop.execute { core.value?.cancelCollection(id: id) }
        }
    }

    /// Records the caller into a WAV file, streaming it to disk as it arrives (written every
    /// 200 ms, synced every second, so a crash loses at most that). It ends on a stop digit,
    /// after `silenceTimeout` without voice (trailing silence trimmed), at `maxDuration`, when the
    /// task is cancelled or when the session closes — and in every case the audio is kept.
    public func record(
        to path: String, format: RecordingFormat = .pcm16, maxDuration: Duration, silenceTimeout: Duration? = nil,
        stopDigits: Set<Character> = ["#"]
    ) async throws -> RecordingResult {
        guard let codec else { throw MediaError.notNegotiated }
        let rate = format == .pcm16 ? Swift.min(codec.sampleRate, 16000) : 8000
        let encoding: WAVEncoding = switch format {
        case .pcm16: .pcm16
        case .ulaw: .ulaw
        case .alaw: .alaw
        }
        let file = try RecordingFile(path: path, header: WAVHeader(encoding: encoding, sampleRate: rate))
        let id = nextOperationID.add(1, ordering: .relaxed).newValue
        let core = core
        let configuration = engine.configuration
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.execute {
                    let now = self.loop.now
                    guard let session = core.value else { return continuation.resume(throwing: MediaError.sessionClosed) }
                    let recording = ActiveRecording(
                        id: id, file: file, format: format, sampleRate: rate, startedAt: now,
                        maxDuration: .nanoseconds(maxDuration.nanoseconds),
                        silenceTimeout: silenceTimeout.map { .nanoseconds($0.nanoseconds) }, stopDigits: stopDigits,
                        narrowbandStart: session.narrowbandSamplesSeen, continuation: continuation, lastVoiceAt: now,
                        nextWrite: now + .nanoseconds(Int64(configuration.recordingWriteInterval.milliseconds) * 1_000_000),
                        nextSync: now + .nanoseconds(Int64(configuration.recordingSyncInterval.milliseconds) * 1_000_000))
                    session.startRecording(recording)
                }
            }
        } onCancel: {
            loop.execute { core.value?.cancelRecording(id: id) }
        }
    }

    /// Waits until the far end of a two-way (not held) stream has sent neither RTP nor RTCP for the engine's
    /// `mediaTimeout` (it vanished without a BYE), or the call has been on hold for `holdTimeout`, and returns
    /// true; returns false when the session closes or the waiting task is cancelled first. The call's owner then
    /// hangs up.
    public func waitForMediaTimeout() async -> Bool {
        let id = nextOperationID.add(1, ordering: .relaxed).newValue
        let core = core
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.execute {
                    guard let session = core.value else { return continuation.resume(returning: false) }
                    session.waitForMediaTimeout(id: id, continuation)
                }
            }
        } onCancel: {
            loop.execute { core.value?.cancelMediaTimeoutWait(id: id) }
        }
    }

    /// Sends digits to the peer: RFC 4733 events when it accepted telephone-event, tones otherwise.
    public func sendDigits(_ digits: String) async throws {
        let core = core
        try await loop.submit { core.value?.sendDigits(digits) }.get()
    }

    /// Delivers a digit that arrived by SIP INFO into the same stream as RTP and in-band digits.
    public func deliverSIPInfoDigit(_ digit: Character) async throws {
        let core = core
        try await loop.submit { core.value?.deliverDigit(digit, source: .sipInfo, sampleOffset: nil) }.get()
    }

    /// Forgets digits typed ahead.
    public func flushDigits() async throws {
        let core = core
        try await loop.submit { core.value?.flushTypeAhead() }.get()
    }

    /// The media statistics now.
    public func statistics() async throws -> MediaStatistics {
        let core = core
        return try await loop.submit {
            guard let session = core.value else { throw MediaError.sessionClosed }
            return session.statistics()
        }.get()
    }

    /// Ends the media: an active recording is completed with what was heard, waiting operations
    /// end with `MediaError.sessionClosed`, RTCP BYE is sent and the ports are released.
    public func close() async {
        isClosed.store(true, ordering: .relaxed)
        let core = core
        let loop = loop
        try? await loop.flatSubmit {
            guard let session = core.value else { return loop.makeSucceededVoidFuture() }
            return session.close().always { _ in core.value = nil }
        }.get()
    }
}

extension Duration {
    /// The duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
