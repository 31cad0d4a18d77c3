import Codecs
import RTP
import SDP

/// One call's offer/answer state and our side's SRTP key, with the rule for when the key must change.
struct SessionNegotiation {
    private(set) var offerAnswer: OfferAnswer
    /// Our SRTP master key and salt for the next description we send.
    private(set) var masterKeySalt: [UInt8]
    /// Whether `masterKeySalt` has been agreed for SRTP, so an outbound context may have used it.
    private(set) var keyAgreed = false
    /// The suite of the audio stream as last agreed; `nil` while it is plain RTP.
    private(set) var agreedSuite: CryptoSuite?
    /// Every suite we support, most preferred first.
    let cryptoSuites: [CryptoSuite]
    /// Whether the call's SIP is over TLS, so that SDES keys in our SDP stay secret.
    let secureSignalling: Bool
    /// The codec running, once an exchange has completed.
    var codec: AudioCodec?
    /// Whether this call has logged that its SRTP keys travel in clear.
    private(set) var noticedKeysInClear = false

    init(offerAnswer: OfferAnswer, secureSignalling: Bool) {
        self.offerAnswer = offerAnswer
        self.secureSignalling = secureSignalling
        cryptoSuites = offerAnswer.capabilities.cryptoSuites
        masterKeySalt = Self.randomKey()
    }

    /// A fresh SRTP master key and salt from the system's CSPRNG.
    static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<SRTPProfile.masterKeyAndSaltLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The audio stream the engine runs: the first accepted stream with a codec.
    static func audio(in negotiated: [NegotiatedMedia]) -> NegotiatedMedia? {
        negotiated.first { $0.codec != nil }
    }

    // MARK: Exchanges

    /// Answers an offer with our audio on `port`. Over TLS, SRTP whenever the offer has a key we
    /// support; over clear signalling, only for `RTP/SAVP` and per `clearSignallingSRTP` (RFC 4568
    /// §8.3). A refused offer (`SDPError`, a 488) changes nothing.
    /// - Returns: also whether this answer is the call's first to send our key in clear, for a notice.
    mutating func answer(
        _ offer: SessionDescription, port: Int, clearSignallingSRTP: MediaEngineConfiguration.ClearSignallingSRTP
    ) throws(SDPError) -> (answer: SessionDescription, negotiated: [NegotiatedMedia], keysInClear: Bool) {
        var next = self
        next.offerAnswer.capabilities.srtp = secureSignalling
            ? .optional : .clearSignalling(answeringSAVP: clearSignallingSRTP == .whenRequired)
        next.offerAnswer.capabilities.cryptoSuites = cryptoSuites
        let before = next.offerAnswer
        var (answer, negotiated) = try next.offerAnswer.receiveOffer(
            offer, audio: LocalStream(port: port, masterKeySalt: next.masterKeySalt))
        if let suite = Self.audio(in: negotiated)?.srtp?.suite, next.needsFreshKey(for: suite) {
            // A new suite means a new outbound context, which must not start on a used key.
            next.renewKey()
            next.offerAnswer = before
            (answer, negotiated) = try next.offerAnswer.receiveOffer(
                offer, audio: LocalStream(port: port, masterKeySalt: next.masterKeySalt))
        }
        let srtp = Self.audio(in: negotiated)?.srtp
        next.agreed(srtp)
        let keysInClear = srtp != nil && !secureSignalling && !noticedKeysInClear
        if keysInClear { next.noticedKeysInClear = true }
        self = next
        return (answer, negotiated, keysInClear)
    }

    /// Makes an offer with our audio on `port`; keys only over TLS, shaped by `secureOffer`.
    mutating func offer(
        direction: MediaDirection, port: Int, secureOffer: MediaEngineConfiguration.SecureOfferStyle
    ) -> SessionDescription {
        offerAnswer.capabilities.srtp = switch (secureSignalling, secureOffer) {
        case (false, _): .disabled
        case (true, .mandatory): .required
        case (true, .opportunistic): .optional
        }
        prepareOfferedKey()
        return offerAnswer.makeOffer([.audio(LocalStream(port: port, masterKeySalt: masterKeySalt), direction: direction)])
    }

    /// Reads the answer to our pending offer.
    mutating func receiveAnswer(_ answer: SessionDescription) throws(SDPError) -> [NegotiatedMedia] {
        let negotiated = try offerAnswer.receiveAnswer(answer)
        agreed(Self.audio(in: negotiated)?.srtp)
        return negotiated
    }

    /// Forgets the pending offer; the session stays as last agreed.
    mutating func offerRejected() {
        offerAnswer.offerRejected()
    }

    // MARK: Key rotation

    /// RFC 3711 §9.1: a new outbound context starts its rollover counter and SRTCP index at 0,
    /// so giving it a key that already protected packets repeats keystream. The engine keeps
    /// its outbound context while our key and the suite stay as they are; a key already agreed
    /// may therefore only go on with the suite it runs with.
    private func needsFreshKey(for suite: CryptoSuite) -> Bool {
        keyAgreed && agreedSuite != suite
    }

    /// Draws a new key for the next description.
    private mutating func renewKey() {
        masterKeySalt = Self.randomKey()
        keyAgreed = false
    }

    /// Records the audio stream's SRTP, or its absence, from an exchange that succeeded.
    private mutating func agreed(_ srtp: NegotiatedMedia.SRTP?) {
        agreedSuite = srtp?.suite
        if srtp != nil { keyAgreed = true }
    }

    /// Our offer cannot know the suite the answer picks. While SRTP runs it offers only the
    /// running suite, so key and both contexts go on without a gap; otherwise every suite,
    /// with a new key if the current one has been agreed before.
    private mutating func prepareOfferedKey() {
        if keyAgreed, let agreedSuite {
            offerAnswer.capabilities.cryptoSuites = [agreedSuite]
        } else {
            if keyAgreed { renewKey() }
            offerAnswer.capabilities.cryptoSuites = cryptoSuites
        }
    }
}
